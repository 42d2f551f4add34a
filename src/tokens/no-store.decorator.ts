import { Header } from '@nestjs/common';

/**
 * A token is a bearer credential: no cache, shared or private, may keep it. (`Pragma` is not sent:
 * RFC 9111 deprecates it, and every HTTP/1.1 cache obeys Cache-Control.)
 */
export const NoStore = () => Header('Cache-Control', 'no-store');
