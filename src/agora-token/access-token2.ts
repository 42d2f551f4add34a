import { randomInt } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { DEFAULT_MAX_PAYLOAD_BYTES, deflate, inflate, type Compression } from './compression';
import { TokenError } from './errors';
import { constantTimeEqual, hmacSha256, uint32le } from './hash';
import { hmacSha256Small } from './sha256';
import {
  isKnownServiceType,
  type KnownService,
  type Rtm2Permission,
  type Service,
} from './services';
import {
  assertHex32,
  assertInt16,
  assertUint32,
  assertVersion,
  HEX32,
  isList,
  isUint,
  privilegeMap,
  uidToText,
} from './validate';

export const VERSION_007 = '007';
const SIGNATURE_BYTES = 32;
/** `bytes(signature)` before signing_info: u16 length + 32 bytes. */
const SIGNATURE_FIELD_BYTES = 2 + SIGNATURE_BYTES;
/** Above this many signed bytes node:crypto's native hashing beats the JS HMAC (measured). */
const JS_HMAC_MAX_BYTES = 128;

export interface AccessToken2Options {
  appId: string;
  /** Used as text (not hex-decoded; case matters). */
  appCertificate: string;
  /** Lifetime in seconds after `issuedAt`. */
  expire: number;
  services: readonly Service[];
  /** Defaults to now. */
  issuedAt?: number;
  /** Defaults to a random 1..99999999 as Agora's builders do. */
  salt?: number;
  compression?: Compression;
}

// k1 depends only on the certificate and the issue second, and a busy service signs many tokens
// within one second with the same certificate: keep the last one.
let lastK1: { certificate: string; issuedAt: number; key: Buffer } | undefined;

/** The 007 signing key chain: k1 = HMAC(issuedAt, certificate), k2 = HMAC(salt, k1). */
function signingKey(appCertificate: string, issuedAt: number, salt: number): Buffer {
  let k1 = lastK1;
  if (k1?.certificate !== appCertificate || k1.issuedAt !== issuedAt) {
    const key = hmacSha256Small(uint32le(issuedAt), Buffer.from(appCertificate, 'latin1'));
    k1 = { certificate: appCertificate, issuedAt, key };
    lastK1 = k1;
  }
  return hmacSha256Small(uint32le(salt), k1.key);
}

/** HMAC-SHA256 of the signed bytes: plain JS for token-sized input, node:crypto for large ones. */
function sign(key: Buffer, signingInfo: Uint8Array): Buffer {
  return signingInfo.length <= JS_HMAC_MAX_BYTES
    ? hmacSha256Small(key, signingInfo)
    : hmacSha256(key, signingInfo);
}

export function buildAccessToken2(options: AccessToken2Options): string {
  const { appId, appCertificate, expire, services } = options;
  assertHex32(appId, 'ERR_APP_ID_INVALID', 'appId');
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  assertUint32(expire, 'ERR_EXPIRE_INVALID', 'expire');
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  assertUint32(issuedAt, 'ERR_TIMESTAMP_INVALID', 'issuedAt');
  const salt = options.salt ?? randomInt(1, 100_000_000);
  assertUint32(salt, 'ERR_SALT_INVALID', 'salt');
  if (!isList(services) || services.length === 0) {
    throw new TokenError('ERR_NO_SERVICE', 'a token needs at least one service');
  }
  if (services.length > 0xffff) {
    throw new TokenError('ERR_TOO_MANY_ENTRIES', 'a token holds at most 65535 services');
  }

  const writer = new ByteWriter(256);
  writer.putRaw(new Uint8Array(SIGNATURE_FIELD_BYTES));
  writer.putString(appId).putUint32(issuedAt).putUint32(expire).putUint32(salt);
  writer.putUint16(services.length);
  // Array.prototype.sort is stable: services of one type keep the caller's order.
  for (const service of [...services].sort((a, b) => a.type - b.type)) {
    packService(writer, service);
  }

  const payload = writer.bytes();
  const key = signingKey(appCertificate, issuedAt, salt);
  const signature = sign(key, payload.subarray(SIGNATURE_FIELD_BYTES));
  payload.writeUInt16LE(SIGNATURE_BYTES, 0);
  signature.copy(payload, 2);
  return VERSION_007 + encodeBase64(deflate(payload, options.compression));
}

function packService(writer: ByteWriter, service: Service): void {
  if (!isUint(service.type, 0xffff)) {
    throw new TokenError('ERR_VALUE_INVALID', 'service type must be an integer in 0..65535');
  }
  if (!isList(service.privileges)) {
    throw new TokenError('ERR_VALUE_INVALID', 'privileges must be a list of [id, seconds] pairs');
  }
  writer.putUint16(service.type).putUint32Map(privilegeMap(service.privileges));
  if (!isKnownServiceType(service.type)) {
    return;
  }
  const known = service as KnownService;
  switch (known.type) {
    case 1:
      writer.putString(known.channelName, 'channelName');
      writer.putString(uidToText(known.uid), 'uid');
      return;
    case 2:
    case 5:
      writer.putString(known.userId, 'userId');
      return;
    case 3:
    case 6:
      writer.putString(known.channelName, 'channelName');
      writer.putString(uidToText(known.account, 'account'), 'account');
      return;
    case 7:
      assertInt16(known.role, 'role');
      writer.putString(known.roomUuid, 'roomUuid').putString(known.userUuid, 'userUuid');
      writer.putInt16(known.role);
      return;
    case 8:
      writer.putString(known.userId, 'userId');
      packPermissions(writer, known.permissions);
      return;
    case 4:
    case 9:
    case 10:
      return;
  }
}

