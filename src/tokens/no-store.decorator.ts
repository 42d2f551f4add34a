import { applyDecorators, Header } from '@nestjs/common';

/** A token is a bearer credential: no cache (shared or private, HTTP/1.0 included) may keep it. */
export const NoStore = () =>
  applyDecorators(Header('Cache-Control', 'no-store'), Header('Pragma', 'no-cache'));
