import { TokenError } from './errors';
import { constantTimeEqual, hmacSha1 } from './hash';
import { assertHex32, assertString, assertUint32, assertVersion, UINT32_MAX } from './validate';

/** DynamicKey4, 3, 2 and 1: fixed-width text keys, HMAC-SHA1 keyed by the certificate text. */

/** The text that starts the signed string (it is not carried in the key). */
export const DynamicKey4Service = {
  PublicSharing: 'APSS',
  Recording: 'ARS',
  MediaChannel: 'ACS',
} as const;
export type DynamicKey4Service = (typeof DynamicKey4Service)[keyof typeof DynamicKey4Service];

/** The App ID is used as given; the certificate text (case kept) is the HMAC-SHA1 key. */
export interface DynamicKey1Options {
  appId: string;
  appCertificate: string;
  /** Signed, not carried. */
  channelName: string;
  unixTs: number;
  randomInt: number;
}

/** DynamicKey4, 3 and 2. */
export interface DynamicKeyOptions extends DynamicKey1Options {
  /** 0..2^32-1 (the references reduce other values modulo 2^32; we refuse them). */
  uid: number;
  expiredTs: number;
}

/** Every field a fixed-width key can carry. Nothing here is trusted until verified. */
export interface LegacyKeyFields {
  /** HMAC-SHA1, 40 lowercase hex characters. */
  signature: string;
  appId: string;
  unixTs: number;
  randomInt: number;
  /** DynamicKey3 and 2 only. */
  uid: number;
  /** DynamicKey4, 3 and 2. */
  expiredTs: number;
}
export type ParsedDynamicKey4 = Omit<LegacyKeyFields, 'uid'>;
export type ParsedDynamicKey3 = LegacyKeyFields;
export type ParsedDynamicKey1 = Pick<
  LegacyKeyFields,
  'signature' | 'appId' | 'unixTs' | 'randomInt'
>;

/** The certificate and what the key must be for. */
export type VerifyDynamicKeyOptions = Pick<
  DynamicKeyOptions,
  'appCertificate' | 'channelName' | 'uid'
>;

type Field = keyof LegacyKeyFields;
type Signed = Omit<LegacyKeyFields, 'signature'>;
const HEAD: readonly Field[] = ['signature', 'appId', 'unixTs', 'randomInt'];
const DK4: readonly Field[] = [...HEAD, 'expiredTs'];
const DK3: readonly Field[] = [...HEAD, 'uid', 'expiredTs'];
const HEX = /^[0-9a-f]+$/;
const DIGITS = /^[0-9]+$/;
const FIELDS: Record<Field, { width: number; chars: RegExp }> = {
  signature: { width: 40, chars: HEX },
  appId: { width: 32, chars: /^[0-9a-fA-F]+$/ },
  unixTs: { width: 10, chars: DIGITS },
  randomInt: { width: 8, chars: HEX },
  uid: { width: 10, chars: DIGITS },
  expiredTs: { width: 10, chars: DIGITS },
};

/** DynamicKey4 public-sharing key: `"004" + sig40 + appId + ts10 + rnd8 + exp10` (no uid). */
export const buildDynamicKey4PublicSharingKey = (o: DynamicKeyOptions) =>
  build(o, '004', DK4, 'APSS');
export const buildDynamicKey4RecordingKey = (o: DynamicKeyOptions) => build(o, '004', DK4, 'ARS');
export const buildDynamicKey4MediaChannelKey = (o: DynamicKeyOptions) =>
  build(o, '004', DK4, 'ACS');
/** DynamicKey3: `"003" + sig40 + appId + ts10 + rnd8 + uid10 + exp10`. */
export const buildDynamicKey3 = (o: DynamicKeyOptions) => build(o, '003', DK3, '');
/** DynamicKey2: `sig40 + appId + ts10 + rnd8 + uid10 + exp10`, no prefix, signed as DynamicKey3. */
export const buildDynamicKey2 = (o: DynamicKeyOptions) => build(o, '', DK3, '');
/** DynamicKey (v1): `sig40 + appId + ts10 + rnd8`, no prefix; signs no uid or expiry. */
export const buildDynamicKey1 = (o: DynamicKey1Options) => build(o, '', HEAD, '');

/** Splits a DynamicKey4 without checking its signature; anything else is a TokenError. */
export const parseDynamicKey4 = (token: unknown): ParsedDynamicKey4 => parse(token, '004', DK4);
export const parseDynamicKey3 = (token: unknown): ParsedDynamicKey3 => parse(token, '003', DK3);
export const parseDynamicKey2 = (token: unknown): ParsedDynamicKey3 => parse(token, '', DK3);
export const parseDynamicKey1 = (token: unknown): ParsedDynamicKey1 => parse(token, '', HEAD);

