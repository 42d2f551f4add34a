import { levelOf, requestIdFor } from './fastify-logging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(requestIdFor.name, () => {
  it.each([
    'abc',
    'a',
    'req-123',
    '01HZX3J7Q8.trace:span_1-2',
    '0f8fad5b-d9cb-469f-a165-70867728950e',
    'x'.repeat(128),
  ])('should keep the sane id %s', (id) => {
    expect(requestIdFor(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['a space', 'a b'],
    ['a newline (log injection)', 'abc\n{"event":"token.issued"}'],
    ['a quote', 'a"b'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'idé'],
    ['a JWT-like value with "="', 'abc=='],
  ])('should replace an id with %s by a fresh UUID', (_why, id) => {
    expect(requestIdFor(id)).toMatch(UUID);
  });

  it('should generate a fresh UUID without a header, and a new one each time', () => {
    const first = requestIdFor(undefined);
    expect(first).toMatch(UUID);
    expect(requestIdFor(undefined)).not.toBe(first);
  });

  it('should not trust a repeated header', () => {
    expect(requestIdFor(['a', 'b'])).toMatch(UUID);
  });
});

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
