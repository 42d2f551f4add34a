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
import { certificateFor } from './certificate-source';
import { DEV_CREDENTIALS_PATH, readDevCredentials } from '../config/dev-credentials';
import type { CliIo } from './io';
import { refuseNumericAccount } from './numeric-account';

export const BUILD_KINDS = ['rtc', 'rtm', 'chat'] as const;
export type BuildKind = (typeof BUILD_KINDS)[number];

const COMMON: FlagSpec = {
  'app-id': 'string',
  'app-certificate': 'string',
  expire: 'string',
  'issued-at': 'string',
  salt: 'string',
  compression: 'string',
  json: 'boolean',
  'allow-numeric-account': 'boolean',
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
export function buildFromFlags(kind: BuildKind, flags: Flags, io: CliIo): string {
  if (flags.positionals.length > 0) {
    throw new UsageError(`build ${kind} takes no positional arguments`);
  }
  const allowNumeric = flags.has('allow-numeric-account');
  refuseNumericAccount(flags.text('account'), '--account', allowNumeric, '--uid');
  refuseNumericAccount(flags.text('user-id'), '--user-id', allowNumeric);
  refuseNumericAccount(flags.text('rtm-user-id'), '--rtm-user-id', allowNumeric);
  const base = builderBase(flags, io);
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

/**
 * App ID and certificate from flags, else the environment, else the development credentials file
 * (see `certificateFor`); clock, salt and compression injectable.
 */
function builderBase(flags: Flags, io: CliIo): BuilderBase {
  const appId = flags.text('app-id') ?? (io.env.AGORA_APP_ID || readDevCredentials(io.cwd).appId);
  if (appId === undefined) {
    throw new UsageError(`--app-id is required (or set AGORA_APP_ID, or ${DEV_CREDENTIALS_PATH})`);
  }
  const found = certificateFor(appId, flags, io);
  if (found === undefined) {
    throw new UsageError(
      '--app-certificate is required (or set AGORA_APP_CERTIFICATE, or ' +
        `${DEV_CREDENTIALS_PATH} with this App ID)`,
    );
  }
  const certificate = found.certificate;
  const compression = flags.text('compression');
  if (compression !== undefined && !COMPRESSIONS.includes(compression as Compression)) {
    throw new UsageError(`--compression must be one of ${COMPRESSIONS.join(', ')}`);
  }
  return {
    appId: hex32(appId, '--app-id (or AGORA_APP_ID)'),
    appCertificate: hex32(certificate, found.source),
    issuedAt: flags.uint('issued-at'),
    salt: flags.uint('salt'),
    compression: compression as Compression | undefined,
  };
}