/** True when the DynamicKey4 was signed with this certificate for this service, channel and uid. */
export const verifyDynamicKey4 = (
  parsed: ParsedDynamicKey4,
  options: VerifyDynamicKeyOptions & { service: DynamicKey4Service },
) => verify({ ...parsed, uid: options.uid }, options, options.service, true);
/** True when the DynamicKey3 or 2 was signed with this certificate for this channel and uid. */
export const verifyDynamicKey3 = (parsed: ParsedDynamicKey3, options: VerifyDynamicKeyOptions) =>
  parsed.uid === options.uid && verify(parsed, options, '', true);
/** Same as `verifyDynamicKey3` (DynamicKey2 signs the same text). */
export const verifyDynamicKey2 = verifyDynamicKey3;
export const verifyDynamicKey1 = (
  parsed: ParsedDynamicKey1,
  options: Omit<VerifyDynamicKeyOptions, 'uid'>,
) => verify({ ...parsed, uid: 0, expiredTs: 0 }, { ...options, uid: 0 }, '', false);

function build(
  o: DynamicKey1Options & Partial<DynamicKeyOptions>,
  prefix: string,
  layout: readonly Field[],
  service: string,
): string {
  assertHex32(o.appId, 'ERR_APP_ID_INVALID', 'appId');
  assertHex32(o.appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(o.channelName, 'channelName');
  assertUint32(o.unixTs, 'ERR_TIMESTAMP_INVALID', 'unixTs');
  assertUint32(o.randomInt, 'ERR_SALT_INVALID', 'randomInt');
  // DynamicKey4 signs a uid it does not carry; DynamicKey1 signs neither uid nor expiry.
  const signsUid = layout.includes('expiredTs');
  const fields: Signed = { ...o, uid: o.uid ?? 0, expiredTs: o.expiredTs ?? 0 };
  if (signsUid) {
    assertUint32(fields.uid, 'ERR_UID_INVALID', 'uid');
    assertUint32(fields.expiredTs, 'ERR_TIMESTAMP_INVALID', 'expiredTs');
  }
  const signature = sign(o.appCertificate, service, fields, o.channelName, signsUid);
  return prefix + join({ ...fields, signature: signature.toString('hex') }, layout);
}

function parse<F extends Field>(
  token: unknown,
  prefix: string,
  layout: readonly F[],
): Pick<LegacyKeyFields, F> {
  assertVersion(token, prefix, `token is not a ${prefix} dynamic key`);
  if (token.length !== layout.reduce((sum, name) => sum + FIELDS[name].width, prefix.length)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has the wrong length for its version');
  }
  const out: Partial<Record<Field, string | number>> = {};
  let pos = prefix.length;
  for (const name of layout) {
    const part = token.slice(pos, (pos += FIELDS[name].width));
    if (!FIELDS[name].chars.test(part)) {
      throw new TokenError('ERR_TOKEN_ENCODING', `token ${name} has characters outside its set`);
    }
    const value = name === 'signature' || name === 'appId' ? part : parseInt(part, radix(name));
    if (typeof value === 'number' && value > UINT32_MAX) {
      throw new TokenError('ERR_TOKEN_MALFORMED', `token ${name} does not fit in 32 bits`);
    }
    out[name] = value;
  }
  return out as Pick<LegacyKeyFields, F>;
}

function verify(
  parsed: LegacyKeyFields,
  options: VerifyDynamicKeyOptions,
  service: string,
  signsUid: boolean,
): boolean {
  assertHex32(options.appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(options.channelName, 'channelName');
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  const expected = sign(options.appCertificate, service, parsed, options.channelName, signsUid);
  return constantTimeEqual(expected, Buffer.from(parsed.signature, 'hex'));
}

function sign(
  cert: string,
  service: string,
  f: Signed,
  channel: string,
  signsUid: boolean,
): Buffer {
  const tail = signsUid ? join(f, ['uid', 'expiredTs']) : '';
  return hmacSha1(cert, service + join(f, ['appId', 'unixTs', 'randomInt']) + channel + tail);
}

function join(fields: Partial<LegacyKeyFields>, names: readonly Field[]): string {
  return names
    .map((name) => {
      const value = fields[name] ?? '';
      return typeof value === 'string'
        ? value
        : value.toString(radix(name)).padStart(FIELDS[name].width, '0');
    })
    .join('');
}

const radix = (name: Field) => (name === 'randomInt' ? 16 : 10);
