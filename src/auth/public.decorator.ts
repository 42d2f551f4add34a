import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC_KEY = 'isPublic';
/** OpenAPI extension `buildOpenApiDocument()` turns into `security: []`, then removes. */
export const PUBLIC_OPERATION_EXTENSION = 'x-public';

/** Opts a route (or a controller) out of the global JWT guard and out of OpenAPI security. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
