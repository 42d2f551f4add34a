import type { ServiceSpec } from '../agora-token';

/** An issuance in the library's JSON shape, defaults applied: the policy judges what is built. */
export interface TokenRequest {
  /** Configured project name; undefined for the default project. */
  project?: string;
  /** 006 holds exactly one RTC service. */
  version: '007' | '006';
  /** Token lifetime in seconds. */
  ttl: number;
  services: ServiceSpec[];
}

export type RtcRole = 'publisher' | 'subscriber';

/** RTC privileges that let the holder send; holding any of them is publishing. */
export const RTC_PUBLISH_PRIVILEGES = [
  'publishAudioStream',
  'publishVideoStream',
  'publishDataStream',
] as const;

/** The role a service's privileges amount to (RTC and FCDN publish, Streaming always does). */
export function roleOf(service: ServiceSpec): RtcRole {
  const privileges = service.privileges ?? {};
  const publishes =
    service.service === 'streaming' ||
    (service.service === 'fcdn' && privileges.publish !== undefined) ||
    (service.service === 'rtc' &&
      RTC_PUBLISH_PRIVILEGES.some((name) => privileges[name] !== undefined));
  return publishes ? 'publisher' : 'subscriber';
}
