import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { algorithmsForKey, type AsymmetricAlgorithm, type JwksSource } from '../config/auth.config';
import { isJsonObject } from './jwt-header';
import { inSpan } from '../tracing/in-span';

export interface JwksClientHooks {
  /** Clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
  /** Called after each fetch, for logs and metrics. `reason` never contains response content. */
  readonly onFetch?: (outcome: { ok: true; keys: number } | { ok: false; reason: string }) => void;
}

/** A verification key from the set, with the algorithms it may verify. */
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

/** More keys than any real identity provider publishes; the rest are ignored. */
const MAX_KEYS = 100;

/**
 * Caching JWKS client: keys cached by `kid` (at most `MAX_KEYS`); at most one fetch per cooldown
 * (concurrent callers share it); known keys keep working while the URL is down, for a bounded
 * time; fetches are bounded in time and size and never follow redirects. Only RSA and EC public
 * signing keys are imported (never `oct`, which would let a JWKS publish an HMAC secret).
 */
export class JwksClient {
  private keys: readonly JwksKey[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private lastFetchFailed = false;
  private inflight: Promise<void> | undefined;
  private readonly now: () => number;

  /** `source`: the `AUTH_JWKS_*` settings (auth.config.ts documents each). */
  constructor(
    private readonly source: JwksSource,
    private readonly hooks: JwksClientHooks = {},
  ) {
    this.now = hooks.now ?? Date.now;
  }

  /**
   * The key for `kid` (or the only key, for a token without `kid`). Once the cache is older than
   * its TTL, or for an unknown `kid`, the lookup first waits for a refetch, so a key removed from
   * the set stops working then. Fetches happen at most once per cooldown, concurrent callers share
   * them, and a failed one keeps the cached keys (up to `maxStaleSeconds` after the last good
   * fetch). Undefined: the set has no such key. Throws `JwksUnavailableError` when the key is not
   * usable and the last fetch failed.
   */
  async getKey(kid: string | undefined): Promise<JwksKey | undefined> {
    const expired = this.now() - this.fetchedAt >= this.source.cacheTtlSeconds * 1000;
    if (expired || !this.find(kid)) {
      await this.refreshAllowed();
    }
    const found = this.find(kid);
    if (!found && this.lastFetchFailed) {
      throw new JwksUnavailableError(this.retryAfterSeconds());
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
    this.inflight ??= inSpan('auth.jwks.fetch', () => this.fetchKeys())
      .then(
        (keys) => {
          this.keys = keys;
          this.fetchedAt = this.now();
          this.lastFetchFailed = false;
          this.hooks.onFetch?.({ ok: true, keys: keys.length });
        },
        (error: unknown) => {
          this.lastFetchFailed = true;
          this.hooks.onFetch?.({ ok: false, reason: describeFailure(error) });
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** The fetch in flight, else a new one unless within the cooldown. */
  private refreshAllowed(): Promise<void> | undefined {
    const mayFetch = this.now() - this.attemptedAt >= this.source.cooldownSeconds * 1000;
    return this.inflight ?? (mayFetch ? this.refresh() : undefined);
  }

  /** The cached keys, none once the last good fetch is older than `maxStaleSeconds`. */
  private usableKeys(): readonly JwksKey[] {
    return this.now() - this.fetchedAt < this.source.maxStaleSeconds * 1000 ? this.keys : [];
  }

  private retryAfterSeconds(): number {
    const wait = this.attemptedAt + this.source.cooldownSeconds * 1000 - this.now();
    return Math.max(1, Math.ceil(wait / 1000));
  }

  private find(kid: string | undefined): JwksKey | undefined {
    const keys = this.usableKeys();
    // A token without `kid` can only mean the one key of a single-key set.
    return kid === undefined
      ? keys.length === 1
        ? keys[0]
        : undefined
      : keys.find((key) => key.kid === kid);
  }

  private async fetchKeys(): Promise<JwksKey[]> {
    this.attemptedAt = this.now();
    const response = await fetch(this.source.url, {
      // One deadline for connect, headers and body alike.
      signal: AbortSignal.timeout(this.source.timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new JwksFetchError(`HTTP ${response.status}`);
    }
    const text = await readBounded(response, this.source.maxBytes);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new JwksFetchError('body is not JSON');
    }
    return parseJwks(document);
  }
}

class JwksFetchError extends Error {}

/** Parses a JWK set, keeping the usable public signing keys. Throws when none is usable. */
export function parseJwks(document: unknown): JwksKey[] {
  if (!isJsonObject(document) || !Array.isArray(document.keys)) {
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
  if (!isJsonObject(jwk)) {
    return undefined;
  }
  const { kty, kid, alg, use } = jwk;
  const keyOps = jwk.key_ops;
  if ((use !== undefined && use !== 'sig') || (kid !== undefined && typeof kid !== 'string')) {
    return undefined;
  }
  if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes('verify'))) {
    return undefined;
  }
  // Only the public members: never import private material a misconfigured IdP might publish.
  const members: Record<string, readonly string[]> = {
    RSA: ['n', 'e'],
    EC: ['crv', 'x', 'y'],
  };
  const wanted = typeof kty === 'string' ? members[kty] : undefined;
  if (!wanted) {
    return undefined;
  }
  const material: Record<string, unknown> = { kty };
  for (const name of wanted) {
    material[name] = jwk[name];
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: material as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
  const usable = algorithmsForKey(key);
  if (alg !== undefined) {
    const pinned = usable.find((candidate) => candidate === alg);
    return pinned ? { kid, key, algorithms: [pinned] } : undefined;
  }
  return usable.length > 0 ? { kid, key, algorithms: usable } : undefined;
}

/** Reads the body, giving up as soon as it exceeds `maxBytes`. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = new JwksFetchError(`body larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const body: AsyncIterable<Uint8Array> | null = response.body;
  // Leaving the loop early (the throw) cancels the stream.
  for await (const chunk of body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw tooLarge;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFailure(error: unknown): string {
  if (error instanceof JwksFetchError) {
    return error.message;
  }
  // Duck-typed: fetch's errors (DOMException, TypeError) may come from another realm. undici
  // reports network errors and a refused redirect as "fetch failed" with a cause.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: Record<string, unknown> };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return 'timed out';
  }
  const detail = cause?.code ?? cause?.message ?? name;
  return typeof detail === 'string' ? detail : 'unknown error';
}
