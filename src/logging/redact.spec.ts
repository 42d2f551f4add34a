import { REDACTED, redactSensitive } from './redact';

describe(redactSensitive.name, () => {
  it.each([
    'token',
    'accessToken',
    'jwt',
    'appCertificate',
    'certificate',
    'secret',
    'jwtSecret',
    'password',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
  ])('should redact a field named %s', (name) => {
    expect(redactSensitive({ [name]: 'value', kept: 1 })).toEqual({ [name]: REDACTED, kept: 1 });
  });

  it('should redact at any depth, in arrays too', () => {
    const input = {
      req: { headers: { authorization: 'Bearer x', cookie: 'sid=1', accept: '*/*' } },
      projects: [{ name: 'a', appCertificate: 'c1' }, { name: 'b' }],
    };
    expect(redactSensitive(input)).toEqual({
      req: { headers: { authorization: REDACTED, cookie: REDACTED, accept: '*/*' } },
      projects: [{ name: 'a', appCertificate: REDACTED }, { name: 'b' }],
    });
  });

  it('should never modify its input', () => {
    const input = { nested: { token: 't' } };
    redactSensitive(input);
    expect(input).toEqual({ nested: { token: 't' } });
  });

  it('should return the very same object when nothing is sensitive (no copy on the hot path)', () => {
    const input = { event: 'token.issued', services: ['rtc'], uid: 1, expiresAt: 'x' };
    expect(redactSensitive(input)).toBe(input);
  });

  it('should keep fields whose names merely contain a word (tokenType, secretary)', () => {
    const input = { tokenType: 'rtc', secretary: 'x', expiresAt: 1 };
    expect(redactSensitive(input)).toBe(input);
  });

  it('should leave class instances and primitives to their serializers', () => {
    const error = Object.assign(new Error('x'), { token: 't' });
    expect(redactSensitive(error)).toBe(error);
    expect(redactSensitive('token')).toBe('token');
    expect(redactSensitive(null)).toBeNull();
  });
});