/** RTM2 permissions: grouped by resource type, then permission type, both ascending. */
function packPermissions(writer: ByteWriter, permissions: readonly Rtm2Permission[]): void {
  const byResource = new Map<number, Map<number, readonly string[]>>();
  for (const { resourceType, permissionType, resources } of permissions) {
    if (!isUint(resourceType, 0xffff) || !isUint(permissionType, 0xffff)) {
      throw new TokenError('ERR_VALUE_INVALID', 'RTM2 permission types must be in 0..65535');
    }
    if (!isList(resources) || resources.length > 0xffff) {
      throw new TokenError('ERR_VALUE_INVALID', 'RTM2 resources must be a list of names');
    }
    let byPermission = byResource.get(resourceType);
    if (!byPermission) {
      byPermission = new Map();
      byResource.set(resourceType, byPermission);
    }
    // The same (resource, permission) pair again replaces its list, as the references do.
    byPermission.set(permissionType, resources);
  }
  writer.putUint16(byResource.size);
  for (const resourceType of [...byResource.keys()].sort((a, b) => a - b)) {
    const byPermission = byResource.get(resourceType)!;
    writer.putUint16(resourceType).putUint16(byPermission.size);
    for (const permissionType of [...byPermission.keys()].sort((a, b) => a - b)) {
      const resources = byPermission.get(permissionType)!;
      writer.putUint16(permissionType).putUint16(resources.length);
      for (const name of resources) {
        writer.putString(name, 'RTM2 resource name');
      }
    }
  }
}

/** User ids are the text on the wire, privileges in wire order. */
export type ParsedService = KnownService & { privileges: Array<[number, number]> };

export interface ParsedAccessToken2 {
  appId: string;
  issuedAt: number;
  expire: number;
  salt: number;
  services: ParsedService[];
  /** Set when parsing stopped at a service type this library does not know. */
  unknownServiceType?: number;
  /** How many strings were not valid UTF-8; their stray bytes read as `\xHH` (lossy-text.ts). */
  escapedStrings?: number;
  signature: Buffer;
  signingInfo: Buffer;
}

export interface ParseOptions {
  maxPayloadBytes?: number;
}

export function parseAccessToken2(token: unknown, options: ParseOptions = {}): ParsedAccessToken2 {
  assertVersion(token, VERSION_007, 'not a 007 token');
  const inflated = inflate(
    decodeBase64(token.slice(3)),
    options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  );
  // A view, not a copy: the inflated bytes belong to this parse alone.
  const payload = Buffer.from(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  const reader = new ByteReader(payload);
  const signature = reader.getBytes();
  const signingInfo = payload.subarray(reader.offset);
  const appId = reader.getString();
  const issuedAt = reader.getUint32();
  const expire = reader.getUint32();
  const salt = reader.getUint32();
  const count = reader.getUint16();
  const services: ParsedService[] = [];
  const parsed: ParsedAccessToken2 = {
    appId,
    issuedAt,
    expire,
    salt,
    services,
    signature,
    signingInfo,
  };
  for (let i = 0; i < count; i++) {
    const type = reader.getUint16();
    if (!isKnownServiceType(type)) {
      // The length of an unknown service is unknown, so nothing after it can be read.
      parsed.unknownServiceType = type;
      break;
    }
    services.push(readService(reader, type));
  }
  if (reader.escapedStrings > 0) {
    parsed.escapedStrings = reader.escapedStrings;
  }
  return parsed;
}

function readService(reader: ByteReader, type: KnownService['type']): ParsedService {
  const privileges = reader.getUint32Map();
  switch (type) {
    case 1:
      return { type, privileges, channelName: reader.getString(), uid: reader.getString() };
    case 2:
    case 5:
      return { type, privileges, userId: reader.getString() };
    case 3:
    case 6:
      return { type, privileges, channelName: reader.getString(), account: reader.getString() };
    case 7:
      return {
        type,
        privileges,
        roomUuid: reader.getString(),
        userUuid: reader.getString(),
        role: reader.getInt16(),
      };
    case 8:
      return { type, privileges, userId: reader.getString(), permissions: readPermissions(reader) };
    case 4:
    case 9:
    case 10:
      return { type, privileges };
  }
}

function readPermissions(reader: ByteReader): Rtm2Permission[] {
  const permissions: Rtm2Permission[] = [];
  const resourceCount = reader.getUint16();
  for (let r = 0; r < resourceCount; r++) {
    const resourceType = reader.getUint16();
    const permissionCount = reader.getUint16();
    for (let p = 0; p < permissionCount; p++) {
      const permissionType = reader.getUint16();
      const nameCount = reader.getUint16();
      const resources: string[] = [];
      for (let n = 0; n < nameCount; n++) {
        resources.push(reader.getString());
      }
      permissions.push({ resourceType, permissionType, resources });
    }
  }
  return permissions;
}

/** Expiry is not checked. An App ID that is not 32 hex never verifies (as nodejs and go). */
export function verifyAccessToken2(parsed: ParsedAccessToken2, appCertificate: string): boolean {
  assertHex32(appCertificate, 'ERR_APP_CERTIFICATE_INVALID', 'appCertificate');
  const { signature, signingInfo, appId, issuedAt, salt } = parsed;
  if (signature.length === 0 || signingInfo.length === 0 || !HEX32.test(appId)) {
    return false;
  }
  const key = signingKey(appCertificate, issuedAt, salt);
  return constantTimeEqual(sign(key, signingInfo), signature);
}
