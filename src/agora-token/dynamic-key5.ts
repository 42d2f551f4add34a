import { decodeBase64, encodeBase64 } from './base64';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { TokenError } from './errors';
import { constantTimeEqual, hmacSha1 } from './hash';
import { assertHex32, assertString, assertUint32 } from './validate';

/** Version prefix of DynamicKey5. */
export const VERSION_DK5 = '005';

/** DynamicKey5 service types, the first field of the key. */
export const DynamicKey5Service = {
  MediaChannel: 1,
  Recording: 2,
  PublicSharing: 3,
  InChannelPermission: 4,
} as const;

/** Values of the in-channel permission key's only extra entry (key 1, ALLOW_UPLOAD_IN_CHANNEL). */
export const InChannelPermission = { NoUpload: '0', AudioVideoUpload: '3' } as const;
/** One of the `InChannelPermission` values. */
export type InChannelPermission = (typeof InChannelPermission)[keyof typeof InChannelPermission];

const ALLOW_UPLOAD_IN_CHANNEL = 1;
const SERVICES: readonly number[] = Object.values(DynamicKey5Service);
const PERMISSIONS: readonly string[] = Object.values(InChannelPermission);

/** Inputs of every DynamicKey5 build. The App ID and certificate are hex-decoded, so case is free. */
export interface DynamicKey5Options {
  /** App ID: exactly 32 hex characters. */
  appId: string;
  /** App Certificate: exactly 32 hex characters; its 16 decoded bytes are the HMAC-SHA1 key. */
  appCertificate: string;
  /** Channel name, at most 65535 UTF-8 bytes. */
  channelName: string;
  /** User id, an integer in 0..2^32-1. It is signed but not carried in the key. */
  uid: number;
  /** Generation time, unix seconds, 0..2^32-1. */
  unixTs: number;
  /** Random salt, 0..2^32-1. */
  randomInt: number;
  /** Absolute unix time in seconds at which the service ends, 0..2^32-1 (the references pass 0 for recording and public-sharing keys). */
  expiredTs: number;
}

/** Inputs of `buildDynamicKey5InChannelPermissionKey`. */
export interface DynamicKey5InChannelPermissionOptions extends DynamicKey5Options {
  /** `InChannelPermission.NoUpload` ("0") or `.AudioVideoUpload` ("3"). */
  permission: InChannelPermission;
}

/** The fields of a DynamicKey5. Nothing here is trusted until `verifyDynamicKey5` says so. */
export interface ParsedDynamicKey5 {
  version: typeof VERSION_DK5;
  /** One of `DynamicKey5Service`. */
  serviceType: number;
  /** HMAC-SHA1 signature as 40 uppercase hex characters. */
  signature: string;
  /** App ID as 32 lowercase hex characters. */
  appId: string;
  /** Generation time, unix seconds. */
  unixTs: number;
  /** Random salt. */
  randomInt: number;
  /** Absolute unix time in seconds at which the service ends. */
  expiredTs: number;
  /** [key, value] extra entries in wire order (empty except for in-channel permission keys). */
  extra: Array<[number, string]>;
}

/** What the caller expects the key to be for; the channel and uid are not carried in the key. */
export interface VerifyDynamicKey5Options {
  /** App Certificate: exactly 32 hex characters (any case). */
  appCertificate: string;
  /** Channel name. */
  channelName: string;
  /** User id, an integer in 0..2^32-1. */
  uid: number;
}

/** DynamicKey5.generateMediaChannelKey: `"005" + base64(content)`. */
export function buildDynamicKey5MediaChannelKey(options: DynamicKey5Options): string {
  return build(options, DynamicKey5Service.MediaChannel, []);
}

/** DynamicKey5.generateRecordingKey. */
export function buildDynamicKey5RecordingKey(options: DynamicKey5Options): string {
  return build(options, DynamicKey5Service.Recording, []);
}

/** DynamicKey5.generatePublicSharingKey. */
export function buildDynamicKey5PublicSharingKey(options: DynamicKey5Options): string {
  return build(options, DynamicKey5Service.PublicSharing, []);
}

