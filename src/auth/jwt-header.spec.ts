import { type AuthFailureReason, AuthRejection } from './auth-rejection';
import { readJwtHeader } from './jwt-header';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bytes = (text: string) => Buffer.from(text, 'latin1').toString('base64url');
const HEADER = segment({ alg: 'HS256', typ: 'JWT' });
const PAYLOAD = segment({ sub: 'alice' });

describe(readJwtHeader.name, () => {
  it('should return the header of a well-formed token', () => {
    expect(readJwtHeader(`${HEADER}.${PAYLOAD}.c2ln`)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(readJwtHeader(`${segment({ sub: 'é', kid: 'k' })}.${segment({ n: 'ü' })}.`)).toEqual({
      sub: 'é',
      kid: 'k',
    });
  });

  it.each([
    ['two segments', `${HEADER}.${PAYLOAD}`],
    ['four segments', `${HEADER}.${PAYLOAD}.c2ln.x`],
    ['an empty header', `.${PAYLOAD}.c2ln`],
    ['an empty payload', `${HEADER}..c2ln`],
    ['standard base64 in the header', `${HEADER}+.${PAYLOAD}.c2ln`],
    ['padding in the payload', `${HEADER}.${PAYLOAD}=.c2ln`],
    ['a payload that is not UTF-8', `${HEADER}.${bytes('{"sub":"ali\xffce"}')}.c2ln`],
    ['a lone surrogate encoded as UTF-8', `${HEADER}.${bytes('{"sub":"\xed\xa0\x80"}')}.c2ln`],
    ['a header that is not UTF-8', `${bytes('{"alg":"HS256","x":"\xc3"}')}.${PAYLOAD}.c2ln`],
    ['a header that is not JSON', `${bytes('{alg')}.${PAYLOAD}.c2ln`],
    ['an array header', `${segment(['HS256'])}.${PAYLOAD}.c2ln`],
    ['a null header', `${segment(null)}.${PAYLOAD}.c2ln`],
    ['a payload with a UTF-8 BOM', `${HEADER}.${bytes('\xef\xbb\xbf{"sub":"alice"}')}.c2ln`],
    ['a JSON string payload', `${HEADER}.${segment('alice')}.c2ln`],
    ['a payload that is not JSON', `${HEADER}.${bytes('alice')}.c2ln`],
  ])('should refuse %s as MALFORMED', (_case, token) => {
    expect(reasonOf(() => readJwtHeader(token))).toBe('MALFORMED');
  });
});

function reasonOf(run: () => unknown): AuthFailureReason | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AuthRejection ? error.reason : undefined;
  }
  return undefined;
}
