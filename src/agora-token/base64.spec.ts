import { decodeBase64 } from './base64';

/** The textbook form of strict padded base64: whole groups, then at most one padded group. */
const GROUPED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function accepts(text: string): boolean {
  try {
    decodeBase64(text);
    return true;
  } catch {
    return false;
  }
}

describe('decodeBase64', () => {
  it('should accept exactly the strings the grouped expression accepts (all up to 7 characters)', () => {
    // Alphabet characters of both kinds, padding, and one character outside the alphabet.
    const alphabet = ['A', '/', '=', '-'];
    let strings = [''];
    let checked = 0;
    for (let length = 0; length <= 7; length++) {
      for (const text of strings) {
        expect([text, accepts(text)]).toEqual([text, GROUPED.test(text)]);
        checked++;
      }
      strings = strings.flatMap((text) => alphabet.map((c) => text + c));
    }
    expect(checked).toBe((4 ** 8 - 1) / 3);
  });

  it('should decode what it accepts', () => {
    expect(decodeBase64('AAE=')).toEqual(Buffer.from([0, 1]));
    expect(() => decodeBase64('AA=A')).toThrow('token is not valid standard base64');
  });
});
