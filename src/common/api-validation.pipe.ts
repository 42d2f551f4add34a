import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiException } from './api-error';
import { schemaDtoOf, schemaDtos } from './schema-dto';
import { validatorFor } from './schema-validator';
import { validationMessages } from './validation-messages';

/**
 * The global pipe: a parameter whose type is a schema DTO (src/common/schema-dto.ts) is checked
 * by that DTO's compiled JSON Schema and passed on as parsed, untouched; a failure is 400
 * `VALIDATION_FAILED` with one message per problem. Pipes run after the guards, so only
 * authenticated callers reach it. Custom parameter decorators (`@CurrentSession()`) pass as they
 * are; any other parameter without a schema is a programming error, refused loudly.
 */
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
