import { type AuthConfig, jwtTypeKey } from '../config/auth.config';
import { type ChannelTemplate, FORBIDDEN_CLAIM_NAMES } from '../config/channel-template';
import type { PolicyConfig } from '../config/policy.config';
import { UINT32_MAX } from '../agora-token';
import { isRecord } from '../common/is-record';
import type { AppSession, SessionBinding } from './app-session';
import { AuthRejection } from './auth-rejection';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
// ignoreBOM: a BOM stays in the text, and JSON.parse refuses it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Strict shape first (RFC 7519 §7.2): jsonwebtoken decodes leniently (`ali\xFFce` would read as
// another name) and cannot say why a token failed.
export function readJwtHeader(token: string): Readonly<Record<string, unknown>> {
  const [header, payload, signature, extra] = token.split('.');
  if (signature === undefined || extra !== undefined) {
    throw new AuthRejection('MALFORMED', 'not a compact JWS (three segments)');
  }
  jsonSegment(payload, 'payload');
  return jsonSegment(header, 'header');
}

function jsonSegment(segment: string | undefined, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    if (segment !== undefined && BASE64URL.test(segment)) {
      value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
    }
  } catch {
    value = undefined;
  }
  if (!isRecord(value)) {
    throw new AuthRejection('MALFORMED', `${name} is not a base64url UTF-8 JSON object`);
  }
  return value;
}

export type ClaimRules = Pick<
  AuthConfig,
  'issuer' | 'audience' | 'clockToleranceSeconds' | 'maxJwtLifetimeSeconds' | 'types'
>;

/** A payload that passed `checkCallerJwt`: read other claims with `ownClaim()`. */
export type CallerClaims = Readonly<
  Record<string, unknown> & { iss: string; sub: string; exp: number }
>;

/** Every rule on a verified `{ header, payload }`, each checked once, here, with its own code. */
export function checkCallerJwt(decoded: unknown, rules: ClaimRules, nowSeconds: number) {
  if (!isRecord(decoded) || !isRecord(decoded.header) || !isRecord(decoded.payload)) {
    throw new AuthRejection('MALFORMED', 'payload is not a JSON object');
  }
  const typ = ownClaim(decoded.header, 'typ');
  const listed = typeof typ === 'string' && rules.types.values.has(jwtTypeKey(typ));
  if (typ === undefined ? !rules.types.absent : !listed) {
    // RFC 8725 §3.11: a token typed as another kind (`id_token+jwt`, `refresh+jwt`...) is refused.
    throw new AuthRejection('WRONG_TYPE', 'typ is not in AUTH_JWT_TYPES');
  }
  if (Object.hasOwn(decoded.header, 'crit')) {
    // RFC 7515 §4.1.11: we understand no extensions, so a critical one must be refused.
    throw new AuthRejection('CRITICAL_HEADER', 'crit header not supported');
  }
  const claims = decoded.payload;
  for (const name of FORBIDDEN_CLAIM_NAMES) {
    if (Object.hasOwn(claims, name)) {
      throw new AuthRejection('FORBIDDEN_CLAIM', `forbidden claim name ${name}`);
    }
  }
  const tolerance = rules.clockToleranceSeconds;
  const exp = timeClaim(claims, 'exp');
  const nbf = timeClaim(claims, 'nbf');
  const iat = timeClaim(claims, 'iat');
  if (exp === undefined) {
    throw new AuthRejection('MISSING_CLAIM', 'exp missing');
  }
  if (nowSeconds >= exp + tolerance) {
    throw new AuthRejection('TOKEN_EXPIRED', 'expired');
  }
  if (nbf !== undefined && nbf > nowSeconds + tolerance) {
    throw new AuthRejection('NOT_YET_VALID', 'nbf in the future');
  }
  if (iat !== undefined && iat > nowSeconds + tolerance) {
    throw new AuthRejection('ISSUED_IN_FUTURE', 'iat in the future');
  }
  if (exp - (iat ?? nowSeconds) > rules.maxJwtLifetimeSeconds) {
    throw new AuthRejection('LIFETIME_TOO_LONG', 'lifetime exceeds AUTH_MAX_JWT_LIFETIME_SECONDS');
  }
  if (ownClaim(claims, 'iss') !== rules.issuer) {
    throw new AuthRejection('WRONG_ISSUER', 'iss missing or not the configured issuer');
  }
  const aud = ownClaim(claims, 'aud');
  if (!(Array.isArray(aud) ? (aud as unknown[]) : [aud]).includes(rules.audience)) {
    throw new AuthRejection('WRONG_AUDIENCE', 'aud does not include the configured audience');
  }
  const sub = ownClaim(claims, 'sub');
  if (typeof sub !== 'string' || sub === '') {
    throw new AuthRejection('MISSING_CLAIM', 'sub missing or not a non-empty string');
  }
  return claims as CallerClaims;
}

