import { buildAccessToken2 } from './access-token2';
import { tokenSpecFromJson, type TokenSpec007 } from './token-spec';

export type TokenSpec = TokenSpec007;

/**
 * Builds a token from its JSON spec (design §9). The spec is validated as untrusted input:
 * unknown fields, wrong types and bad values are `TokenError`s, never a partial token.
 */
export function buildToken(spec: TokenSpec | unknown): string {
  const valid = tokenSpecFromJson(spec);
  return buildAccessToken2({
    appId: valid.appId,
    appCertificate: valid.appCertificate,
    issuedAt: valid.issuedAt,
    expire: valid.expire,
    salt: valid.salt,
    compression: valid.compression,
    services: valid.serviceList,
  });
}
