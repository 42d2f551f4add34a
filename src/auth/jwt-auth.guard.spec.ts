import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiException } from '../common/api-error';
import { AuthRejection } from './auth-rejection';
import { JwksUnavailableError } from './jwks-client';
import { JwtAuthGuard } from './jwt-auth.guard';
import { bearerToken } from './jwt.strategy';
import { Public } from './public.decorator';

describe(JwtAuthGuard.name, () => {
  const guard = new JwtAuthGuard(new Reflector());

  it('should let @Public() routes through without a token', async () => {
    class Probe {
      @Public()
      open(): void {}
    }
    const context = {
      getHandler: () => Probe.prototype.open,
      getClass: () => Probe,
    } as unknown as ExecutionContext;
    expect(await guard.canActivate(context)).toBe(true);
  });

  it('should return the session of an authenticated request', () => {
    const session = { subject: 'alice' };
    expect(guard.handleRequest(null, session, undefined)).toBe(session);
  });

  it.each([
    ['a rejection', new AuthRejection('expired'), undefined],
    ['passport info', null, new Error('No auth token')],
    [
      'a jsonwebtoken error',
      null,
      Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' }),
    ],
  ])('should answer the uniform 401 for %s', (_case, error, info) => {
    const thrown = catchError(() => guard.handleRequest(error, false, info));
    expect(thrown).toBeInstanceOf(ApiException);
    expect((thrown as ApiException).getStatus()).toBe(401);
    expect((thrown as ApiException).getResponse()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Unauthorized',
      code: 'UNAUTHENTICATED',
    });
  });

  it('should answer 503 AUTH_KEYS_UNAVAILABLE with Retry-After when the JWKS is down', () => {
    const thrown = catchError(() => guard.handleRequest(null, false, new JwksUnavailableError(12)));
    expect((thrown as ApiException).getStatus()).toBe(503);
    expect((thrown as ApiException).code).toBe('AUTH_KEYS_UNAVAILABLE');
    expect((thrown as ApiException).headers).toEqual({ 'Retry-After': '12' });
  });

  it('should rethrow failures that are not about the token (a 500, not a 401)', () => {
    const bug = new TypeError('boom');
    expect(catchError(() => guard.handleRequest(bug, false, undefined))).toBe(bug);
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
