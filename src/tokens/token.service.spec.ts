import { Test } from '@nestjs/testing';
import { parseAccessToken2, verifyAccessToken2 } from '../agora-token';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { agoraConfig, type AgoraConfig } from '../config/agora.config';
import { policyConfig } from '../config/policy.config';
import { AgoraProjects } from '../config/agora-projects';
import { ChannelPolicyService, POLICY_LIMITS } from '../policy/channel-policy.service';
import type { Caller } from './caller.decorator';
import { CLOCK } from './clock';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import { InspectService } from './inspect.service';
import { TokenAuditService } from './token-audit.service';
import { TokenService } from './token.service';

const APP_ID = '0123456789abcdef0123456789abcd01';
const PRIMARY = 'abcdef0123456789abcdef0123456701';
const SECONDARY = 'abcdef0123456789abcdef0123456702';
const NOW = 1_700_000_000;

const session: AppSession = {
  issuer: 'https://idp.test',
  subject: 'alice',
  principal: 'https://idp.test|alice',
  kind: 'user',
  scopes: new Set(['tokens:inspect']),
  binding: { uid: 1001 },
  channelGrants: ['room-1', 'x*'],
  expiresAt: NOW + 86_400,
};
const caller: Caller = { session, requestId: 'req-1' };

const rtc = (channel = 'room-1'): IssueRtcTokenDto => ({
  channel,
  uid: 1001,
  role: 'subscriber',
  ttlSeconds: 600,
});

describe(TokenService.name, () => {
  let sut: TokenService;
  let inspector: InspectService;
  const audit = { issued: jest.fn(), denied: jest.fn() };

  async function create(active: 'primary' | 'secondary', boundByJwt = true) {
    const config: AgoraConfig = {
      projects: [
        {
          name: 'default',
          appId: APP_ID,
          certificates: { primary: PRIMARY, secondary: SECONDARY },
          active,
          isDefault: true,
        },
      ],
      source: 'env',
      generated: false,
    };
    const policy = { tokenDefaultTtlSeconds: 3600, tokenExpiryBoundByJwt: boundByJwt };
    const module = await Test.createTestingModule({
      providers: [
        TokenService,
        InspectService,
        AgoraProjects,
        ChannelPolicyService,
        { provide: POLICY_LIMITS, useValue: { maxTtlSeconds: 3600 } },
        { provide: agoraConfig.KEY, useValue: config },
        { provide: policyConfig.KEY, useValue: policy },
        { provide: CLOCK, useValue: { nowSeconds: () => NOW } },
        { provide: TokenAuditService, useValue: audit },
      ],
    }).compile();
    return { tokens: module.get(TokenService), inspector: module.get(InspectService) };
  }

  beforeEach(async () => {
    jest.clearAllMocks();
    ({ tokens: sut, inspector } = await create('primary'));
  });

  it('should sign at the injected time with the active certificate and audit the issuance', () => {
    const response = sut.rtc(caller, rtc());
    const parsed = parseAccessToken2(response.token);
    expect(parsed).toMatchObject({ appId: APP_ID, issuedAt: NOW, expire: 600 });
    expect(verifyAccessToken2(parsed, PRIMARY)).toBe(true);
    expect(audit.issued).toHaveBeenCalledWith(caller, {
      kind: 'rtc',
      project: 'default',
      request: {
        project: undefined,
        version: '007',
        ttl: 600,
        services: [
          { service: 'rtc', channel: 'room-1', uid: 1001, privileges: { joinChannel: 600 } },
        ],
      },
      expiresAt: '2023-11-14T22:23:20.000Z',
    });
  });

  it('should sign with the secondary certificate once it is active', async () => {
    const { tokens: rotated } = await create('secondary');
    const parsed = parseAccessToken2(rotated.rtc(caller, rtc()).token);
    expect(verifyAccessToken2(parsed, SECONDARY)).toBe(true);
    expect(verifyAccessToken2(parsed, PRIMARY)).toBe(false);
  });

  it('should audit a policy denial and answer with its reason, before building anything', () => {
    const error = refusal(() => sut.rtc(caller, rtc('room-2')));
    expect(error.getStatus()).toBe(403);
    expect(error.getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'channel not permitted for this session',
      code: 'CHANNEL_NOT_GRANTED',
    });
    expect(audit.issued).not.toHaveBeenCalled();
    expect(audit.denied).toHaveBeenCalledWith(
      caller,
      expect.objectContaining({ kind: 'rtc', reason: 'CHANNEL_NOT_GRANTED' }),
    );
  });

  it('should turn a library refusal into 400 VALIDATION_FAILED, audited, never a token', () => {
    // A channel the DTO would refuse: the library's own 65535-byte limit still holds.
    const error = refusal(() => sut.rtc(caller, rtc('x'.repeat(70_000))));
    expect(error.getStatus()).toBe(400);
    expect(error.getResponse()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(audit.issued).not.toHaveBeenCalled();
    expect(audit.denied).toHaveBeenCalledWith(
      caller,
      expect.objectContaining({ reason: 'VALIDATION_FAILED' }),
    );
  });

  it('should answer 400 UNKNOWN_PROJECT for a project not configured, audited', () => {
    const error = refusal(() => sut.rtc(caller, { ...rtc(), project: 'other' }));
    expect(error.getResponse()).toMatchObject({ statusCode: 400, code: 'UNKNOWN_PROJECT' });
    expect(audit.denied).toHaveBeenCalledWith(
      caller,
      expect.objectContaining({ project: 'other', reason: 'UNKNOWN_PROJECT' }),
    );
  });

  it('should end the token and every privilege with the caller JWT, unless configured off', async () => {
    const scopes = new Set(['rtc:publish']);
    const shortLived: Caller = { session: { ...session, scopes, expiresAt: NOW + 120 } };
    const publisher = { ...rtc(), role: 'publisher' as const, ttlSeconds: 600 };
    const bounded = sut.rtc(shortLived, publisher);
    expect(bounded).toMatchObject({ expiresInSeconds: 120, expiresAtUnix: NOW + 120 });
    expect(parseAccessToken2(bounded.token)).toMatchObject({ expire: 120 });
    expect(new Set(Object.values(bounded.privilegeExpiresAt))).toEqual(
      new Set(['2023-11-14T22:15:20.000Z']),
    );
    const { tokens: unbounded } = await create('primary', false);
    const full = unbounded.rtc(shortLived, publisher);
    expect(full).toMatchObject({ expiresInSeconds: 600, expiresAtUnix: NOW + 600 });
  });

  it('should answer 400 TOKEN_MALFORMED for a token it cannot read', () => {
    expect(() => inspector.inspect(caller, { token: '007notbase64!' })).toThrow(ApiException);
    const error = refusal(() => inspector.inspect(caller, { token: 'garbage' }));
    expect(error.getResponse()).toMatchObject({ code: 'TOKEN_MALFORMED' });
  });

  it('should report verdicts for both certificates and never a certificate', () => {
    const { token } = sut.rtc(caller, rtc());
    const inspected = inspector.inspect(caller, { token });
    expect(inspected.signatures).toEqual([
      { project: 'default', certificate: 'primary', valid: true },
      { project: 'default', certificate: 'secondary', valid: false },
    ]);
    const text = JSON.stringify(inspected);
    expect(text).not.toContain(PRIMARY);
    expect(text).not.toContain(SECONDARY);
  });
});

function refusal(action: () => unknown): ApiException {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiException);
    return error as ApiException;
  }
  throw new Error('expected the action to throw');
}