/** A claim the payload itself carries; never one inherited from `Object.prototype`. */
export function ownClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

function timeClaim(claims: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = ownClaim(claims, name);
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new AuthRejection('MALFORMED', `${name} is not a number`);
  }
  return value;
}

export type ClaimMapping = Pick<PolicyConfig, 'claims' | 'channelTemplates'>;

const invalid = (claim: string, rule: string) =>
  new AuthRejection('INVALID_CLAIM', `${claim} claim is not ${rule}`);

/** The session from checked claims; one present but malformed is refused, never ignored. */
export function sessionFromClaims(claims: CallerClaims, mapping: ClaimMapping): AppSession {
  const { iss: issuer, sub: subject } = claims;
  const names = mapping.claims;
  const binding: SessionBinding = {};
  const uid = ownClaim(claims, names.uid);
  if (uid !== undefined) {
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 1 || uid > UINT32_MAX) {
      throw invalid(names.uid, `an integer from 1 to ${UINT32_MAX}`);
    }
    binding.uid = uid;
  }
  const account = ownClaim(claims, names.account);
  binding.account = typeof account === 'string' && account !== '' ? account : subject;
  return {
    issuer,
    subject,
    // iss is the pinned AUTH_JWT_ISSUER, which validation keeps free of control characters, so the
    // first newline always separates the two parts.
    principal: `${issuer}\n${subject}`,
    kind: ownClaim(claims, names.kind) === 'service' ? 'service' : 'user',
    scopes: scopesFrom(claims),
    binding,
    channelGrants: Object.freeze(channelGrantsFrom(claims, mapping)),
    expiresAt: claims.exp,
  };
}

/** `scope` (space-separated, RFC 8693), `scp` and `permissions` (arrays, or strings: Azure AD). */
function scopesFrom(claims: CallerClaims): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const name of ['scope', 'scp', 'permissions']) {
    const value = ownClaim(claims, name);
    if (value === undefined) {
      continue;
    }
    const items = typeof value === 'string' ? value.split(' ') : value;
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
      throw invalid(name, 'a string or an array of strings');
    }
    for (const item of items) {
      if (item !== '') {
        scopes.add(item);
      }
    }
  }
  return scopes;
}

function channelGrantsFrom(claims: CallerClaims, mapping: ClaimMapping): string[] {
  const name = mapping.claims.channels;
  const listed = ownClaim(claims, name);
  if (listed !== undefined && (!Array.isArray(listed) || !listed.every(isGrant))) {
    throw invalid(name, 'an array of channel names or prefix* patterns');
  }
  const grants = new Set<string>(listed);
  for (const template of mapping.channelTemplates) {
    const grant = expandTemplate(template, claims);
    if (grant !== undefined) {
      grants.add(grant);
    }
  }
  return [...grants];
}

/** A non-empty string whose only `*`, if any, is the last character. */
function isGrant(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.slice(0, -1).includes('*');
}

/** Undefined when a claim is missing, empty, not a string or finite number, or contains `*`. */
export function expandTemplate(template: ChannelTemplate, claims: CallerClaims) {
  let grant = '';
  for (const part of template.parts) {
    if ('literal' in part) {
      grant += part.literal;
      continue;
    }
    const value = ownClaim(claims, part.claim);
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string' || text === '' || text.includes('*')) {
      return undefined;
    }
    grant += text;
  }
  return grant;
}
