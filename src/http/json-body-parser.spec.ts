import { declaredCharset } from './json-body-parser';

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
