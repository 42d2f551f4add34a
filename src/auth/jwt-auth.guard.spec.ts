import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import pino from 'pino';
import { ApiException } from '../common/api-error';
import type { AppConfig } from '../config/app.config';
import type { ThrottleConfig } from '../config/throttle.config';
import { AgoraProjects } from '../config/agora-projects';
import { loadConfig } from '../config/load-config';
import { MetricsService } from '../metrics/metrics.service';
import type { RateLimitStorageService } from '../throttle/rate-limit-storage.service';
import { AuthRejection } from './auth-rejection';
import { JwksUnavailableError } from './jwks-client';
import { JwtAuthGuard, LogSampler } from './jwt-auth.guard';
import { bearerToken } from './jwt.strategy';
import { Public } from './public.decorator';

function setup(nodeEnv: AppConfig['nodeEnv'] = 'production') {
  const lines: Array<Record<string, unknown>> = [];
  const root = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const state = { rejectionsTotal: { ip: 0, user: 0 }, fallbacksTotal: 0, memoryEntries: 0 };
  const metrics = new MetricsService(
    () => state as unknown as ReturnType<RateLimitStorageService['state']>,
    new AgoraProjects(loadConfig({}).agora),
  );
  const guard = new JwtAuthGuard(
    new Reflector(),
    root,
    metrics,
    { nodeEnv } as AppConfig,
    {
      trustedProxyHops: 0,
    } as ThrottleConfig,
  );
  return { guard, lines, metrics };
}

const contextOf = (headers: Record<string, string> = {}, ip = '192.0.2.1') =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({ headers, socket: { remoteAddress: ip }, id: 'req-1' }),
    }),
  }) as unknown as ExecutionContext;

const WITH_TOKEN = { authorization: 'Bearer a.b.c' };

