import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { HEX32_RULE, isHex32 } from './agora-project';
import { isValidClaimName } from './channel-template';
import { algorithmsForKey } from './jwt-algorithms';

/**
 * class-validator rules for raw environment strings. Messages state the rule and never interpolate
 * `$value`: configuration errors name the variable, never its value.
 */

const INTEGER = /^(0|[1-9][0-9]*)$/;

/** A decimal integer string in `min..max` (no sign, spaces, exponent or leading zeros). */
export function IsIntegerString(min: number, max: number, options?: ValidationOptions) {
  return rule(
    'isIntegerString',
    (value) => typeof value === 'string' && INTEGER.test(value) && +value >= min && +value <= max,
    `must be an integer from ${min} to ${max}`,
    options,
  );
}

/** A TCP port (0 picks a free one) or `off`. */
export function IsPortOrOff() {
  return rule(
    'isPortOrOff',
    (value) =>
      value === 'off' || (typeof value === 'string' && INTEGER.test(value) && +value <= 65535),
    'must be a port from 0 to 65535, or off',
  );
}

/**
 * A bearer token a client can send as is (RFC 6750 token68 characters) and long enough not to be
 * guessed: `min` to 1024 characters.
 */
export function IsBearerSecret(min: number) {
  return rule(
    'isBearerSecret',
    (value) =>
      typeof value === 'string' &&
      value.length >= min &&
      value.length <= 1024 &&
      /^[A-Za-z0-9\-._~+/]+=*$/.test(value),
    `must be ${min} to 1024 characters of A-Z a-z 0-9 - . _ ~ + / (then optional "=")`,
  );
}

export function IsOneOf(values: readonly string[], options?: ValidationOptions) {
  return rule(
    'isOneOf',
    (value) => typeof value === 'string' && values.includes(value),
    `must be one of: ${values.join(', ')}`,
    options,
  );
}

export function IsHex32String(options?: ValidationOptions) {
  return rule('isHex32String', isHex32, HEX32_RULE, options);
}

/** A comma-separated list whose items (trimmed, non-empty) each satisfy `check`. */
export function IsListOf(check: (item: string) => boolean, itemRule: string) {
  return rule(
    'isListOf',
    (value) =>
      typeof value === 'string' && splitList(value).every((item) => item !== '' && check(item)),
    `must be a comma-separated list; each item ${itemRule}`,
  );
}

/** An `AUTH_JWT_TYPES` item: `absent`, or a media type (RFC 6838 names) with or without `application/`. */
export function isJwtTypeItem(item: string): boolean {
  return (
    item === 'absent' ||
    /^[A-Za-z0-9][\w!#$&^.+-]{0,126}(\/[A-Za-z0-9][\w!#$&^.+-]{0,126})?$/.test(item)
  );
}

/** Splits a comma-separated variable; whitespace around items is not part of them. */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** Printable text without control characters (issuer, audience): up to `max` characters. */
export function IsPrintable(max: number) {
  return rule(
    'isPrintable',
    // eslint-disable-next-line no-control-regex
    (value) => typeof value === 'string' && value.length <= max && !/[\x00-\x1f\x7f]/.test(value),
    `must be at most ${max} characters without control characters (newlines included)`,
  );
}

export function IsClaimName() {
  return rule(
    'isClaimName',
    (value) => typeof value === 'string' && isValidClaimName(value),
    'must be a claim name: 1-256 printable characters without spaces, braces, commas or "*"',
  );
}

/** An IP address or a DNS host name. */
export function IsHost() {
  return rule(
    'isHost',
    (value) =>
      typeof value === 'string' &&
      (isIP(value) !== 0 ||
        /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
          value,
        )),
    'must be an IP address or a host name',
  );
}

/** An exact browser origin: `scheme://host[:port]`, no path, no trailing slash. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export function IsUrlWithProtocols(protocols: readonly string[]) {
  return rule(
    'isUrlWithProtocols',
    (value) => {
      try {
        return typeof value === 'string' && protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL (${protocols.map((p) => `${p}//`).join(' or ')})`,
  );
}

/**
 * A PEM public key a JWS algorithm can verify with: RSA >= 2048 bits, EC P-256/384/521 (no
 * Ed25519/Ed448: jsonwebtoken has no EdDSA). Private keys are refused outright rather than silently reduced to their public half.
 */
export function IsPublicKeyPem() {
  return rule(
    'isPublicKeyPem',
    (value) => typeof value === 'string' && parsePublicKeyPem(value) !== null,
    'must be a PEM public key (-----BEGIN PUBLIC KEY-----): RSA >= 2048 bits, EC P-256/P-384/P-521; never a private key',
  );
}

/** Parses a PEM public key (literal `\n` escapes, as env files often carry them, are accepted). */
export function parsePublicKeyPem(value: string) {
  const pem = value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
  if (!pem.includes('-----BEGIN') || /PRIVATE KEY/.test(pem)) {
    return null;
  }
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    return algorithmsForKey(key).length > 0 ? key : null;
  } catch {
    return null;
  }
}

function rule(
  name: string,
  validate: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return ValidateBy(
    { name, validator: { validate, defaultMessage: () => message } },
    { ...options, message },
  );
}
