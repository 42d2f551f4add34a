/**
 * Agora token library: every Agora token format, byte-exact, with build, parse and verify.
 * Framework-free: no NestJS, no process.env, no I/O. Clock and randomness are injectable through
 * `issuedAt`/`salt` (007) and `ts`/`salt` (006) options.
 */
export { TokenError, isTokenError, type TokenErrorCode } from './errors';
export { HEX32, UINT32_MAX } from './validate';
export { COMPRESSIONS, DEFAULT_MAX_PAYLOAD_BYTES, type Compression } from './compression';

// AccessToken2 (007): services, low-level build/parse/verify, and the JSON shape.
export {
  ApaasPrivilege,
  ChatPrivilege,
  FcdnPrivilege,
  FpaPrivilege,
  PRIVILEGE_NAMES,
  Rtm2PermissionType,
  Rtm2ResourceType,
  RtcPrivilege,
  RtmPrivilege,
  SERVICE_NAMES,
  SERVICE_TITLES,
  ServiceType,
  StreamingPrivilege,
  type KnownService,
  type PrivilegeList,
  type Rtm2Permission,
  type Service,
  type ServiceName,
} from './services';
export {
  buildAccessToken2,
  parseAccessToken2,
  verifyAccessToken2,
  VERSION_007,
  type AccessToken2Options,
  type ParsedAccessToken2,
  type ParsedService,
  type ParseOptions,
} from './access-token2';
export { buildToken, PRIVILEGE_NAMES_006, type TokenSpec, type TokenSpec006 } from './build-token';
export {
  inspectToken,
  type InspectedToken,
  type Inspected007,
  type Inspected006,
  type InspectedDynamicKey5,
  type InspectedDynamicKey4,
  type InspectedDynamicKey3,
  type InspectedDynamicKey1,
  type InspectedSignaling,
  type InspectOptions,
  type SignatureCheck,
} from './inspect-token';
export {
  checkToken,
  TOKEN_CHECKS,
  type TokenCheck,
  type TokenCheckName,
  type TokenCheckResult,
  type TokenExpectation,
  type TokenVerdict,
} from './check-token';
export { decodeLossy, type LossyText } from './lossy-text';
export type { PrivilegeSpec, Rtm2PermissionSpec, ServiceSpec, TokenSpec007 } from './token-spec';

// 007 builders with the privileges and expiries of Agora's reference builders.
export type { BuilderBase } from './builder-options';
export {
  buildRtcTokenWithRtm,
  buildRtcTokenWithRtm2,
  buildRtcTokenWithUid,
  buildRtcTokenWithUidAndPrivilege,
  buildRtcTokenWithUserAccount,
  buildRtcTokenWithUserAccountAndPrivilege,
  rtcRolePrivileges,
  RtcRole,
  type RtcAccountOptions,
  type RtcPrivilegeExpiry,
  type RtcRtm2Options,
  type RtcUidOptions,
} from './rtc-token-builder';
export { buildRtmToken, buildRtmTokenWithPermissions, type RtmOptions } from './rtm-token-builder';
export { buildChatAppToken, buildChatUserToken } from './chat-token-builder';
export { buildFpaToken } from './fpa-token-builder';
export {
  buildApaasAppToken,
  buildApaasRoomUserToken,
  buildApaasUserToken,
  buildEducationAppToken,
  buildEducationRoomUserToken,
  buildEducationUserToken,
} from './apaas-token-builder';
export { buildConvoAiToken, buildSttToken } from './agent-token-builder';

// Legacy formats.
export {
  buildAccessToken006,
  parseAccessToken006,
  Privilege006,
  verifyAccessToken006,
  VERSION_006,
  type AccessToken006Options,
  type ParsedAccessToken006,
  type VerifyAccessToken006Options,
} from './access-token-006';
export {
  buildRtcToken006WithAccount,
  buildRtcToken006WithUid,
  buildRtmToken006,
  Role006,
  RtmRole006,
  type RtcToken006WithAccountOptions,
  type RtcToken006WithUidOptions,
  type RtmToken006Options,
} from './token-builder-006';
export {
  buildDynamicKey5InChannelPermissionKey,
  buildDynamicKey5MediaChannelKey,
  buildDynamicKey5PublicSharingKey,
  buildDynamicKey5RecordingKey,
  DynamicKey5Service,
  InChannelPermission,
  parseDynamicKey5,
  verifyDynamicKey5,
  VERSION_DK5,
  type DynamicKey5InChannelPermissionOptions,
  type DynamicKey5Options,
  type ParsedDynamicKey5,
  type VerifyDynamicKey5Options,
} from './dynamic-key5';
export {
  buildDynamicKey1,
  buildDynamicKey2,
  buildDynamicKey3,
  buildDynamicKey4MediaChannelKey,
  buildDynamicKey4PublicSharingKey,
  buildDynamicKey4RecordingKey,
  DynamicKey4Service,
  parseDynamicKey1,
  parseDynamicKey2,
  parseDynamicKey3,
  parseDynamicKey4,
  verifyDynamicKey1,
  verifyDynamicKey2,
  verifyDynamicKey3,
  verifyDynamicKey4,
  type DynamicKey1Options,
  type DynamicKeyOptions,
  type ParsedDynamicKey1,
  type ParsedDynamicKey2,
  type ParsedDynamicKey3,
  type ParsedDynamicKey4,
  type VerifyDynamicKeyOptions,
} from './dynamic-key-legacy';
export {
  buildSignalingToken,
  parseSignalingToken,
  verifySignalingToken,
  VERSION_SIGNALING,
  type ParsedSignalingToken,
  type SignalingTokenOptions,
  type VerifySignalingTokenOptions,
} from './signaling-token';
