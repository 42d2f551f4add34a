import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ValidateFunction } from 'ajv';
import { ApiException } from './api-error';
import { schemaDtoOf, schemaDtos } from './schema-dto';
import { validationMessages } from './validation-messages';

// Our keywords: `x-maxUtf8Bytes` (a byte bound refusing lone surrogates) and `x-charset` (the words
// of a `pattern` error). Patterns get the `u` flag: a lone surrogate never matches an ASCII class.
const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  unicodeRegExp: true,
  strict: true,
  // `oneOf: [{ required: ['uid'] }, ...]` names properties declared beside it, not inside.
  strictRequired: false,
});
ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'object', 'array'] });
ajv.addKeyword({ keyword: 'x-charset', schemaType: 'string' });
ajv.addKeyword({
  keyword: 'x-maxUtf8Bytes',
  type: 'string',
  schemaType: 'number',
  validate: (max: number, data: string) => data.isWellFormed() && Buffer.byteLength(data) <= max,
});

const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorFor(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The global pipe: schema DTO parameters checked (else 400 `VALIDATION_FAILED`), others as is. */
export class ApiValidationPipe implements PipeTransform {
  constructor() {
    // Compiled at boot: a schema ajv cannot compile stops the start, not a request.
    for (const dto of schemaDtos().values()) {
      validatorFor(dto.schema);
    }
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') {
      return value;
    }
    const dto = schemaDtoOf(metadata.metatype);
    if (!dto) {
      throw new Error(`${metadata.type} parameter ${metadata.data ?? ''} has no schema DTO type`);
    }
    const validate = validatorFor(dto.schema);
    if (!validate(value)) {
      throw new ApiException(400, 'VALIDATION_FAILED', validationMessages(validate.errors ?? []));
    }
    return value;
  }
}
