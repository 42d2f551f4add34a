import { createPublicKey, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConfigType } from '@nestjs/config';
import {
  anyText,
  configNamespace,
  type EnvReader,
  integer,
  listOf,
  printable,
  type Rule,
  splitList,
  urlWith,
} from './env.validation';

const PSS_ALGORITHMS = ['PS256', 'PS384', 'PS512'] as const;
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', ...PSS_ALGORITHMS] as const;
const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', ...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512'];

export type AsymmetricAlgorithm = (typeof RSA_ALGORITHMS)[number] | 'ES256' | 'ES384' | 'ES512';
type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512' | AsymmetricAlgorithm;

const EC_CURVE_ALGORITHM: Readonly<Record<string, AsymmetricAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
const HMAC_MIN_SECRET_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** JWS algorithms a key verifies: none for secret, EdDSA, X25519/X448, secp256k1, RSA < 2048. */
export function algorithmsForKey(key: KeyObject): AsymmetricAlgorithm[] {
  const { modulusLength = 0, namedCurve = '' } = key.asymmetricKeyDetails ?? {};
  const type = key.type === 'public' ? key.asymmetricKeyType : undefined;
  if ((type === 'rsa' || type === 'rsa-pss') && modulusLength >= 2048) {
    return [...(type === 'rsa' ? RSA_ALGORITHMS : PSS_ALGORITHMS)];
  }
  const alg = type === 'ec' ? EC_CURVE_ALGORITHM[namedCurve] : undefined;
  return alg ? [alg] : [];
}

/** Development defaults for the pinned `iss` / `aud`; production must set both. */
export const DEV_JWT_ISSUER = 'agora-token-authority-dev';
export const DEV_JWT_AUDIENCE = 'agora-token-authority';

/** `AUTH_JWT_TYPES` when unset: no `typ`, `JWT` (RFC 7519) or `at+jwt` (RFC 9068). */
export const DEFAULT_JWT_TYPES = 'absent,JWT,at+jwt';

