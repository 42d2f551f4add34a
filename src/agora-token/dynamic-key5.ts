import { decodeBase64, encodeBase64 } from './base64';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { TokenError } from './errors';
import { constantTimeEqual, hmacSha1 } from './hash';
import { assertHex32, assertString, assertUint32, assertVersion } from './validate';

export const VERSION_DK5 = '005';

export const DynamicKey5Service = {
  MediaChannel: 1,
  Recording: 2,
  PublicSharing: 3,
  InChannelPermission: 4,
} as const;

/** Values of the in-channel permission key's only extra entry (key 1, ALLOW_UPLOAD_IN_CHANNEL). */
export const InChannelPermission = { NoUpload: '0', AudioVideoUpload: '3' } as const;
export type InChannelPermission = (typeof InChannelPermission)[keyof typeof InChannelPermission];

const SERVICES: readonly number[] = Object.values(DynamicKey5Service);
const PERMISSIONS: readonly string[] = Object.values(InChannelPermission);

/** The App ID and certificate are hex-decoded, so case is free. */
export interface DynamicKey5Options {
  appId: string;
  /** Its 16 decoded bytes are the HMAC-SHA1 key. */
  appCertificate: string;
  channelName: string;
  /** Signed but not carried in the key. */
  uid: number;
  unixTs: number;
  randomInt: number;
  /** Absolute unix end of the service (the references pass 0 for recording and public sharing). */
  expiredTs: number;
}

export type DynamicKey5InChannelPermissionOptions = DynamicKey5Options & {
  permission: InChannelPermission;
};

/** Nothing here is trusted until `verifyDynamicKey5` says so. */
export interface ParsedDynamicKey5 {
  version: typeof VERSION_DK5;
  serviceType: number;
  /** HMAC-SHA1 as 40 uppercase hex characters. */
  signature: string;
  appId: string;
  unixTs: number;
  randomInt: number;
  expiredTs: number;
  /** [key, value] in wire order (empty except for in-channel permission keys). */
  extra: Array<[number, string]>;
}

/** The channel and uid are not carried in the key. */
export type VerifyDynamicKey5Options = Pick<
  DynamicKey5Options,
  'appCertificate' | 'channelName' | 'uid'
>;

/** DynamicKey5.generateMediaChannelKey: `"005" + base64(content)`. */
export const buildDynamicKey5MediaChannelKey = (options: DynamicKey5Options) =>
  build(options, DynamicKey5Service.MediaChannel, []);
export const buildDynamicKey5RecordingKey = (options: DynamicKey5Options) =>
  build(options, DynamicKey5Service.Recording, []);
export const buildDynamicKey5PublicSharingKey = (options: DynamicKey5Options) =>
  build(options, DynamicKey5Service.PublicSharing, []);

export function buildDynamicKey5InChannelPermissionKey(
  options: DynamicKey5InChannelPermissionOptions,
): string {
  if (!PERMISSIONS.includes(options.permission)) {
    throw new TokenError('ERR_VALUE_INVALID', 'permission must be "0" (no upload) or "3"');
  }
  return build(options, DynamicKey5Service.InChannelPermission, [[1, options.permission]]);
}

/** Decodes a DynamicKey5 without checking its signature; anything else is a TokenError. */
export function parseDynamicKey5(token: unknown): ParsedDynamicKey5 {
  assertVersion(token, VERSION_DK5, 'token is not a 005 DynamicKey5');
  const reader = new ByteReader(decodeBase64(token.slice(3)));
  const serviceType = reader.getUint16();
  const signature = reader.getString();
  const appIdRaw = reader.getBytes();
  const unixTs = reader.getUint32();
  const randomInt = reader.getUint32();
  const expiredTs = reader.getUint32();
  const extra = reader.getStringMap();
  if (!SERVICES.includes(serviceType) || !/^[0-9A-F]{40}$/.test(signature)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has an unknown service or a bad signature');
  }
  if (appIdRaw.length !== 16 || reader.remaining !== 0) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'token has a bad app id or trailing bytes');
  }
  const appId = appIdRaw.toString('hex');
  const version = VERSION_DK5;
  return { version, serviceType, signature, appId, unixTs, randomInt, expiredTs, extra };
}

/** Signed with this certificate for this channel and uid? */
export function verifyDynamicKey5(
  parsed: ParsedDynamicKey5,
  options: VerifyDynamicKey5Options,
): boolean {
  assertHex32(options.appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertString(options.channelName, 'channelName');
  assertUint32(options.uid, 'ERR_UID_INVALID', 'uid');
  const expected = sign(Buffer.from(options.appCertificate, 'hex'), parsed, options);
  return constantTimeEqual(expected, Buffer.from(parsed.signature, 'hex'));
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
