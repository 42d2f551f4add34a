import { createSecretKey } from 'node:crypto';
import { decode, verify } from 'jsonwebtoken';
import { DEV_SUBJECT, devClaims, mintDevJwt } from './dev-jwt';

const SECRET = 'a-dev-secret-that-is-long-enough-012345';

describe(mintDevJwt.name, () => {
  it('should mint an HS256 token with iss, aud, iat, exp and a default sub', () => {
    const token = mintDevJwt({
      secret: SECRET,
      issuer: 'iss',
      audience: 'aud',
      ttlSeconds: 600,
      nowSeconds: 1_700_000_000,
      claims: { agora_uid: 1001 },
    });
    expect(decode(token, { complete: true })?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(verify(token, SECRET, { algorithms: ['HS256'], clockTimestamp: 1_700_000_100 })).toEqual(
      {
        sub: DEV_SUBJECT,
        agora_uid: 1001,
        iss: 'iss',
        aud: 'aud',
        iat: 1_700_000_000,
        exp: 1_700_000_600,
      },
    );
  });

  it('should accept a KeyObject secret and let claims override sub but not iss, aud or times', () => {
    const token = mintDevJwt({
      secret: createSecretKey(Buffer.from(SECRET)),
      issuer: 'iss',
      audience: 'aud',
      ttlSeconds: 60,
      nowSeconds: 1_700_000_000,
      claims: { sub: 'bob', iss: 'evil', exp: 9_999_999_999 },
    });
    expect(verify(token, SECRET, { clockTimestamp: 1_700_000_000 })).toMatchObject({
      sub: 'bob',
      iss: 'iss',
      exp: 1_700_000_060,
    });
  });
});

describe(devClaims.name, () => {
  it('should bind the development caller under the configured claim names', () => {
    expect(devClaims({ uid: 'u', account: 'a', channels: 'c' })).toEqual({
      sub: DEV_SUBJECT,
      u: 1001,
      a: 'alice',
      c: ['demo-*'],
      scope: 'rtc:publish tokens:inspect rtm:permissions chat:app',
    });
    expect(devClaims()).toMatchObject({ agora_uid: 1001, agora_account: 'alice' });
  });
});
