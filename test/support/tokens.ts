import {
  parseAccessToken2,
  verifyAccessToken2,
  type ParsedAccessToken2,
} from '../../src/agora-token';
import type { RawEnv } from '../../src/config/env.validation';
import { CLOCK, type Clock } from '../../src/tokens/clock';
import type { TestApp } from './app';
import { signCallerJwt } from './jwt';
import {
  TEST_AGORA_APP_ID,
  TEST_AGORA_CERTIFICATE,
  TEST_AGORA_CERTIFICATE_SECONDARY,
  TEST_ENV,
} from './test-env';

/**
 * The token API's tests send many requests from one address and one caller: lift the rate limits
 * (they have their own tests) so no test depends on how many ran before it.
 */
export const TOKENS_ENV: RawEnv = Object.freeze({
  ...TEST_ENV,
  THROTTLE_IP_LIMIT: '1000000',
  THROTTLE_USER_LIMIT: '1000000',
});

/** A fixed "now" for tests that assert exact times: 2023-11-14T22:13:20Z. */
export const PINNED_NOW = 1_700_000_000;

/** Pins the app's token clock (`CLOCK`) to `seconds`; restore with `jest.restoreAllMocks()`. */
export function pinClock(app: TestApp, seconds: number = PINNED_NOW): void {
  jest.spyOn(app.app.get<Clock>(CLOCK), 'nowSeconds').mockReturnValue(seconds);
}

export const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Session JWTs of these helpers live a day (the longest accepted), so the lifetimes asked for in
 * a test are not cut by the JWT expiry bound (`TOKEN_EXPIRY_BOUND_BY_JWT`, tested on its own).
 */
const SESSION_JWT = { ttlSeconds: 86_400 } as const;

/**
 * Alice: a user bound to uid 1001 and account "alice", granted room-1 and team-1-* (plus
 * user-alice from the CHANNEL_TEMPLATES of the test env), with the given scopes.
 */
export function aliceJwt(scopes: string[] = ['rtc:publish'], claims: object = {}): string {
  return signCallerJwt(
    {
      sub: 'alice',
      agora_uid: 1001,
      agora_channels: ['room-1', 'team-1-*'],
      scope: scopes.join(' '),
      ...claims,
    },
    SESSION_JWT,
  );
}

/** A backend service session: `agora_kind: service`, no binding of its own, the given scopes. */
export function serviceJwt(scopes: string[] = ['tokens:issue-any']): string {
  const claims = { sub: 'recorder-bot', agora_kind: 'service', scope: scopes.join(' ') };
  return signCallerJwt(claims, SESSION_JWT);
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: any;
}

/** POSTs `body` (JSON-encoded unless a string) and reads the whole answer. */
export async function post(
  app: TestApp,
  path: string,
  body: unknown,
  jwt?: string,
  contentType = 'application/json',
): Promise<Reply> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(jwt === undefined ? {} : { authorization: `Bearer ${jwt}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Neither App Certificate of the test env may appear in any answer, success or error. */
export function expectNoCertificate(reply: Reply): void {
  expect(reply.text).not.toContain(TEST_AGORA_CERTIFICATE);
  expect(reply.text).not.toContain(TEST_AGORA_CERTIFICATE_SECONDARY);
}

/** A refusal: the status, the stable code, and no token anywhere in the answer. */
export function expectRefused(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(reply.body).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.anything(),
    code,
  });
  expect(reply.text).not.toMatch(/"token"|007eJ|006[0-9a-f]{32}/);
  expectNoCertificate(reply);
}

/** A success carrying a token, with the no-cache headers every token answer has. */
export function expectIssued(reply: Reply, status = 201): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({
    status,
    body: { token: expect.any(String) },
  });
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.headers.get('pragma')).toBeNull();
  expectNoCertificate(reply);
}

/** Parses a 007 token and checks it is signed with the active (primary) test certificate. */
export function decode(token: string): ParsedAccessToken2 {
  const parsed = parseAccessToken2(token);
  expect(parsed.appId).toBe(TEST_AGORA_APP_ID);
  expect(verifyAccessToken2(parsed, TEST_AGORA_CERTIFICATE)).toBe(true);
  expect(verifyAccessToken2(parsed, TEST_AGORA_CERTIFICATE_SECONDARY)).toBe(false);
  return parsed;
}
