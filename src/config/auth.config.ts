import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { configNamespace, intOr } from './config-namespace';
import { parsePublicKeyPem, splitList } from './env-validators';
import type { EnvironmentVariables } from './env.validation';
import {
  algorithmsForKey,
  DEFAULT_ASYMMETRIC_ALGORITHMS,
  type JwtAlgorithm,
} from './jwt-algorithms';

/** Development defaults for the pinned `iss` / `aud`; production must set both. */
export const DEV_JWT_ISSUER = 'agora-token-authority-dev';
export const DEV_JWT_AUDIENCE = 'agora-token-authority';

/** Where caller JWT verification keys come from: exactly one source per deployment. */
export type CallerKeySource =
  | {
      readonly kind: 'secret';
      /** HMAC key. A KeyObject: jsonwebtoken re-parses a string secret on every verify. */
      readonly key: KeyObject;
      /** True when generated at boot (development only). */
      readonly generated: boolean;
    }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | {
      readonly kind: 'jwks';
      readonly url: string;
      /** `AUTH_JWKS_TIMEOUT_MS`: total time for one fetch, body included. Default 2000. */
      readonly timeoutMs: number;
      /** `AUTH_JWKS_COOLDOWN_SECONDS`: minimum time between two fetches. Default 30. */
      readonly cooldownSeconds: number;
      /** `AUTH_JWKS_MAX_BYTES`: largest JWKS body accepted. Default 65536. */
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
  /** `AUTH_JWT_SECRET` | `AUTH_JWKS_URL` | `AUTH_JWT_PUBLIC_KEY` (or a generated dev secret). */
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

export const authConfig = configNamespace('auth', ({ vars, devJwtSecret }): AuthConfig => {
  const keys = keySource(vars, devJwtSecret?.secret);
  const configured =
    vars.AUTH_JWT_ALGORITHMS && (splitList(vars.AUTH_JWT_ALGORITHMS) as JwtAlgorithm[]);
  return {
    keys,
    algorithms: configured || defaultAlgorithms(keys),
    issuer: vars.AUTH_JWT_ISSUER ?? DEV_JWT_ISSUER,
    audience: vars.AUTH_JWT_AUDIENCE ?? DEV_JWT_AUDIENCE,
    clockToleranceSeconds: intOr(vars.AUTH_CLOCK_TOLERANCE_SECONDS, 30),
    maxJwtLifetimeSeconds: intOr(vars.AUTH_MAX_JWT_LIFETIME_SECONDS, 86_400),
    types: jwtTypes(vars.AUTH_JWT_TYPES ?? DEFAULT_JWT_TYPES),
  };
});

function jwtTypes(list: string): JwtTypes {
  const items = splitList(list);
  return {
    absent: items.includes('absent'),
    values: new Set(items.filter((item) => item !== 'absent').map(jwtTypeKey)),
  };
}

function keySource(vars: Readonly<EnvironmentVariables>, devSecret?: string): CallerKeySource {
  if (vars.AUTH_JWKS_URL !== undefined) {
    return {
      kind: 'jwks',
      url: vars.AUTH_JWKS_URL,
      timeoutMs: intOr(vars.AUTH_JWKS_TIMEOUT_MS, 2000),
      cooldownSeconds: intOr(vars.AUTH_JWKS_COOLDOWN_SECONDS, 30),
      maxBytes: intOr(vars.AUTH_JWKS_MAX_BYTES, 64 * 1024),
      cacheTtlSeconds: intOr(vars.AUTH_JWKS_CACHE_TTL_SECONDS, 600),
      maxStaleSeconds: intOr(vars.AUTH_JWKS_MAX_STALE_SECONDS, 86_400),
    };
  }
  if (vars.AUTH_JWT_PUBLIC_KEY !== undefined) {
    // Validation has parsed it already; a null here would be a bug, not bad config.
    const key = parsePublicKeyPem(vars.AUTH_JWT_PUBLIC_KEY);
    if (!key) {
      throw new Error('AUTH_JWT_PUBLIC_KEY passed validation but cannot be parsed');
    }
    return { kind: 'public-key', key };
  }
  if (vars.AUTH_JWT_SECRET !== undefined) {
    return {
      kind: 'secret',
      key: createSecretKey(Buffer.from(vars.AUTH_JWT_SECRET, 'utf8')),
      generated: false,
    };
  }
  // Validation refused this in production.
  const secret = devSecret ?? randomBytes(32).toString('base64url');
  return { kind: 'secret', key: createSecretKey(Buffer.from(secret, 'utf8')), generated: true };
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
