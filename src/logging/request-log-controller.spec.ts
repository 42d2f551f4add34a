import { levelOf } from './request-log-controller';

describe(levelOf.name, () => {
  it.each([
    [200, 'debug'],
    [201, 'debug'],
    [304, 'debug'],
    [400, 'info'],
    [403, 'info'],
    [404, 'info'],
    [413, 'info'],
    [415, 'info'],
    [401, 'debug'],
    [429, 'debug'],
    [500, 'warn'],
    [503, 'warn'],
  ])('should log a %i at %s', (status, level) => {
    expect(levelOf(status)).toBe(level);
  });
});
