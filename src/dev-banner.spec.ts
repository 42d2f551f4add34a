import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { verify } from 'jsonwebtoken';
import type { AuthConfig } from './config/auth.config';
import type { PolicyConfig } from './config/policy.config';
import { DEMO_RTC_REQUEST, devBannerText } from './dev-banner';

const SECRET = 'a-dev-secret-that-is-long-enough-012345';
const AUTH: AuthConfig = {
  keys: { kind: 'secret', key: createSecretKey(Buffer.from(SECRET)), generated: true },
  algorithms: ['HS256'],
  issuer: 'agora-token-authority-dev',
  audience: 'agora-token-authority',
  clockToleranceSeconds: 30,
  maxJwtLifetimeSeconds: 3600,
  types: { absent: true, values: new Set(['jwt', 'at+jwt']) },
};
const POLICY: PolicyConfig = {
  claims: {
    uid: 'uid_claim',
    account: 'agora_account',
    channels: 'channels_claim',
    kind: 'agora_kind',
  },
  channelTemplates: [],
  tokenDefaultTtlSeconds: 3600,
  tokenMaxTtlSeconds: 3600,
};

describe(devBannerText.name, () => {
  const banner = devBannerText({
    baseUrl: 'http://127.0.0.1:3000',
    swaggerEnabled: true,
    auth: AUTH,
    policy: POLICY,
  });

  it('should print the Swagger URL and a curl command for POST /v1/tokens/rtc', () => {
    expect(banner).toContain('Swagger UI: http://127.0.0.1:3000/docs');
    expect(banner).toContain(
      `curl -sS -X POST 'http://127.0.0.1:3000/v1/tokens/rtc' -H 'Authorization: Bearer `,
    );
    expect(banner).toContain(`-d '${JSON.stringify(DEMO_RTC_REQUEST)}'`);
    expect(DEMO_RTC_REQUEST).toEqual({ channel: 'demo-room', uid: 1001, role: 'publisher' });
  });

  it('should print a JWT the service accepts, with the configured claim names', () => {
    const jwt = /Bearer ([^']+)'/.exec(banner)?.[1] ?? '';
    const claims = verify(jwt, SECRET, {
      algorithms: ['HS256'],
      issuer: AUTH.issuer,
      audience: AUTH.audience,
    }) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: 'dev-user',
      uid_claim: 1001,
      agora_account: 'alice',
      channels_claim: ['demo-*'],
      scope: 'rtc:publish tokens:inspect rtm:permissions chat:app',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(AUTH.maxJwtLifetimeSeconds);
  });

  it('should not mint a JWT when callers are verified with public keys', () => {
    const pem = { kind: 'public-key', key: generateKeyPairSync('ed25519').publicKey } as const;
    const text = devBannerText({
      baseUrl: 'http://127.0.0.1:3000',
      swaggerEnabled: false,
      auth: { ...AUTH, keys: pem },
      policy: POLICY,
    });
    expect(text).not.toContain('curl');
    expect(text).not.toContain('Swagger');
  });
});
