import { AuthRejection } from './auth-rejection';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
// ignoreBOM: a BOM stays in the text, and JSON.parse refuses it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads the header of a compact JWS before its key is looked up, and checks the token's shape
 * strictly: three segments, header and payload base64url JSON objects in valid UTF-8 (RFC 7519
 * §7.2). jsonwebtoken decodes leniently (invalid UTF-8 becomes U+FFFD, so a signed `ali\xFFce`
 * would read as another name) and cannot say why a token failed; after this check, the only
 * thing it can refuse is the signature. Throws `AuthRejection('MALFORMED')`.
 */
export function readJwtHeader(token: string): Readonly<Record<string, unknown>> {
  const [header, payload, signature, extra] = token.split('.');
  if (signature === undefined || extra !== undefined) {
    throw new AuthRejection('MALFORMED', 'not a compact JWS (three segments)');
  }
  jsonObject(payload, 'payload');
  return jsonObject(header, 'header');
}

function jsonObject(segment: string | undefined, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    if (segment !== undefined && BASE64URL.test(segment)) {
      value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
    }
  } catch {
    value = undefined;
  }
  if (!isJsonObject(value)) {
    throw new AuthRejection('MALFORMED', `${name} is not a base64url UTF-8 JSON object`);
  }
  return value;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
