import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiException, unauthenticated } from './api-error';
import { toErrorResponse } from './api-exception.filter';

const UNAUTHORIZED = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Unauthorized',
  code: 'UNAUTHENTICATED',
};

describe(toErrorResponse.name, () => {
  it('should pass through a body that carries a code', () => {
    const denial = new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      message: 'channel not permitted for this session',
      code: 'CHANNEL_NOT_GRANTED',
    });
    expect(toErrorResponse(denial)).toEqual({
      status: 403,
      body: {
        statusCode: 403,
        error: 'Forbidden',
        message: 'channel not permitted for this session',
        code: 'CHANNEL_NOT_GRANTED',
      },
      headers: {},
    });
  });

  it('should fill the missing fields of a body that carries only a code', () => {
    expect(toErrorResponse(new HttpException({ code: 'RATE_LIMITED' }, 429)).body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too Many Requests',
      code: 'RATE_LIMITED',
    });
  });

  it('should keep the headers of an ApiException', () => {
    const error = new ApiException(503, 'AUTH_KEYS_UNAVAILABLE', 'later', { 'Retry-After': '5' });
    expect(toErrorResponse(error)).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });

  it.each([
    ['our own 401', unauthenticated()],
    ['a bare UnauthorizedException', new UnauthorizedException()],
    ['an UnauthorizedException with details', new UnauthorizedException('token expired at 12:00')],
    ['a 401 that claims another code', new HttpException({ code: 'FORBIDDEN', message: 'x' }, 401)],
  ])('should turn %s into the one 401 body with WWW-Authenticate', (_case, error) => {
    expect(toErrorResponse(error)).toEqual({
      status: 401,
      body: UNAUTHORIZED,
      headers: { 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' },
    });
  });

  it("should keep a 401's own challenge (RFC 6750 error, error_description)", () => {
    const challenge = 'Bearer error="invalid_token"';
    expect(toErrorResponse(unauthenticated(challenge)).headers).toEqual({
      'WWW-Authenticate': challenge,
      'Cache-Control': 'no-store',
    });
  });

  it.each([
    [new BadRequestException('bad thing'), 400, 'BAD_REQUEST', 'bad thing'],
    [
      new BadRequestException(['a must be x', 'b must be y']),
      400,
      'BAD_REQUEST',
      ['a must be x', 'b must be y'],
    ],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND', 'Cannot GET /x'],
    [new HttpException('Method Not Allowed', 405), 405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed'],
    [
      new HttpException('Request body is too large', 413),
      413,
      'PAYLOAD_TOO_LARGE',
      'Request body is too large',
    ],
    [
      new HttpException('Unsupported Media Type: text/plain', 415),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Unsupported Media Type: text/plain',
    ],
    [new HttpException('slow down', 429), 429, 'RATE_LIMITED', 'slow down'],
    [new HttpException('teapot', 418), 418, 'BAD_REQUEST', 'teapot'],
    [new HttpException({ unexpected: true }, 409), 409, 'CONFLICT', 'Conflict'],
  ])('should give %p status %d and code %s', (error, status, code, message) => {
    expect(toErrorResponse(error).body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message,
      code,
    });
  });

  it('should hide the message of a 5xx HttpException', () => {
    const body = toErrorResponse(
      new ServiceUnavailableException({ status: 'error', info: { db: 'down at 10.0.0.5' } }),
    ).body;
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Service Unavailable',
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(toErrorResponse(new HttpException('db password wrong', 500)).body.message).toBe(
      'Internal Server Error',
    );
  });

  it.each([
    ['an Error', new Error('connection string postgres://u:p@db')],
    ['a thrown string', 'oops'],
    ['undefined', undefined],
  ])('should answer a generic 500 for %s', (_case, thrown) => {
    expect(toErrorResponse(thrown)).toEqual({
      status: 500,
      body: {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
        code: 'INTERNAL',
      },
      headers: {},
    });
  });
});
