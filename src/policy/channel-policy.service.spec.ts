import { Test } from '@nestjs/testing';
import { type AppSession, SCOPES } from '../auth/app-session';
import { ChannelPolicyService, POLICY_LIMITS } from './channel-policy.service';
import type { TokenRequest } from './token-request';

const session: AppSession = {
  issuer: 'https://idp.example',
  subject: 'alice',
  principal: 'https://idp.example|alice',
  kind: 'user',
  scopes: new Set<string>([SCOPES.rtcPublish]),
  binding: { uid: 1001 },
  channelGrants: ['room-1'],
  expiresAt: 2_000_000_000,
};

const rtc = (channel: string, ttl = 600): TokenRequest => ({
  version: '007',
  ttl,
  services: [{ service: 'rtc', channel, uid: 1001, privileges: { joinChannel: ttl } }],
});

describe(ChannelPolicyService.name, () => {
  let sut: ChannelPolicyService;

  beforeEach(async () => {
    const module = await Test.createTestingModule({
      providers: [
        ChannelPolicyService,
        { provide: POLICY_LIMITS, useValue: { maxTtlSeconds: 3600 } },
      ],
    }).compile();
    sut = module.get(ChannelPolicyService);
  });

  it('should return decisions, never throw them', () => {
    expect(sut.decide(session, rtc('room-1'))).toEqual({ allow: true });
    expect(sut.decide(session, rtc('room-2'))).toEqual({
      allow: false,
      reason: 'CHANNEL_NOT_GRANTED',
      status: 403,
      message: 'channel not permitted for this session',
    });
    expect(sut.decideInspect(session)).toMatchObject({ allow: false, reason: 'SCOPE_REQUIRED' });
  });

  it('should use the injected maximum lifetime', async () => {
    const module = await Test.createTestingModule({
      providers: [
        ChannelPolicyService,
        { provide: POLICY_LIMITS, useFactory: () => ({ maxTtlSeconds: 60 }) },
      ],
    }).compile();
    const shortLived = module.get(ChannelPolicyService);

    expect(shortLived.decide(session, rtc('room-1', 61))).toMatchObject({
      allow: false,
      reason: 'TTL_TOO_LONG',
    });
    expect(shortLived.decide(session, rtc('room-1', 60))).toEqual({ allow: true });
  });

  it.each([0, 1.5, 86_401, Number.NaN])(
    'should refuse to start with a maximum lifetime of %p',
    async (maxTtlSeconds) => {
      const compiling = Test.createTestingModule({
        providers: [ChannelPolicyService, { provide: POLICY_LIMITS, useValue: { maxTtlSeconds } }],
      }).compile();

      await expect(compiling).rejects.toThrow(/maxTtlSeconds/);
    },
  );
});
