import { CapturingLogger, startTestApp, type TestApp } from './support/app';
import {
  TEST_AGORA_CERTIFICATE,
  TEST_AGORA_CERTIFICATE_SECONDARY,
  TEST_JWT_SECRET,
} from './support/test-env';
import { aliceJwt, expectRefused, post, TOKENS_ENV } from './support/tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogRecord = Record<string, unknown>;

/** POSTs with an optional x-request-id; returns the reply and the id the response echoed. */
async function issue(app: TestApp, body: object, jwt: string, requestId?: string) {
  const response = await fetch(`${app.baseUrl}/v1/tokens/rtc`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${jwt}`,
      ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, echoed: response.headers.get('x-request-id') ?? '' };
}

describe('structured logs', () => {
  let app: TestApp;
  const logger = new CapturingLogger();
  const jwt = aliceJwt();
  const linesOf = (requestId: string): LogRecord[] =>
    logger.records.filter((record) => record.requestId === requestId);

  beforeAll(async () => {
    app = await startTestApp(TOKENS_ENV, { logger });
  });
  afterAll(() => app.close());

  it("should write Nest's own lines as pino JSON with their context", () => {
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'NestApplication',
        msg: 'Nest application successfully started',
        time: expect.stringMatching(/Z$/),
        pid: expect.any(Number),
      }),
    );
  });

  it('should honour a sane x-request-id: echoed, on the request line and on the audit event', async () => {
    const id = 'client-req_42.a:b';
    const reply = await issue(app, { channel: 'room-1', uid: 1001, role: 'publisher' }, jwt, id);
    expect(reply.status).toBe(201);
    expect(reply.echoed).toBe(id);
    const lines = linesOf(id);
    // One line per event: the audit event and the request line, nothing else.
    expect(lines.map((line) => line.event ?? line.msg)).toEqual([
      'token.issued',
      'request completed',
    ]);
    // A success is a debug line: its event (token.issued) is already at info.
    expect(lines[1]).toEqual({
      level: 'debug',
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      requestId: id,
      req: { method: 'POST', route: '/v1/tokens/rtc' },
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['with a space', 'two words'],
    ['with a quote', 'a"b'],
  ])('should replace an x-request-id %s by a generated UUID', async (_why, id) => {
    const reply = await issue(app, { channel: 'room-1', uid: 1001, role: 'publisher' }, jwt, id);
    expect(reply.echoed).toMatch(UUID);
    expect(linesOf(reply.echoed)).toHaveLength(2);
    expect(JSON.stringify(logger.records)).not.toContain(id);
  });

  it('should generate a request id when there is none, and echo it on errors too', async () => {
    const reply = await issue(app, { channel: 'room-1', uid: 'x', role: 'publisher' }, jwt);
    expect(reply.status).toBe(400);
    expect(reply.echoed).toMatch(UUID);
    expect(linesOf(reply.echoed)).toEqual([
      expect.objectContaining({
        level: 'info',
        res: { statusCode: 400 },
        msg: 'request completed',
      }),
    ]);
    const notFound = await fetch(`${app.baseUrl}/nope?token=secret-ish`);
    expect(notFound.headers.get('x-request-id')).toMatch(UUID);
    expect(linesOf(notFound.headers.get('x-request-id') ?? '')).toEqual([
      expect.objectContaining({ req: { method: 'GET', path: '/nope' }, res: { statusCode: 404 } }),
    ]);
  });

  it('should audit an issuance as structured fields, never the token', async () => {
    const id = 'audit-issued-1';
    const reply = await issue(app, { channel: 'team-1-x', uid: 1001, role: 'subscriber' }, jwt, id);
    const body = JSON.parse(reply.text) as { token: string; expiresAt: string };
    const audit = linesOf(id).find((line) => line.event === 'token.issued');
    expect(audit).toEqual({
      level: 'info',
      time: expect.any(String),
      pid: process.pid,
      hostname: expect.any(String),
      context: 'TokenAudit',
      event: 'token.issued',
      iss: 'https://issuer.test',
      sub: 'alice',
      kind: 'rtc',
      project: 'default',
      services: ['rtc'],
      channel: 'team-1-x',
      uid: 1001,
      role: 'subscriber',
      expiresAt: body.expiresAt,
      requestId: id,
      msg: 'token.issued',
    });
    expect(JSON.stringify(logger.records)).not.toContain(body.token);
  });

  it('should audit a policy denial with its reason', async () => {
    const id = 'audit-denied-1';
    const reply = await post(
      app,
      '/v1/tokens',
      { services: { rtm: { userId: 'mallory' } } },
      aliceJwt(['rtc:publish'], { agora_account: 'alice' }),
    );
    expectRefused(reply, 403, 'UID_MISMATCH');
    const denied = await issue(
      app,
      { channel: 'room-9', account: 'alice', role: 'subscriber' },
      jwt,
      id,
    );
    expect(denied.status).toBe(403);
    const audit = linesOf(id).find((line) => line.event === 'token.denied');
    expect(audit).toMatchObject({
      level: 'info',
      event: 'token.denied',
      iss: 'https://issuer.test',
      sub: 'alice',
      kind: 'rtc',
      project: 'default',
      services: ['rtc'],
      channel: 'room-9',
      account: 'alice',
      role: 'subscriber',
      reason: 'CHANNEL_NOT_GRANTED',
      requestId: id,
    });
    expect(audit).not.toHaveProperty('expiresAt');
    expect(logger.records).toContainEqual(
      expect.objectContaining({ event: 'token.denied', reason: 'UID_MISMATCH', kind: 'multi' }),
    );
  });

  it('should log the 401 reason code as an auth.failed warning, with the request id, never the token', async () => {
    const expired = aliceJwt([], { exp: Math.floor(Date.now() / 1000) - 3600 });
    const response = await fetch(`${app.baseUrl}/v1/session`, {
      headers: { authorization: `Bearer ${expired}`, 'x-request-id': 'expired-1' },
    });
    expect(response.status).toBe(401);
    expect(linesOf('expired-1')).toEqual([
      expect.objectContaining({
        level: 'warn',
        context: 'Auth',
        event: 'auth.failed',
        reason: 'TOKEN_EXPIRED',
      }),
      expect.objectContaining({ level: 'debug', res: { statusCode: 401 } }),
    ]);
  });

  it('should write no JWT, Agora token, certificate or secret anywhere', () => {
    const everything = JSON.stringify(logger.records);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    expect(everything).not.toMatch(/00[67][A-Za-z0-9]{20}/);
    for (const secret of [
      TEST_AGORA_CERTIFICATE,
      TEST_AGORA_CERTIFICATE_SECONDARY,
      TEST_JWT_SECRET,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toContain('authorization');
  });
});

describe('LOG_LEVEL', () => {
  it('should show refusals, auth failures and audit events at info, but not successes', async () => {
    const logger = new CapturingLogger();
    const app = await startTestApp(TOKENS_ENV, { logger, logLevel: 'info' });
    try {
      const unauthenticated = await fetch(`${app.baseUrl}/v1/session`, {
        headers: { authorization: 'Bearer garbage', 'x-request-id': 'quiet-1' },
      });
      expect(unauthenticated.status).toBe(401);
      const jwt = aliceJwt();
      await issue(app, { channel: 'room-1', uid: 1001, role: 'publisher' }, jwt, 'quiet-2');
      await issue(app, { channel: 'room-1', uid: 'x', role: 'publisher' }, jwt, 'quiet-3');
      const of = (id: string) => logger.records.filter((record) => record.requestId === id);
      expect(of('quiet-1')).toEqual([
        expect.objectContaining({ level: 'warn', event: 'auth.failed', reason: 'MALFORMED' }),
      ]);
      expect(of('quiet-2')).toEqual([expect.objectContaining({ event: 'token.issued' })]);
      expect(of('quiet-3')).toEqual([
        expect.objectContaining({ level: 'info', res: { statusCode: 400 } }),
      ]);
      expect(logger.records.some((record) => record.level === 'debug')).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('should log nothing but warnings and errors at warn', async () => {
    const logger = new CapturingLogger();
    const app = await startTestApp(TOKENS_ENV, { logger, logLevel: 'warn' });
    try {
      await issue(app, { channel: 'room-1', uid: 1001, role: 'publisher' }, aliceJwt());
      await issue(app, { channel: 'room-9', uid: 1001, role: 'publisher' }, aliceJwt());
      const levels = new Set(logger.records.map((record) => record.level));
      expect(
        [...levels].filter((level) => !['warn', 'error', 'fatal'].includes(String(level))),
      ).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
