import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { reasonPhrase } from './api-error';
import { ErrorResponseDto } from './dto/error-response.dto';

/** Documents error responses of a route, all with the `ErrorResponseDto` body. */
export const ApiErrorResponses = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: reasonPhrase(status), type: ErrorResponseDto }),
    ),
  );