describe(JwtAuthGuard.name, () => {
  it('should let @Public() routes through without a token', async () => {
    class Probe {
      @Public()
      open(): void {}
    }
    const context = {
      getHandler: () => Probe.prototype.open,
      getClass: () => Probe,
    } as unknown as ExecutionContext;
    expect(await setup().guard.canActivate(context)).toBe(true);
  });

  it('should return the session of an authenticated request', () => {
    const session = { subject: 'alice' };
    expect(setup().guard.handleRequest(null, session, undefined, contextOf())).toBe(session);
  });

  it.each([
    [
      'a rejection from validate()',
      new AuthRejection('TOKEN_EXPIRED', 'expired'),
      undefined,
      WITH_TOKEN,
      'TOKEN_EXPIRED',
    ],
    [
      'a rejection from the key provider',
      null,
      new AuthRejection('UNKNOWN_KEY', 'no key'),
      WITH_TOKEN,
      'UNKNOWN_KEY',
    ],
    ['a request without a bearer token', null, new Error('any message'), {}, 'MISSING_TOKEN'],
    [
      'a jsonwebtoken refusal',
      null,
      Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' }),
      WITH_TOKEN,
      'BAD_SIGNATURE',
    ],
  ])(
    'should answer the uniform 401 for %s, counted and logged by reason',
    async (_case, error, info, headers, reason) => {
      const { guard, lines, metrics } = setup();
      const thrown = catchError(() => guard.handleRequest(error, false, info, contextOf(headers)));
      expect(thrown).toBeInstanceOf(ApiException);
      expect((thrown as ApiException).getResponse()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Unauthorized',
        code: 'UNAUTHENTICATED',
      });
      expect((thrown as ApiException).headers).toEqual({
        'WWW-Authenticate': reason === 'MISSING_TOKEN' ? 'Bearer' : 'Bearer error="invalid_token"',
        'Cache-Control': 'no-store',
      });
      expect(lines).toMatchObject([
        { level: 40, event: 'auth.failed', reason, requestId: 'req-1', suppressed: 0 },
      ]);
      expect(await metrics.exposition()).toContain(`ata_auth_failures_total{reason="${reason}"} 1`);
    },
  );

  it('should say why in error_description in development only', () => {
    const rejection = new AuthRejection('WRONG_AUDIENCE', 'aud does not include "x"\\');
    const dev = catchError(() =>
      setup('development').guard.handleRequest(rejection, false, undefined, contextOf(WITH_TOKEN)),
    );
    expect((dev as ApiException).headers['WWW-Authenticate']).toBe(
      'Bearer error="invalid_token", error_description="WRONG_AUDIENCE: aud does not include ?x??"',
    );
    const prod = catchError(() =>
      setup('test').guard.handleRequest(rejection, false, undefined, contextOf(WITH_TOKEN)),
    );
    expect((prod as ApiException).headers['WWW-Authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('should export every reason at 0 before the first failure', async () => {
    const text = await setup().metrics.exposition();
    expect(text).toContain('ata_auth_failures_total{reason="MISSING_TOKEN"} 0');
    expect(text).toContain('ata_auth_failures_total{reason="WRONG_TYPE"} 0');
  });

  it('should log at most 5 lines a minute per client, and report what it held back', () => {
    const { guard, lines } = setup();
    const refuse = (ip: string) =>
      catchError(() => guard.handleRequest(null, false, new Error('x'), contextOf({}, ip)));
    for (let i = 0; i < 50; i += 1) {
      refuse('198.51.100.7');
    }
    expect(lines).toHaveLength(5);
    refuse('203.0.113.9');
    expect(lines).toHaveLength(6);
    expect(lines[5]).toMatchObject({ reason: 'MISSING_TOKEN', suppressed: 45 });
  });

  it('should answer 503 AUTH_KEYS_UNAVAILABLE with Retry-After when the JWKS is down', () => {
    const { guard, lines } = setup();
    const thrown = catchError(() =>
      guard.handleRequest(null, false, new JwksUnavailableError(12), contextOf(WITH_TOKEN)),
    );
    expect((thrown as ApiException).getStatus()).toBe(503);
    expect((thrown as ApiException).code).toBe('AUTH_KEYS_UNAVAILABLE');
    expect((thrown as ApiException).headers).toEqual({ 'Retry-After': '12' });
    expect(lines).toMatchObject([{ event: 'auth.failed', reason: 'KEYS_UNAVAILABLE' }]);
  });

  it('should rethrow failures of validate() that are not about the token (a 500, not a 401)', () => {
    const bug = new TypeError('boom');
    expect(catchError(() => setup().guard.handleRequest(bug, false, undefined, contextOf()))).toBe(
      bug,
    );
  });
});

describe(bearerToken.name, () => {
  const request = (authorization?: unknown) => ({ headers: { authorization } });

  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc.def.ghi', 'abc.def.ghi'],
  ])('should read %j', (header, token) => {
    expect(bearerToken(request(header))).toBe(token);
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic abc',
    'Bearer a b',
    'Bearer abc\n',
    'JWT abc',
    ['Bearer a'],
  ])('should find no token in %j', (header) => {
    expect(bearerToken(request(header))).toBeNull();
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe(LogSampler.name, () => {
  let clock: number;
  const sampler = (perKey = 2, maxKeys = 3) => new LogSampler(60_000, perKey, maxKeys, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('should allow perKey lines per key in a window, then count what it holds back', () => {
    const sut = sampler();
    expect([sut.take('a'), sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([
      0,
      0,
      undefined,
      undefined,
    ]);
    expect(sut.take('b')).toBe(2);
    expect(sut.take('b')).toBe(0);
  });

  it('should bound the keys per window, so rotating addresses cannot add lines', () => {
    const sut = sampler(1, 3);
    const taken = Array.from({ length: 1000 }, (_, i) => sut.take(`10.0.${i >> 8}.${i & 255}`));
    expect(taken.filter((held) => held !== undefined)).toEqual([0, 0, 0]);
  });

  it('should start a new window after windowMs and report the count held back', () => {
    const sut = sampler(1);
    sut.take('a');
    sut.take('a');
    sut.take('a');
    clock += 59_999;
    expect(sut.take('a')).toBeUndefined();
    clock += 1;
    expect(sut.take('a')).toBe(3);
    expect(sut.take('a')).toBeUndefined();
  });
});
