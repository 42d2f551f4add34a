import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { KeyObject } from 'node:crypto';
import { authConfig } from '../config/auth.config';
import { MetricsService } from '../metrics/metrics.service';
import { AuthRejection } from './auth-rejection';
import { JwksClient } from './jwks-client';
import { decodeJwtSegment } from './jwt-verifier';

type KeyCallback = (error: unknown, key?: KeyObject) => void;

/**
 * The verification key for a caller JWT: the configured secret or PEM key, or the JWKS key named
 * by the token's `kid`.
 */
@Injectable()
export class CallerKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger('CallerKeys');
  private readonly staticKey: KeyObject | undefined;
  private readonly jwks: JwksClient | undefined;
  private readonly algorithms: ReadonlySet<string>;

  constructor(
    @Inject(authConfig.KEY) auth: ConfigType<typeof authConfig>,
    metrics: MetricsService,
  ) {
    this.algorithms = new Set(auth.algorithms);
    const source = auth.keys;
    if (source.kind !== 'jwks') {
      this.staticKey = source.key;
      return;
    }
    this.jwks = new JwksClient({
      url: source.url,
      timeoutMs: source.timeoutMs,
      cooldownMs: source.cooldownSeconds * 1000,
      maxBytes: source.maxBytes,
      cacheTtlMs: source.cacheTtlSeconds * 1000,
      onFetch: (outcome) => {
        metrics.jwksFetched(outcome.ok);
        if (outcome.ok) {
          this.logger.log(`JWKS fetched: ${outcome.keys} key(s)`);
        } else {
          this.logger.warn(`JWKS fetch failed (${outcome.reason}); cached keys stay in use`);
        }
      },
    });
  }

  /** passport-jwt `secretOrKeyProvider`: synchronous for a static key (the hot path). */
  readonly provide = (_request: unknown, rawJwt: string, done: KeyCallback): void => {
    if (this.staticKey) {
      done(null, this.staticKey);
      return;
    }
    this.fromJwks(rawJwt).then(
      (key) => done(null, key),
      (error: unknown) => done(error),
    );
  };

  /** Readiness: keys are available (always, unless the JWKS was never reachable). */
  async ready(): Promise<boolean> {
    return this.jwks ? this.jwks.ready() : true;
  }

  onApplicationBootstrap(): void {
    // Warm the cache so the first callers do not wait; a failure here is logged, not fatal.
    void this.jwks?.refresh();
  }

  private async fromJwks(rawJwt: string): Promise<KeyObject> {
    const header = decodeJwtSegment(rawJwt.split('.', 1)[0] ?? '');
    const { alg, kid } = header;
    // Refuse before any fetch: a token the algorithm pin rejects must not cost a JWKS request.
    if (typeof alg !== 'string' || !this.algorithms.has(alg)) {
      throw new AuthRejection('invalid algorithm');
    }
    if (kid !== undefined && (typeof kid !== 'string' || kid.length > 256)) {
      throw new AuthRejection('kid is not a string');
    }
    const found = await this.jwks?.getKey(kid);
    if (!found) {
      throw new AuthRejection('no JWKS key for this kid');
    }
    if (!found.algorithms.some((candidate) => candidate === alg)) {
      throw new AuthRejection('alg does not match the JWKS key');
    }
    return found.key;
  }
}
