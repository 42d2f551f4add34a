import { isUtf8 } from 'node:buffer';
import { AuthRejection } from './auth-rejection';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the header of a compact JWS before its key is looked up, and checks the token's shape
 * strictly: three segments, base64url header and payload, both valid UTF-8 (RFC 7519 §7.2), the
 * header a JSON object. jsonwebtoken decodes segments leniently (invalid UTF-8 becomes U+FFFD, so
 * a signed `ali\xFFce` would read as another name); this is the one check it cannot do for us.
 * Throws `AuthRejection('MALFORMED')`.
 */
export function readJwtHeader(token: string): Readonly<Record<string, unknown>> {
  const [header, payload, signature, extra] = token.split('.');
  if (
    header === undefined ||
    payload === undefined ||
    signature === undefined ||
    extra !== undefined ||
    !BASE64URL.test(header) ||
    !BASE64URL.test(payload) ||
    !isUtf8(Buffer.from(payload, 'base64url'))
  ) {
    throw new AuthRejection('MALFORMED', 'not a compact JWS with a UTF-8 payload');
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(header, 'base64url')));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuthRejection('MALFORMED', 'header is not a UTF-8 JSON object');
  }
  return value as Record<string, unknown>;
}