/** Media types are case-insensitive and `application/` may be left out (RFC 7515 §4.1.9). */
export function jwtTypeKey(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Where caller JWT verification keys come from: exactly one source per deployment. */
export type CallerKeySource =
  /** A KeyObject: jsonwebtoken re-parses a string secret on every verify. */
  | { readonly kind: 'secret'; readonly key: KeyObject; readonly generated: boolean }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | JwksSource;

type JwksSetting =
  'timeoutMs' | 'cooldownSeconds' | 'maxBytes' | 'cacheTtlSeconds' | 'maxStaleSeconds';
export type JwksSource = Readonly<{ kind: 'jwks'; url: string } & Record<JwksSetting, number>>;

const KEY_VARIABLES = ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY'] as const;

/** `absent`, or a media type (RFC 6838 names) with or without `application/`. */
const JWT_TYPES = listOf(
  (item) =>
    /^(absent|[A-Za-z0-9][\w!#$&^.+-]{0,126}(\/[A-Za-z0-9][\w!#$&^.+-]{0,126})?)$/.test(item),
  'is "absent" or a media type such as JWT or at+jwt',
);

/** Private keys are refused rather than reduced to their public half; `\n` escapes are newlines. */
const PUBLIC_KEY_PEM: Rule<KeyObject> = {
  message:
    'must be a PEM public key (-----BEGIN PUBLIC KEY-----): RSA >= 2048 bits, EC P-256/P-384/P-521; never a private key',
  parse: (text) => {
    const pem = text.replace(/\\n/g, '\n');
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

export const authConfig = configNamespace('auth', (env) => {
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
  const types = env.get('AUTH_JWT_TYPES', JWT_TYPES) ?? splitList(DEFAULT_JWT_TYPES);
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
  if (env.production && issuer === undefined && env.valid('AUTH_JWT_ISSUER')) {
    env.issue('AUTH_JWT_ISSUER', 'is required when NODE_ENV=production');
  }
  if (env.production && audience === undefined && env.valid('AUTH_JWT_AUDIENCE')) {
    env.issue('AUTH_JWT_AUDIENCE', 'is required when NODE_ENV=production');
  }
  if (keysSet.length > 1) {
    env.issue(keysSet.join(', '), `set exactly one of ${KEY_VARIABLES.join(', ')}`);
  }
  // Key rules apply to one key source; none at all (development) means a generated HS256 secret.
  const single = keysSet.length <= 1;
  const hmac = env.isSet('AUTH_JWT_SECRET') || keysSet.length === 0;
  const algorithms =
    single && algorithmList !== undefined ? checkAlgorithms(env, algorithmList, hmac) : [];
  const needed = Math.max(32, ...algorithms.map((alg) => HMAC_MIN_SECRET_BYTES[alg] ?? 0));
  if (single && secret !== undefined && Buffer.byteLength(secret, 'utf8') < needed) {
    env.issue('AUTH_JWT_SECRET', `must be at least ${needed} bytes for the configured algorithms`);
  }
  if (single && secret !== undefined && !env.refuseExample('AUTH_JWT_SECRET', secret)) {
    if (env.production && /change-?me|placeholder|example|secret-?here/i.test(secret)) {
      env.issue('AUTH_JWT_SECRET', 'looks like a placeholder; use at least 32 random bytes');
    }
  }
  const usable: readonly string[] = publicKey ? algorithmsForKey(publicKey) : JWT_ALGORITHMS;
  const unusable = algorithms.filter((alg) => !usable.includes(alg)).join(', ');
  if (unusable) {
    env.issue('AUTH_JWT_ALGORITHMS', `${unusable} cannot be verified with AUTH_JWT_PUBLIC_KEY`);
  }
  const url = single && jwksUrl !== undefined ? new URL(jwksUrl) : undefined;
  if (url?.protocol === 'http:' && env.production && !isLoopback(url.hostname)) {
    env.issue(
      'AUTH_JWKS_URL',
      'must use https (http is allowed only for loopback hosts in production)',
    );
  }
  if (url && (url.username !== '' || url.password !== '')) {
    env.issue('AUTH_JWKS_URL', 'must not carry credentials');
  }
  let keys: CallerKeySource;
  if (jwksUrl !== undefined) {
    keys = { kind: 'jwks', url: jwksUrl, ...jwks };
  } else if (publicKey !== undefined) {
    keys = { kind: 'public-key', key: publicKey };
  } else {
    // None in production is an issue; elsewhere random (dev-credentials.ts may replace it).
    const text = secret ?? randomBytes(32).toString('base64url');
    keys = { kind: 'secret', key: createSecretKey(Buffer.from(text, 'utf8')), generated: !secret };
  }
  // One key verifies one family: exactly the algorithm that fits it. JWKS: no EdDSA (jsonwebtoken).
  const defaultAlgorithms: readonly JwtAlgorithm[] =
    keys.kind === 'public-key'
      ? algorithmsForKey(keys.key).slice(0, 1)
      : keys.kind === 'jwks'
        ? ['RS256', 'ES256']
        : ['HS256'];
  return {
    keys,
    algorithms: algorithmList === undefined ? defaultAlgorithms : algorithms,
    issuer: issuer ?? DEV_JWT_ISSUER,
    audience: audience ?? DEV_JWT_AUDIENCE,
    clockToleranceSeconds,
    maxJwtLifetimeSeconds,
    /** Accepted `typ` headers, as `jwtTypeKey()` normalises them. */
    types: {
      absent: types.includes('absent'),
      values: new Set(types.filter((item) => item !== 'absent').map(jwtTypeKey)),
    },
  };
});

export type AuthConfig = ConfigType<typeof authConfig>;
export type JwtTypes = AuthConfig['types'];

/** The valid algorithms of `value`, given the key kind; an issue and none otherwise. */
function checkAlgorithms(env: EnvReader, value: string, hmac: boolean): JwtAlgorithm[] {
  const items = splitList(value);
  const hmacItems = items.filter((item) => Object.hasOwn(HMAC_MIN_SECRET_BYTES, item)).length;
  const unknown = items.filter((item) => !JWT_ALGORITHMS.includes(item)).length;
  const problem = (
    [
      [items.some((item) => item.toLowerCase() === 'none'), '"none" is never allowed'],
      [unknown > 0, `has ${unknown} unsupported item(s); supported: ${JWT_ALGORITHMS.join(', ')}`],
      [hmacItems > 0 && hmacItems < items.length, 'must not mix HS* with public-key algorithms'],
      [hmac && hmacItems === 0, 'must be HS256/HS384/HS512 with a shared secret'],
      [
        !hmac && hmacItems > 0,
        'must be public-key algorithms with AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY',
      ],
    ] as const
  ).find(([broken]) => broken);
  if (problem) {
    env.issue('AUTH_JWT_ALGORITHMS', problem[1]);
    return [];
  }
  return items as JwtAlgorithm[];
}

function isLoopback(hostname: string): boolean {
  return (
    ['localhost', '[::1]'].includes(hostname) ||
    (isIP(hostname) === 4 && hostname.startsWith('127.'))
  );
}
