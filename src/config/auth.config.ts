import { createPublicKey, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { configNamespace } from './config-namespace';
import {
  anyText,
  type EnvReader,
  integer,
  listOf,
  printable,
  type Rule,
  splitList,
  urlWith,
} from './env.validation';
import { refuseExampleValue } from './example-values';
import {
  algorithmsForKey,
  DEFAULT_ASYMMETRIC_ALGORITHMS,
  HMAC_MIN_SECRET_BYTES,
  isHmacAlgorithm,
  isJwtAlgorithm,
  JWT_ALGORITHMS,
  type JwtAlgorithm,
} from './jwt-algorithms';

/** Development defaults for the pinned `iss` / `aud`; production must set both. */
export const DEV_JWT_ISSUER = 'agora-token-authority-dev';
export const DEV_JWT_AUDIENCE = 'agora-token-authority';

/** Where caller JWT verification keys come from: exactly one source per deployment. */
export type CallerKeySource =
  /** HMAC key. A KeyObject: jsonwebtoken re-parses a string secret on every verify. */
  | { readonly kind: 'secret'; readonly key: KeyObject; readonly generated: boolean }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | {
      readonly kind: 'jwks';
      readonly url: string;
      /** `AUTH_JWKS_TIMEOUT_MS` (one fetch, body included), default 2000. */
      readonly timeoutMs: number;
      /** `AUTH_JWKS_COOLDOWN_SECONDS` (between two fetches), default 30. */
      readonly cooldownSeconds: number;
      /** `AUTH_JWKS_MAX_BYTES`, default 65536. */
      readonly maxBytes: number;
      /** `AUTH_JWKS_CACHE_TTL_SECONDS`: age after which the next lookup refetches first. Default 600. */
      readonly cacheTtlSeconds: number;
      /** `AUTH_JWKS_MAX_STALE_SECONDS`: longest use of keys after the last good fetch. Default 86400. */
      readonly maxStaleSeconds: number;
    };

/** Accepted `typ` headers, as `jwtTypeKey()` normalises them. */
export interface JwtTypes {
  /** `absent` listed: a token without `typ` is accepted. */
  readonly absent: boolean;
  readonly values: ReadonlySet<string>;
}

/** `AUTH_JWT_TYPES` when unset: no `typ`, `JWT` (RFC 7519) or `at+jwt` (RFC 9068). */
export const DEFAULT_JWT_TYPES = 'absent,JWT,at+jwt';

/**
 * A `typ` value as compared: media types are case-insensitive, and `application/` may be left out
 * (RFC 7515 §4.1.9), so `JWT`, `jwt` and `application/jwt` are the same type.
 */
export function jwtTypeKey(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

export type JwksSource = Extract<CallerKeySource, { kind: 'jwks' }>;

export interface AuthConfig {
  /** `AUTH_JWT_SECRET` | `AUTH_JWKS_URL` | `AUTH_JWT_PUBLIC_KEY`, or a generated dev secret. */
  readonly keys: CallerKeySource;
  /** `AUTH_JWT_ALGORITHMS`: accepted `alg` values; never `none`, never HS* with public keys. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** `AUTH_JWT_ISSUER`: required `iss`. */
  readonly issuer: string;
  /** `AUTH_JWT_AUDIENCE`: required `aud` (one of the token's audiences). */
  readonly audience: string;
  /** `AUTH_CLOCK_TOLERANCE_SECONDS`: leeway for `exp`, `nbf` and `iat`. Default 30. */
  readonly clockToleranceSeconds: number;
  /** `AUTH_MAX_JWT_LIFETIME_SECONDS`: longest `exp - iat` accepted. Default 86400. */
  readonly maxJwtLifetimeSeconds: number;
  /** `AUTH_JWT_TYPES`: accepted `typ` headers (RFC 8725 §3.11). Default `absent,JWT,at+jwt`. */
  readonly types: JwtTypes;
}

const KEY_VARIABLES = ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY'] as const;
const PLACEHOLDER_SECRET = /change-?me|placeholder|example|secret-?here/i;

/** An `AUTH_JWT_TYPES` item: `absent`, or a media type (RFC 6838 names) with or without `application/`. */
const JWT_TYPE_ITEM =
  /^(absent|[A-Za-z0-9][\w!#$&^.+-]{0,126}(\/[A-Za-z0-9][\w!#$&^.+-]{0,126})?)$/;

/**
 * A PEM public key a JWS algorithm can verify with: RSA >= 2048 bits, EC P-256/384/521 (no
 * Ed25519/Ed448: jsonwebtoken has no EdDSA). Private keys are refused outright rather than
 * silently reduced to their public half.
 * Literal `\n` escapes, as env files often carry them, are accepted.
 */
const PUBLIC_KEY_PEM: Rule<KeyObject> = {
  message:
    'must be a PEM public key (-----BEGIN PUBLIC KEY-----): RSA >= 2048 bits, EC P-256/P-384/P-521; never a private key',
  parse: (text) => {
    const pem = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
    if (!pem.includes('-----BEGIN') || /PRIVATE KEY/.test(pem)) {
      return undefined;
    }
    try {
      const key = createPublicKey({ key: pem, format: 'pem' });
      return algorithmsForKey(key).length > 0 ? key : undefined;
    } catch {
      return undefined;
    }
  },
};

export const authConfig = configNamespace('auth', (env): AuthConfig => {
  const secret = env.secret('AUTH_JWT_SECRET', anyText);
  const jwksUrl = env.get('AUTH_JWKS_URL', urlWith(['https:', 'http:']));
  const publicKey = env.secret('AUTH_JWT_PUBLIC_KEY', PUBLIC_KEY_PEM);
  const jwks = {
    timeoutMs: env.get('AUTH_JWKS_TIMEOUT_MS', integer(100, 30_000)) ?? 2000,
    cooldownSeconds: env.get('AUTH_JWKS_COOLDOWN_SECONDS', integer(1, 3600)) ?? 30,
    maxBytes: env.get('AUTH_JWKS_MAX_BYTES', integer(1024, 1_048_576)) ?? 64 * 1024,
    cacheTtlSeconds: env.get('AUTH_JWKS_CACHE_TTL_SECONDS', integer(1, 86_400)) ?? 600,
    maxStaleSeconds: env.get('AUTH_JWKS_MAX_STALE_SECONDS', integer(1, 604_800)) ?? 86_400,
  };
  const types = env.get(
    'AUTH_JWT_TYPES',
    listOf((item) => JWT_TYPE_ITEM.test(item), 'is "absent" or a media type such as JWT or at+jwt'),
  );
  const issuer = env.get('AUTH_JWT_ISSUER', printable(1024));
  const audience = env.get('AUTH_JWT_AUDIENCE', printable(1024));
  const algorithmList = env.get('AUTH_JWT_ALGORITHMS', anyText);
  const clockToleranceSeconds = env.get('AUTH_CLOCK_TOLERANCE_SECONDS', integer(0, 300)) ?? 30;
  const maxJwtLifetimeSeconds =
    env.get('AUTH_MAX_JWT_LIFETIME_SECONDS', integer(60, 2_592_000)) ?? 86_400;

  const keysSet = KEY_VARIABLES.filter((name) => env.isSet(name));
  if (keysSet.length === 0 && env.production) {
    env.issue(KEY_VARIABLES.join(' / '), 'one of them is required when NODE_ENV=production');
  }
  if (env.production) {
    if (issuer === undefined && env.valid('AUTH_JWT_ISSUER')) {
      env.issue('AUTH_JWT_ISSUER', 'is required when NODE_ENV=production');
    }
    if (audience === undefined && env.valid('AUTH_JWT_AUDIENCE')) {
      env.issue('AUTH_JWT_AUDIENCE', 'is required when NODE_ENV=production');
    }
  }
  let algorithms: JwtAlgorithm[] = [];
  if (keysSet.length > 1) {
    env.issue(keysSet.join(', '), `set exactly one of ${KEY_VARIABLES.join(', ')}`);
  } else {
    // No key variable at all (development): a generated HS256 secret will be used.
    algorithms = checkAlgorithms(env, algorithmList, env.isSet('AUTH_JWT_SECRET') || !keysSet[0]);
    checkKeys(env, { secret, publicKey, jwksUrl, algorithms });
  }
  const keys = keySource(
    secret,
    publicKey,
    jwksUrl === undefined ? undefined : { kind: 'jwks', url: jwksUrl, ...jwks },
  );
  return {
    keys,
    algorithms: algorithmList === undefined ? defaultAlgorithms(keys) : algorithms,
    issuer: issuer ?? DEV_JWT_ISSUER,
    audience: audience ?? DEV_JWT_AUDIENCE,
    clockToleranceSeconds,
    maxJwtLifetimeSeconds,
    types: jwtTypes(types ?? splitList(DEFAULT_JWT_TYPES)),
  };
});

function jwtTypes(items: readonly string[]): JwtTypes {
  return {
    absent: items.includes('absent'),
    values: new Set(items.filter((item) => item !== 'absent').map(jwtTypeKey)),
  };
}

function keySource(
  secret: string | undefined,
  publicKey: KeyObject | undefined,
  jwks: CallerKeySource | undefined,
): CallerKeySource {
  if (jwks) {
    return jwks;
  }
  if (publicKey) {
    return { kind: 'public-key', key: publicKey };
  }
  // None in production is an issue; elsewhere a random secret (development credentials may
  // replace it with the stored one, see dev-credentials.ts).
  const generated = secret === undefined;
  const text = secret ?? randomBytes(32).toString('base64url');
  return { kind: 'secret', key: createSecretKey(Buffer.from(text, 'utf8')), generated };
}

function checkKeys(
  env: EnvReader,
  keys: { secret?: string; publicKey?: KeyObject; jwksUrl?: string; algorithms: JwtAlgorithm[] },
): void {
  const { secret, publicKey, jwksUrl, algorithms } = keys;
  if (secret !== undefined) {
    const needed = Math.max(
      HMAC_MIN_SECRET_BYTES.HS256,
      ...algorithms.filter(isHmacAlgorithm).map((alg) => HMAC_MIN_SECRET_BYTES[alg]),
    );
    if (Buffer.byteLength(secret, 'utf8') < needed) {
      env.issue(
        'AUTH_JWT_SECRET',
        `must be at least ${needed} bytes for the configured algorithms`,
      );
    }
    if (env.production && !refuseExampleValue(env, 'AUTH_JWT_SECRET', secret)) {
      if (PLACEHOLDER_SECRET.test(secret)) {
        env.issue('AUTH_JWT_SECRET', 'looks like a placeholder; use at least 32 random bytes');
      }
    }
  }
  if (publicKey !== undefined) {
    const usable: readonly string[] = algorithmsForKey(publicKey);
    const unusable = algorithms.filter((alg) => !usable.includes(alg));
    if (unusable.length > 0) {
      env.issue(
        'AUTH_JWT_ALGORITHMS',
        `${unusable.join(', ')} cannot be verified with AUTH_JWT_PUBLIC_KEY`,
      );
    }
  }
  if (jwksUrl !== undefined) {
    const url = new URL(jwksUrl);
    if (url.protocol === 'http:' && env.production && !isLoopback(url.hostname)) {
      env.issue(
        'AUTH_JWKS_URL',
        'must use https (http is allowed only for loopback hosts in production)',
      );
    }
    if (url.username !== '' || url.password !== '') {
      env.issue('AUTH_JWKS_URL', 'must not carry credentials');
    }
  }
}

/** Parses AUTH_JWT_ALGORITHMS (if set) against the key kind; returns the valid algorithms. */
function checkAlgorithms(env: EnvReader, value: string | undefined, hmac: boolean): JwtAlgorithm[] {
  if (value === undefined) {
    return [];
  }
  const items = splitList(value);
  const fail = (message: string): JwtAlgorithm[] => {
    env.issue('AUTH_JWT_ALGORITHMS', message);
    return [];
  };
  if (items.some((item) => item.toLowerCase() === 'none')) {
    return fail('"none" is never allowed');
  }
  const unknown = items.filter((item) => !isJwtAlgorithm(item));
  if (unknown.length > 0) {
    return fail(
      `has ${unknown.length} unsupported item(s); supported: ${JWT_ALGORITHMS.join(', ')}`,
    );
  }
  const hmacItems = items.filter(isHmacAlgorithm);
  if (hmacItems.length > 0 && hmacItems.length < items.length) {
    return fail('must not mix HS* with public-key algorithms');
  }
  if (hmac && hmacItems.length === 0) {
    return fail('must be HS256/HS384/HS512 with a shared secret');
  }
  if (!hmac && hmacItems.length > 0) {
    return fail('must be public-key algorithms with AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY');
  }
  return items as JwtAlgorithm[];
}

function defaultAlgorithms(keys: CallerKeySource): JwtAlgorithm[] {
  switch (keys.kind) {
    case 'secret':
      return ['HS256'];
    case 'public-key':
      // One key verifies one family; offer exactly the algorithm that fits it.
      return algorithmsForKey(keys.key).slice(0, 1);
    case 'jwks':
      return [...DEFAULT_ASYMMETRIC_ALGORITHMS];
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost' || host === '::1') {
    return true;
  }
  return isIP(host) === 4 && host.startsWith('127.');
}
