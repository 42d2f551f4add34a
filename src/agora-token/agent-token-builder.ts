import { buildAccessToken2 } from './access-token2';
import { baseOf } from './builder-options';
import { rtcRtm2Services, type RtcRtm2Options } from './rtc-token-builder';

/** ConvoAITokenBuilder.buildToken: the RTC + RTM of buildTokenWithRtm2 plus an empty ConvoAI service. */
export function buildConvoAiToken(options: RtcRtm2Options): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.rtcTokenExpireSeconds,
    services: [...rtcRtm2Services(options), { type: 9, privileges: [] }],
  });
}

/** SttTokenBuilder.buildToken: the RTC + RTM of buildTokenWithRtm2 plus an empty STT service. */
export function buildSttToken(options: RtcRtm2Options): string {
  return buildAccessToken2({
    ...baseOf(options),
    expire: options.rtcTokenExpireSeconds,
    services: [...rtcRtm2Services(options), { type: 10, privileges: [] }],
  });
}
