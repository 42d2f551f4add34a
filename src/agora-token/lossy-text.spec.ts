import { decodeLossy } from './lossy-text';

describe('decodeLossy', () => {
  it.each([
    ['ASCII', Buffer.from('room-1'), 'room-1'],
    ['multi-byte UTF-8', Buffer.from('été-频道'), 'été-频道'],
    ['a backslash in valid text, unescaped', Buffer.from('a\\b'), 'a\\b'],
    ['nothing', Buffer.alloc(0), ''],
  ])('should decode %s unchanged', (_what, bytes, text) => {
    expect(decodeLossy(bytes)).toEqual({ text, escaped: false });
  });

  it.each([
    // WTF-8 of U+D800, as Agora's Go builder writes a lone surrogate.
    ['a lone surrogate', [0x72, 0xed, 0xa0, 0x80], 'r\\xED\\xA0\\x80'],
    ['a stray continuation byte', [0x80, 0x61], '\\x80a'],
    ['0xFF beside valid multi-byte text', [0xc3, 0xa9, 0xff], 'é\\xFF'],
    ['an overlong "/"', [0xc0, 0xaf], '\\xC0\\xAF'],
    ['a sequence cut short at the end', [0x61, 0xe9, 0xa2], 'a\\xE9\\xA2'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\\xF4\\x90\\x80\\x80'],
    ['a 4-byte emoji kept beside a bad byte', [0xf0, 0x9f, 0x98, 0x80, 0xfe], '😀\\xFE'],
    ['a backslash, doubled so escapes stay unambiguous', [0x5c, 0x78, 0xff], '\\\\x\\xFF'],
  ])('should escape %s', (_what, bytes, text) => {
    expect(decodeLossy(Buffer.from(bytes))).toEqual({ text, escaped: true });
  });

  it('should read a view into a larger buffer by its own bounds', () => {
    const whole = Buffer.from([0xff, 0x61, 0xff, 0x62]);
    expect(decodeLossy(whole.subarray(1, 3))).toEqual({ text: 'a\\xFF', escaped: true });
  });
});
