import { SERVICE_NAMES, type ServiceSpec } from '../agora-token';
import type { AgoraProject } from '../config/agora-projects';
import { roleOf, type TokenRequest } from '../policy/token-request';
import type { ChatTokenResponseDto } from './dto/chat.dto';
import type { IssuedTokenDto } from './dto/issued-token.dto';
import type { MultiTokenResponseDto } from './dto/multi-token.dto';
import type { RtcTokenResponseDto } from './dto/rtc.dto';
import type { RtmPermissionDto } from './dto/rtm.dto';
import type { RtmTokenResponseDto } from './dto/rtm.dto';
import { iso, mapValues } from './iso-time';

/**
 * The answers of the issuing routes, read off the request as built (after any expiry bound), so
 * every time in a response is a time in the token. `IssuedTokenDto` is the part they share.
 */
export interface Issued {
  readonly envelope: IssuedTokenDto;
  readonly request: TokenRequest;
}

const TYPE_ORDER: readonly string[] = Object.values(SERVICE_NAMES);

/** What every issuing answer starts with. */
export function envelope(
  token: string,
  request: TokenRequest,
  project: AgoraProject,
  issuedAt: number,
): IssuedTokenDto {
  const expiresAt = issuedAt + request.ttl;
  return {
    token,
    version: request.version,
    appId: project.appId,
    project: project.name,
    issuedAt: iso(issuedAt),
    expiresAt: iso(expiresAt),
    issuedAtUnix: issuedAt,
    expiresAtUnix: expiresAt,
    expiresInSeconds: request.ttl,
  };
}

export function rtcResponse({ envelope, request }: Issued): RtcTokenResponseDto {
  const [rtc, rtm] = request.services as [Spec<'rtc'>, Spec<'rtm'> | undefined];
  const at = expiries(envelope);
  return {
    ...envelope,
    channel: rtc.channel,
    ...(rtc.uid !== undefined ? { uid: rtc.uid } : { account: rtc.account }),
    role: roleOf(rtc),
    privilegeExpiresAt: at(rtc),
    ...(rtm && { rtm: { userId: rtm.userId, expiresAt: at(rtm).login! } }),
  };
}

export function rtmResponse({ envelope, request }: Issued): RtmTokenResponseDto {
  const [rtm] = request.services as [Spec<'rtm' | 'rtm2'>];
  const permissions = rtm.service === 'rtm2' ? rtm.permissions : undefined;
  return {
    ...envelope,
    userId: rtm.userId,
    service: rtm.service,
    ...(permissions && { permissions: permissions as RtmPermissionDto[] }),
    privilegeExpiresAt: expiries(envelope)(rtm),
  };
}

export function chatResponse({ envelope, request }: Issued): ChatTokenResponseDto {
  const [chat] = request.services as [Spec<'chat'>];
  const kind = chat.privileges?.app !== undefined ? 'app' : 'user';
  return {
    ...envelope,
    kind,
    ...(kind === 'user' && { userId: chat.userId }),
    privilegeExpiresAt: expiries(envelope)(chat),
  };
}

/** Services listed as packed: stable-sorted by service type. */
export function multiResponse({ envelope, request }: Issued): MultiTokenResponseDto {
  const at = expiries(envelope);
  const packed = [...request.services].sort(
    (a, b) => TYPE_ORDER.indexOf(a.service) - TYPE_ORDER.indexOf(b.service),
  );
  return {
    ...envelope,
    services: packed.map((spec) => ({ service: spec.service, privilegeExpiresAt: at(spec) })),
  };
}

type Spec<N extends ServiceSpec['service']> = Extract<ServiceSpec, { service: N }>;

/** Privilege expiries of a service as ISO times: its seconds after the token's issue time. */
function expiries(envelope: IssuedTokenDto): (spec: ServiceSpec) => Record<string, string> {
  return (spec) =>
    mapValues(spec.privileges ?? {}, (seconds) => iso(envelope.issuedAtUnix + seconds));
}
