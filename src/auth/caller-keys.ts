import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { KeyObject } from 'node:crypto';
import { authConfig } from '../config/auth.config';
import { MetricsService } from '../metrics/metrics.service';
import { AuthRejection } from './auth-rejection';
import { readJwtHeader } from './caller-claims';
import { JwksClient } from './jwks-client';

/** passport-jwt's `secretOrKeyProvider`; refuses what no key could verify before any JWKS fetch. */
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
    this.jwks = new JwksClient(source, {
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

  /** Synchronous for a static key (the hot path); errors go to passport-jwt, then the guard. */
  readonly provide = (_request: unknown, rawJwt: string, done: KeyCallback): void => {
    let key: KeyObject | Promise<KeyObject>;
    try {
      key = this.keyFor(rawJwt);
    } catch (error) {
      return done(error);
    }
    if (key instanceof Promise) {
      key.then((found) => done(null, found), done);
    } else {
      done(null, key);
    }
  };

  /** Readiness: keys are available (always, unless the JWKS cannot be fetched). */
  async ready(): Promise<boolean> {
    return this.jwks?.ready() ?? true;
  }

  onApplicationBootstrap(): void {
    void this.jwks?.refresh(); // warms the cache; a failure is logged, not fatal
  }

  private keyFor(rawJwt: string): KeyObject | Promise<KeyObject> {
    const { alg, kid } = readJwtHeader(rawJwt);
    if (typeof alg !== 'string' || !this.algorithms.has(alg)) {
      throw new AuthRejection('ALGORITHM_NOT_ALLOWED', 'alg is not in AUTH_JWT_ALGORITHMS');
    }
    return this.staticKey ?? this.fromJwks(alg, kid);
  }

  private async fromJwks(alg: string, kid: unknown): Promise<KeyObject> {
    if (kid !== undefined && (typeof kid !== 'string' || kid.length > 256)) {
      throw new AuthRejection('MALFORMED', 'kid is not a string of at most 256 characters');
    }
    const found = await this.jwks?.getKey(kid);
    if (!found) {
      throw new AuthRejection('UNKNOWN_KEY', 'no JWKS key for this kid');
    }
    if (!found.algorithms.some((candidate) => candidate === alg)) {
      throw new AuthRejection('ALGORITHM_NOT_ALLOWED', 'alg does not fit the JWKS key');
    }
    return found.key;
  }
}

type KeyCallback = (error: unknown, key?: KeyObject) => void;
