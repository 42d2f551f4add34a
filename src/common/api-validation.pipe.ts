import {
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { ApiException } from './api-error';
import { ValidationFastPath } from './validation-fast-path';

/**
 * Design §5: unknown fields rejected, no type coercion (`""`, `null`, `false` are never 0), and
 * the error objects never carry the rejected values or the DTO instance.
 */
export const API_VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
};

/**
 * The global ValidationPipe: errors as 400 `VALIDATION_FAILED` with one message per field problem.
 * Valid bodies take a fast path that yields the same DTO as Nest's pipe at a fraction of the cost;
 * everything else (every error) goes through Nest's pipe unchanged.
 */
export class ApiValidationPipe extends ValidationPipe {
  private readonly fastPath = new ValidationFastPath(API_VALIDATION_OPTIONS);

  constructor() {
    super(API_VALIDATION_OPTIONS);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest leaves custom decorators (`@CurrentSession()`, ...) alone: so does the fast path.
    const dto =
      metadata.type === 'custom' ? undefined : this.fastPath.tryTransform(metadata.metatype, value);
    return dto ?? (await super.transform(value, metadata));
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) =>
      new ApiException(400, 'VALIDATION_FAILED', this.flattenValidationErrors(errors));
  }
}
