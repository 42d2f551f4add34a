import { bearerMatches } from './metrics-server';

describe(bearerMatches.name, () => {
  const token = 'metrics-token-0123456789';

  it('should accept the exact token, with the scheme in any case', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another token', 'Bearer metrics-token-0123456780'],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${token}x`],
    ['the token without the scheme', token],
    ['another scheme', `Basic ${token}`],
    ['two tokens', `Bearer ${token} ${token}`],
  ])('should refuse %s', (_case, header) => {
    expect(bearerMatches(header, token)).toBe(false);
  });
});
