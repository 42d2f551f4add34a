import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiException } from './api-error';

/**
 * The global ValidationPipe (design §5): unknown fields rejected, no type coercion (`""`, `null`,
 * `false` are never 0), errors as 400 `VALIDATION_FAILED` with one message per field problem.
 */
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // The error objects never carry the rejected values or the DTO instance.
      validationError: { target: false, value: false },
    });
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) =>
      new ApiException(400, 'VALIDATION_FAILED', this.flattenValidationErrors(errors));
  }
}
