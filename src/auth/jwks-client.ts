import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isRecord } from '../common/is-record';
import { algorithmsForKey, type AsymmetricAlgorithm, type JwksSource } from '../config/auth.config';
import { inSpan } from '../tracing/in-span';

export interface JwksClientHooks {
  readonly now?: () => number; // milliseconds
  /** After each fetch, for logs and metrics. `reason` never contains response content. */
  readonly onFetch?: (outcome: { ok: true; keys: number } | { ok: false; reason: string }) => void;
}

export interface JwksKey {
  readonly kid: string | undefined;
  readonly key: KeyObject;
  readonly algorithms: readonly AsymmetricAlgorithm[];
}

/** The set could not be fetched and the key is not cached: a 503 (the token may be valid). */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';

  constructor(readonly retryAfterSeconds: number) {
    super('caller signing keys are temporarily unavailable'); // the 503's message
  }
}

class JwksFetchError extends Error {}

const MAX_KEYS = 100; // more than any identity provider publishes; the rest are ignored

/** The public members per key type: never import private material a misconfigured IdP publishes. */
const PUBLIC_MEMBERS = new Map([
  ['RSA', ['n', 'e']],
  ['EC', ['crv', 'x', 'y']],
]);

/** Caching JWKS client (README, Exposure windows); RSA and EC public keys only, never `oct`. */
export class JwksClient {
  private keys: readonly JwksKey[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private lastFetchFailed = false;
  private inflight: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly source: JwksSource,
    private readonly hooks: JwksClientHooks = {},
  ) {
    this.now = hooks.now ?? Date.now;
  }

  /** Undefined when the set has no such key; JwksUnavailableError when the last fetch failed. */
  async getKey(kid: string | undefined): Promise<JwksKey | undefined> {
    if (this.now() - this.fetchedAt >= this.source.cacheTtlSeconds * 1000 || !this.find(kid)) {
      await this.refreshAllowed();
    }
    const found = this.find(kid);
    if (!found && this.lastFetchFailed) {
      const wait = this.attemptedAt + this.source.cooldownSeconds * 1000 - this.now();
      throw new JwksUnavailableError(Math.max(1, Math.ceil(wait / 1000)));
    }
    return found;
  }

  /** True when usable keys are cached, fetching them first if none are and the cooldown allows. */
  async ready(): Promise<boolean> {
    if (this.usableKeys().length === 0) {
      await this.refreshAllowed();
    }
    return this.usableKeys().length > 0;
  }

  /** Fetches the set now (or joins the fetch in flight). Never rejects; failures keep old keys. */
  refresh(): Promise<void> {
    this.inflight ??= this.fetchOnce().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchOnce(): Promise<void> {
    try {
      this.keys = await inSpan('auth.jwks.fetch', () => this.fetchKeys());
      this.fetchedAt = this.now();
      this.lastFetchFailed = false;
      this.hooks.onFetch?.({ ok: true, keys: this.keys.length });
    } catch (error) {
      this.lastFetchFailed = true;
      this.hooks.onFetch?.({ ok: false, reason: describeFailure(error) });
    }
  }

  private refreshAllowed(): Promise<void> | undefined {
    const mayFetch = this.now() - this.attemptedAt >= this.source.cooldownSeconds * 1000;
    return this.inflight ?? (mayFetch ? this.refresh() : undefined);
  }

  private usableKeys(): readonly JwksKey[] {
    return this.now() - this.fetchedAt < this.source.maxStaleSeconds * 1000 ? this.keys : [];
  }

  private find(kid: string | undefined): JwksKey | undefined {
    const keys = this.usableKeys();
    // A token without `kid` can only mean the one key of a single-key set.
    if (kid === undefined) {
      return keys.length === 1 ? keys[0] : undefined;
    }
    return keys.find((key) => key.kid === kid);
  }

  private async fetchKeys(): Promise<JwksKey[]> {
    this.attemptedAt = this.now();
    const { url, timeoutMs, maxBytes } = this.source;
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs), // one deadline for connect, headers and body alike
      redirect: 'error',
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || declared > maxBytes) {
      await response.body?.cancel();
      throw new JwksFetchError(response.ok ? tooLarge(maxBytes) : `HTTP ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const body: AsyncIterable<Uint8Array> | null = response.body;
    // Leaving the loop early (the throw) cancels the stream.
    for await (const chunk of body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        throw new JwksFetchError(tooLarge(maxBytes));
      }
      chunks.push(chunk);
    }
    let document: unknown;
    try {
      document = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new JwksFetchError('body is not JSON');
    }
    return parseJwks(document);
  }
}

const tooLarge = (maxBytes: number) => `body larger than ${maxBytes} bytes`;

/** Parses a JWK set, keeping the usable public signing keys. Throws when none is usable. */
export function parseJwks(document: unknown): JwksKey[] {
  if (!isRecord(document) || !Array.isArray(document.keys)) {
    throw new JwksFetchError('body is not a JWK set');
  }
  const keys: JwksKey[] = [];
  for (const jwk of (document.keys as unknown[]).slice(0, MAX_KEYS)) {
    const key = importJwk(jwk);
    // A repeated kid is ambiguous; the first one wins.
    if (key && !(key.kid !== undefined && keys.some((k) => k.kid === key.kid))) {
      keys.push(key);
    }
  }
  if (keys.length === 0) {
    throw new JwksFetchError('JWK set has no usable signing key');
  }
  return keys;
}

function importJwk(jwk: unknown): JwksKey | undefined {
  if (!isRecord(jwk)) {
    return undefined;
  }
  const { kty, kid, alg, use, key_ops: keyOps } = jwk;
  const wanted = typeof kty === 'string' ? PUBLIC_MEMBERS.get(kty) : undefined;
  if (
    !wanted ||
    (use !== undefined && use !== 'sig') ||
    (kid !== undefined && typeof kid !== 'string') ||
    (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes('verify')))
  ) {
    return undefined;
  }
  const material: Record<string, unknown> = { kty };
  wanted.forEach((name) => (material[name] = jwk[name]));
  let key: KeyObject;
  try {
    key = createPublicKey({ key: material as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
  // A key that names its `alg` verifies that one only.
  const algorithms = algorithmsForKey(key).filter(
    (candidate) => alg === undefined || candidate === alg,
  );
  return algorithms.length > 0 ? { kid, key, algorithms } : undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof JwksFetchError) {
    return error.message;
  }
  // Duck-typed (fetch's errors may come from another realm); undici's "fetch failed" has a cause.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: Record<string, unknown> };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return 'timed out';
  }
  const detail = cause?.code ?? cause?.message ?? name;
  return typeof detail === 'string' ? detail : 'unknown error';
}
