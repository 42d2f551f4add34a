import {
  buildChatAppToken,
  buildChatUserToken,
  buildRtcTokenWithRtm2,
  buildRtcTokenWithUid,
  buildRtcTokenWithUserAccount,
  buildRtmToken,
  COMPRESSIONS,
  RtcRole,
  type BuilderBase,
  type Compression,
} from '../agora-token';
import { hex32, UsageError, type Flags, type FlagSpec } from './args';
import type { CliIo } from './io';

export const BUILD_KINDS = ['rtc', 'rtm', 'chat'] as const;
export type BuildKind = (typeof BUILD_KINDS)[number];

const COMMON: FlagSpec = {
  'app-id': 'string',
  'app-certificate': 'string',
  expire: 'string',
  'issued-at': 'string',
  salt: 'string',
  compression: 'string',
};

const KIND_FLAGS: Record<BuildKind, FlagSpec> = {
  rtc: {
    channel: 'string',
    uid: 'string',
    account: 'string',
    role: 'string',
    'privilege-expire': 'string',
    'rtm-user-id': 'string',
  },
  rtm: { 'user-id': 'string' },
  chat: { 'user-id': 'string', app: 'boolean' },
};

const DEFAULT_EXPIRE_SECONDS = 3600;
const ROLES: Record<string, RtcRole> = {
  publisher: RtcRole.Publisher,
  subscriber: RtcRole.Subscriber,
};

/** The flags `build <kind>` accepts. */
export function buildFlagSpec(kind: BuildKind): FlagSpec {
  return { ...COMMON, ...KIND_FLAGS[kind] };
}

/** `build rtc|rtm|chat` from its parsed flags (see `buildFlagSpec`). */
export function buildFromFlags(kind: BuildKind, flags: Flags, env: CliIo['env']): string {
  if (flags.positionals.length > 0) {
    throw new UsageError(`build ${kind} takes no positional arguments`);
  }
  const base = builderBase(flags, env);
  const expireSeconds = flags.uint('expire') ?? DEFAULT_EXPIRE_SECONDS;
  switch (kind) {
    case 'rtc':
      return buildRtc(flags, base, expireSeconds);
    case 'rtm':
      return buildRtmToken({ ...base, userId: flags.required('user-id'), expireSeconds });
    case 'chat':
      flags.oneOf(['user-id', 'app'], true);
      return flags.has('app')
        ? buildChatAppToken({ ...base, expireSeconds })
        : buildChatUserToken({ ...base, userId: flags.required('user-id'), expireSeconds });
  }
}

function buildRtc(flags: Flags, base: BuilderBase, tokenExpireSeconds: number): string {
  const channelName = flags.required('channel');
  flags.oneOf(['uid', 'account'], true);
  const uid = flags.uint('uid');
  // Subscriber unless asked: a token that can publish should be a deliberate choice.
  const role = ROLES[flags.text('role') ?? 'subscriber'];
  if (role === undefined) {
    throw new UsageError('--role must be publisher or subscriber');
  }
  // Agora's builders default to 0 (left to the server); spelling it out shows in `inspect`.
  const privilegeExpireSeconds = flags.uint('privilege-expire') ?? tokenExpireSeconds;
  const rtmUserId = flags.text('rtm-user-id');
  if (rtmUserId !== undefined) {
    const expiry = {
      joinChannel: privilegeExpireSeconds,
      publishAudioStream: privilegeExpireSeconds,
      publishVideoStream: privilegeExpireSeconds,
      publishDataStream: privilegeExpireSeconds,
    };
    return buildRtcTokenWithRtm2({
      ...base,
      channelName,
      rtcAccount: uid ?? flags.required('account'),
      rtcRole: role,
      rtcTokenExpireSeconds: tokenExpireSeconds,
      privilegeExpireSeconds: expiry,
      rtmUserId,
      rtmTokenExpireSeconds: tokenExpireSeconds,
    });
  }
  const options = { ...base, channelName, role, tokenExpireSeconds, privilegeExpireSeconds };
  return uid === undefined
    ? buildRtcTokenWithUserAccount({ ...options, account: flags.required('account') })
    : buildRtcTokenWithUid({ ...options, uid });
}

/** App ID and certificate from flags or the environment; clock, salt and compression injectable. */
function builderBase(flags: Flags, env: CliIo['env']): BuilderBase {
  const appId = flags.required('app-id', env.AGORA_APP_ID, 'AGORA_APP_ID');
  const certificate = flags.required(
    'app-certificate',
    env.AGORA_APP_CERTIFICATE,
    'AGORA_APP_CERTIFICATE',
  );
  const compression = flags.text('compression');
  if (compression !== undefined && !COMPRESSIONS.includes(compression as Compression)) {
    throw new UsageError(`--compression must be one of ${COMPRESSIONS.join(', ')}`);
  }
  return {
    appId: hex32(appId, '--app-id (or AGORA_APP_ID)'),
    appCertificate: hex32(certificate, '--app-certificate (or AGORA_APP_CERTIFICATE)'),
    issuedAt: flags.uint('issued-at'),
    salt: flags.uint('salt'),
    compression: compression as Compression | undefined,
  };
}
