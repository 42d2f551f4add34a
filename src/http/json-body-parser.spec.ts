import { declaredCharset, nestsDeeperThan } from './json-body-parser';

describe(declaredCharset.name, () => {
  it.each([
    [undefined, undefined],
    ['application/json', undefined],
    ['application/json; charset=utf-8', 'utf-8'],
    ['application/json;charset=UTF-8', 'utf-8'],
    ['application/json; CharSet="UTF-16"', 'utf-16'],
    ['application/json; foo=bar; charset=iso-8859-1', 'iso-8859-1'],
    ['application/json; foo=charset', undefined],
  ])('should read %p as %p', (contentType, expected) => {
    expect(declaredCharset(contentType)).toBe(expected);
  });
});

describe(nestsDeeperThan.name, () => {
  const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it.each([
    ['a scalar', '1', 0, false],
    ['an empty object at depth 1', '{}', 1, false],
    ['an empty object past depth 0', '{}', 0, true],
    ['3 arrays at 3', arrays(3), 3, false],
    ['4 arrays past 3', arrays(4), 3, true],
    ['mixed objects and arrays past 2', '{"a":[{"b":1}]}', 2, true],
    ['siblings do not add up', '{"a":[1],"b":[2],"c":{"d":3}}', 2, false],
    ['brackets inside a string', '{"a":"[[[[{{{{"}', 1, false],
    ['an escaped quote keeps the string open', '{"a":"\\"[[[["}', 1, false],
    ['an escaped backslash closes the string', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['100,000 levels, stopping early', arrays(100_000), 32, true],
    ['unbalanced closers (invalid JSON, left to JSON.parse)', ']]]][[', 1, false],
  ])('should judge %s', (_case, text, maxDepth, expected) => {
    expect(nestsDeeperThan(text, maxDepth)).toBe(expected);
  });

  it('should agree with JSON.parse on how deep valid JSON nests', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    const samples = [
      '{"channel":"room","uid":1,"privileges":{"join":1,"publish":[1,2,{"x":[]}]}}',
      '[[],[[]],[[[]]],{"a":{"b":{"c":"]]]"}}}]',
      '"[[["',
    ];
    for (const sample of samples) {
      const depth = depthOf(JSON.parse(sample));
      expect([sample, nestsDeeperThan(sample, depth)]).toEqual([sample, false]);
      expect([sample, nestsDeeperThan(sample, depth - 1)]).toEqual([sample, depth > 0]);
    }
  });
});
