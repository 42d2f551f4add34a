import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type AppSession, SCOPES } from '../auth/app-session';
import { ChannelPolicyService, toHttpException } from './channel-policy.service';
import { deny } from './policy-decision';
import type { PolicyRequest } from './policy-request';
import { PolicyModule } from './policy.module';
import { POLICY_LIMITS } from './policy.constants';

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

const rtc = (channel: string, ttlSeconds = 600): PolicyRequest => ({
  kind: 'rtc',
  channel,
  uid: 1001,
  role: 'publisher',
  ttlSeconds,
});

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe(ChannelPolicyService.name, () => {
  let sut: ChannelPolicyService;

  beforeEach(async () => {
    const module = await Test.createTestingModule({
      imports: [PolicyModule.forRoot({ useValue: { maxTtlSeconds: 3600 } })],
    }).compile();
    sut = module.get(ChannelPolicyService);
  });

  it('should return when the policy allows', () => {
    expect(() => sut.assertAllowed(session, rtc('room-1'))).not.toThrow();
  });

  it('should throw a 403 ForbiddenException with the reason code on a 403 denial', () => {
    const error = thrown(() => sut.assertAllowed(session, rtc('room-2')));

    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).getStatus()).toBe(403);
    expect((error as ForbiddenException).getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'channel not permitted for this session',
      code: 'CHANNEL_NOT_GRANTED',
    });
  });

  it('should throw a 400 BadRequestException with the reason code on a 400 denial', () => {
    const error = thrown(() => sut.assertAllowed(session, rtc('room-1', 3601)));

    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getStatus()).toBe(400);
    expect((error as BadRequestException).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'lifetime exceeds the maximum of 3600 seconds',
      code: 'TTL_TOO_LONG',
    });
  });

  it('should use the injected maximum lifetime', async () => {
    const module = await Test.createTestingModule({
      imports: [PolicyModule.forRoot({ useFactory: () => ({ maxTtlSeconds: 60 }) })],
    }).compile();
    const shortLived = module.get(ChannelPolicyService);

    expect(shortLived.evaluate(session, rtc('room-1', 61))).toMatchObject({
      allow: false,
      reason: 'TTL_TOO_LONG',
    });
    expect(shortLived.evaluate(session, rtc('room-1', 60))).toEqual({ allow: true });
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

  it.each([
    ['UID_MISMATCH', 403, ForbiddenException],
    ['WILDCARD_NOT_ALLOWED', 403, ForbiddenException],
    ['ACCOUNT_LOOKS_NUMERIC', 400, BadRequestException],
    ['REQUEST_INVALID', 400, BadRequestException],
  ] as const)('should map %s to a %i exception', (reason, status, type) => {
    const error = toHttpException(deny(reason));

    expect(error).toBeInstanceOf(type);
    expect(error.getResponse()).toMatchObject({ statusCode: status, code: reason });
  });
});
