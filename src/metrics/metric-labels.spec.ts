import { methodLabel, nameLabel, reasonLabel, routeLabel } from './metrics.service';

describe('metric labels', () => {
  it('should keep known methods and fold the rest into OTHER', () => {
    expect(['GET', 'POST', 'HEAD', 'OPTIONS'].map(methodLabel)).toEqual([
      'GET',
      'POST',
      'HEAD',
      'OPTIONS',
    ]);
    expect(methodLabel('PROPFIND')).toBe('OTHER');
  });

  it('should use the route pattern, or unmatched', () => {
    expect(routeLabel('/v1/tokens/rtc')).toBe('/v1/tokens/rtc');
    expect(routeLabel(undefined)).toBe('unmatched');
  });

  it('should accept only SCREAMING_SNAKE reason codes', () => {
    expect(reasonLabel('CHANNEL_NOT_GRANTED')).toBe('CHANNEL_NOT_GRANTED');
    expect(reasonLabel('channel not permitted')).toBe('OTHER');
    expect(reasonLabel('A'.repeat(65))).toBe('OTHER');
  });

  it('should accept short identifiers as names', () => {
    expect(nameLabel('rtc')).toBe('rtc');
    expect(nameLabel('eu-west.1')).toBe('eu-west.1');
    expect(nameLabel(undefined)).toBe('other');
    expect(nameLabel('a b')).toBe('other');
    expect(nameLabel('x'.repeat(65))).toBe('other');
  });
});
