import { rateLimitHeaders } from './tier-throttler.guard';

describe(rateLimitHeaders.name, () => {
  it('should count down the remaining budget within a window', () => {
    expect(
      rateLimitHeaders(10, {
        totalHits: 3,
        timeToExpire: 42,
        isBlocked: false,
        timeToBlockExpire: 0,
      }),
    ).toEqual({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Reset': '42',
    });
  });

  it('should say 0 left on the last allowed hit', () => {
    expect(
      rateLimitHeaders(10, {
        totalHits: 10,
        timeToExpire: 5,
        isBlocked: false,
        timeToBlockExpire: 0,
      }),
    ).toMatchObject({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '5' });
  });

  it('should reset at the end of the block while blocked', () => {
    expect(
      rateLimitHeaders(10, {
        totalHits: 14,
        timeToExpire: 20,
        isBlocked: true,
        timeToBlockExpire: 60,
      }),
    ).toEqual({
      'X-RateLimit-Limit': '10',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '60',
    });
  });
});