/** DynamicKey5.generateInChannelPermissionKey. */
export function buildDynamicKey5InChannelPermissionKey(
  options: DynamicKey5InChannelPermissionOptions,
): string {
  if (!PERMISSIONS.includes(options.permission)) {
    throw new TokenError('ERR_VALUE_INVALID', 'permission must be "0" (no upload) or "3"');
  }
  const extra: Array<[number, string]> = [[ALLOW_UPLOAD_IN_CHANNEL, options.permission]];
  return build(options, DynamicKey5Service.InChannelPermission, extra);
}

/** Decodes a DynamicKey5 without checking its signature; anything else is a TokenError. */
export function parseDynamicKey5(token: unknown): ParsedDynamicKey5 {
  if (typeof token !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token must be a string');
  }
  if (!token.startsWith(VERSION_DK5)) {
    throw new TokenError('ERR_TOKEN_VERSION', 'token is not a 005 DynamicKey5');
  }
  const reader = new ByteReader(decodeBase64(token.slice(3)));
  const serviceType = reader.getUint16();
  const signature = reader.getString();
  const appIdRaw = reader.getBytes();
  const [unixTs, randomInt, expiredTs] = [
    reader.getUint32(),
    reader.getUint32(),
    reader.getUint32(),
  ];
  const extra = reader.getStringMap();
  if (!SERVICES.includes(serviceType) || !/^[0-9A-F]{40}$/.test(signature)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has an unknown service or a bad signature');
  }
  if (appIdRaw.length !== 16 || reader.remaining !== 0) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has a bad app id or trailing bytes');
  }
  const appId = appIdRaw.toString('hex');
  return {
    version: VERSION_DK5,
    serviceType,
    signature,
    appId,
    unixTs,
    randomInt,
    expiredTs,
    extra,
  };
}

/** True when `parsed` was signed with this certificate for this channel and uid. */
export function verifyDynamicKey5(
  parsed: ParsedDynamicKey5,
  options: VerifyDynamicKey5Options,
): boolean {
  assertHex32(options.appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(options.channelName, 'channelName');
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  const expected = sign(Buffer.from(options.appCertificate, 'hex'), parsed, options);
  const actual = Buffer.from(parsed.signature, 'hex');
  return constantTimeEqual(expected, actual);
}

type Signed = Omit<ParsedDynamicKey5, 'version' | 'signature'>;

function build(options: DynamicKey5Options, serviceType: number, extra: Signed['extra']): string {
  const { appId, appCertificate, unixTs, randomInt, expiredTs } = options;
  assertHex32(appId, 'ERR_APP_ID_INVALID', 'appId');
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(options.channelName, 'channelName');
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  assertUint32(unixTs, 'ERR_TIMESTAMP_INVALID', 'unixTs');
  assertUint32(randomInt, 'ERR_SALT_INVALID', 'randomInt');
  assertUint32(expiredTs, 'ERR_TIMESTAMP_INVALID', 'expiredTs');
  const fields: Signed = { serviceType, appId, unixTs, randomInt, expiredTs, extra };
  const signature = sign(Buffer.from(appCertificate, 'hex'), fields, options);
  const content = new ByteWriter(128)
    .putUint16(serviceType)
    .putString(signature.toString('hex').toUpperCase())
    .putBytes(Buffer.from(appId, 'hex'))
    .putUint32(unixTs)
    .putUint32(randomInt)
    .putUint32(expiredTs);
  return VERSION_DK5 + encodeBase64(putExtra(content, extra).bytes());
}

function sign(
  certificate: Buffer,
  fields: Signed,
  target: { channelName: string; uid: number },
): Buffer {
  const message = new ByteWriter(128)
    .putUint16(fields.serviceType)
    .putBytes(Buffer.from(fields.appId, 'hex'))
    .putUint32(fields.unixTs)
    .putUint32(fields.randomInt)
    .putString(target.channelName)
    .putUint32(target.uid)
    .putUint32(fields.expiredTs);
  return hmacSha1(certificate, putExtra(message, fields.extra).bytes());
}

// Wire order, not ByteWriter's sorted map: verification must sign exactly what the key carries.
function putExtra(writer: ByteWriter, extra: Signed['extra']): ByteWriter {
  writer.putUint16(extra.length);
  for (const [key, value] of extra) {
    writer.putUint16(key).putString(value);
  }
  return writer;
}
