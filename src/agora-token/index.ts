// Every Agora token format, byte-exact: build, parse, verify. No NestJS, no process.env, no I/O.
export { TokenError, isTokenError, type TokenErrorCode } from './errors';
export { decimalUid, HEX32, UINT32_MAX } from './validate';
export { COMPRESSIONS, type Compression } from './compression';
export {
  PRIVILEGE_NAMES,
  SERVICE_NAMES,
  SERVICE_TITLES,
  type Service,
  type ServiceName,
} from './services';
export {
  buildAccessToken2,
  parseAccessToken2,
  verifyAccessToken2,
  type ParsedAccessToken2,
} from './access-token2';
export {
  buildToken,
  type PrivilegeSpec,
  type Rtm2PermissionSpec,
  type ServiceSpec,
  type TokenSpec,
} from './token-spec';
export {
  inspectToken,
  type InspectedToken,
  type Inspected007,
  type InspectOptions,
  type SignatureCheck,
} from './inspect-token';
export { checkToken, type TokenCheck, type TokenCheckName, type TokenVerdict } from './check-token';

// 007 builders with the privileges and expiries of Agora's reference builders.
export {
  buildApaasAppToken,
  buildApaasRoomUserToken,
  buildApaasUserToken,
  buildChatAppToken,
  buildChatUserToken,
  buildConvoAiToken,
  buildEducationAppToken,
  buildEducationRoomUserToken,
  buildEducationUserToken,
  buildFpaToken,
  buildRtcTokenWithRtm,
  buildRtcTokenWithRtm2,
  buildRtcTokenWithUid,
  buildRtcTokenWithUidAndPrivilege,
  buildRtcTokenWithUserAccount,
  buildRtcTokenWithUserAccountAndPrivilege,
  buildRtmToken,
  buildRtmTokenWithPermissions,
  buildSttToken,
  RtcRole,
  type BuilderBase,
} from './builders';

// Legacy formats: inspectToken reads and verifies each; their other builders are in their modules.
export {
  buildAccessToken006,
  buildRtcToken006WithUid,
  buildRtmToken006,
  parseAccessToken006,
  Role006,
  verifyAccessToken006,
} from './access-token-006';
export { buildDynamicKey5MediaChannelKey } from './dynamic-key5';
