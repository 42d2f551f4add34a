import Ajv, { type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';

/**
 * The one ajv instance: JSON types as they are (no coercion, no defaults written, nothing
 * removed), every problem reported, and two keywords of ours that OpenAPI shows as extensions:
 * `x-maxUtf8Bytes` (a byte bound, for strings whose characters may be longer than one byte; it
 * also refuses lone UTF-16 surrogates, which have no UTF-8 form) and `x-charset` (the words a
 * `pattern` error uses). Patterns are compiled with the `u` flag, so a lone surrogate never
 * matches an ASCII character class either.
 */
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

/** The compiled check of a schema, compiled once (ajv generates a function per schema). */
export function validatorFor(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
