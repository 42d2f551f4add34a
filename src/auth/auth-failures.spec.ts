import { LogSampler } from './auth-failures';

describe(LogSampler.name, () => {
  let clock: number;
  const sampler = (perKey = 2, maxKeys = 3) => new LogSampler(60_000, perKey, maxKeys, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('should allow perKey lines per key in a window, then count what it holds back', () => {
    const sut = sampler();
    expect([sut.take('a'), sut.take('a'), sut.take('a'), sut.take('a')]).toEqual([
      0,
      0,
      undefined,
      undefined,
    ]);
    expect(sut.take('b')).toBe(2);
    expect(sut.take('b')).toBe(0);
  });

  it('should bound the keys per window, so rotating addresses cannot add lines', () => {
    const sut = sampler(1, 3);
    const taken = Array.from({ length: 1000 }, (_, i) => sut.take(`10.0.${i >> 8}.${i & 255}`));
    expect(taken.filter((held) => held !== undefined)).toEqual([0, 0, 0]);
  });

  it('should start a new window after windowMs and report the count held back', () => {
    const sut = sampler(1);
    sut.take('a');
    sut.take('a');
    sut.take('a');
    clock += 59_999;
    expect(sut.take('a')).toBeUndefined();
    clock += 1;
    expect(sut.take('a')).toBe(3);
    expect(sut.take('a')).toBeUndefined();
  });
});
