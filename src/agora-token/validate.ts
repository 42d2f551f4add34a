import { TokenError, type TokenErrorCode } from './errors';

export const UINT32_MAX = 0xffff_ffff;
/** App IDs and certificates: exactly 32 hexadecimal characters, case preserved. */
export const HEX32 = /^[0-9a-fA-F]{32}$/;

export function assertHex32(
  value: unknown,
  code: TokenErrorCode,
  what: string,
): asserts value is string {
  if (typeof value !== 'string' || !HEX32.test(value)) {
    // The value itself is never echoed: a certificate must not reach a log through an error.
    throw new TokenError(code, `${what} must be exactly 32 hexadecimal characters`);
  }
}

/** Every parser starts here: a string of the format's version, or ERR_TOKEN_VERSION. */
export function assertVersion(
  token: unknown,
  prefix: string,
  notIt: string,
): asserts token is string {
  if (typeof token !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token must be a string');
  }
  if (!token.startsWith(prefix)) {
    throw new TokenError('ERR_TOKEN_VERSION', notIt);
  }
}

export function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

export function assertUint32(
  value: unknown,
  code: TokenErrorCode,
  what: string,
): asserts value is number {
  if (!isUint(value, UINT32_MAX)) {
    throw new TokenError(code, `${what} must be an integer in 0..4294967295`);
  }
}

export function assertInt16(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x8000 || value > 0x7fff) {
    throw new TokenError('ERR_VALUE_INVALID', `${what} must be an integer in -32768..32767`);
  }
}

/**
 * Checks a text field and returns its UTF-8 byte length. Lone surrogates are refused: UTF-8 would
 * silently turn them into U+FFFD and sign something the caller did not ask for.
 */
export function assertString(value: unknown, what: string): number {
  if (typeof value !== 'string' || !value.isWellFormed()) {
    throw new TokenError('ERR_STRING_INVALID', `${what} must be a well-formed string`);
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > 0xffff) {
    throw new TokenError('ERR_STRING_TOO_LONG', `${what} is longer than 65535 UTF-8 bytes`);
  }
  return bytes;
}

export function assertCount(count: number, what: string): void {
  if (count > 0xffff) {
    throw new TokenError('ERR_TOO_MANY_ENTRIES', `${what} holds more than 65535 entries`);
  }
}

/** The uid of canonical decimal text (no sign or padding, at most 2^32-1), else undefined. */
export function decimalUid(text: string): number | undefined {
  const uid = Number(text);
  return /^(0|[1-9][0-9]{0,9})$/.test(text) && uid <= UINT32_MAX ? uid : undefined;
}

/** Agora's user-id rule: the number 0 is "" (any user), strings stay as they are ("0" too). */
export function uidToText(uid: number | string, what = 'uid'): string {
  if (typeof uid === 'string') {
    assertString(uid, what);
    return uid;
  }
  assertUint32(uid, 'ERR_UID_INVALID', what);
  return uid === 0 ? '' : String(uid);
}

/** Privilege id (u16) to u32 seconds; a repeated id keeps its last value. */
export function privilegeMap(
  entries: Iterable<readonly [number, number]>,
  article = '',
): Map<number, number> {
  const map = new Map<number, number>();
  for (const [id, seconds] of entries) {
    if (!isUint(id, 0xffff)) {
      throw new TokenError(
        'ERR_VALUE_INVALID',
        `${article}privilege id must be an integer in 0..65535`,
      );
    }
    assertUint32(seconds, 'ERR_EXPIRE_INVALID', `${article}privilege expiry`);
    map.set(id, seconds);
  }
  return map;
}

/** Array.isArray keeping the element type (plain JavaScript callers may pass anything). */
export function isList<T>(value: readonly T[]): boolean {
  return Array.isArray(value);
}
