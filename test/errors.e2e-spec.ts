import { startTestApp, type TestApp } from './support/app';
import { signCallerJwt } from './support/jwt';

/** Error bodies produced before or outside the routes: parsing, limits, unknown routes, crashes. */
describe('error responses', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      beforeListen: (nest) => {
        // Raw Fastify routes: they exercise the body parser and the global error handling without
        // depending on routes other engineers own.
        const fastify = nest.getHttpAdapter().getInstance();
        fastify.post('/__probe/echo', (request, reply) => reply.send(request.body));
        fastify.get('/__probe/crash', () => {
          throw new Error('secret internal detail');
        });
      },
    });
  });
  afterAll(() => app.close());

  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${signCallerJwt()}` },
      body,
    });

  it('should accept a JSON body', async () => {
    const response = await post('/__probe/echo', '{"a":1}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ a: 1 });
  });

  it.each([
    ['malformed JSON', '{"channel":'],
    ['an empty body', ''],
    ['a __proto__ key', '{"__proto__":{"admin":true}}'],
    ['a constructor.prototype key', '{"constructor":{"prototype":{"admin":true}}}'],
  ])('should answer 400 INVALID_JSON for %s', async (_case, body) => {
    const response = await post('/__probe/echo', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'request body is not valid JSON',
      code: 'INVALID_JSON',
    });
  });

  it('should answer 413 PAYLOAD_TOO_LARGE above 16 KiB', async () => {
    const response = await post('/__probe/echo', JSON.stringify({ pad: 'x'.repeat(16 * 1024) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'should answer 415 UNSUPPORTED_MEDIA_TYPE for %s',
    async (contentType) => {
      const response = await post('/__probe/echo', 'a=1', contentType);
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    },
  );

  it('should answer 404 NOT_FOUND for an unknown route', async () => {
    const response = await fetch(`${app.baseUrl}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
    });
  });

  it('should answer a generic 500 INTERNAL and never leak the error', async () => {
    const response = await fetch(`${app.baseUrl}/__probe/crash`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(
      '{"statusCode":500,"error":"Internal Server Error","message":"Internal Server Error","code":"INTERNAL"}',
    );
  });
});
