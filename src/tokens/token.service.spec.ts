import { Test } from '@nestjs/testing';
import { parseAccessToken2, verifyAccessToken2 } from '../agora-token';
import type { AppSession } from '../auth/app-session';
import { ApiException } from '../common/api-error';
import { agoraConfig, type AgoraConfig } from '../config/agora.config';
import { AgoraProjects } from '../config/agora-projects';
import { CLOCK } from './clock';
import { TokenAuditService } from './token-audit.service';
import type { RtcIssue } from './token-issue';
import { TokenService } from './token.service';

const APP_ID = '0123456789abcdef0123456789abcd01';
const PRIMARY = 'abcdef0123456789abcdef0123456701';
const SECONDARY = 'abcdef0123456789abcdef0123456702';
const NOW = 1_700_000_000;

const session = { issuer: 'https://idp.test', subject: 'alice', kind: 'user' } as AppSession;

const rtcIssue = (channel = 'room-1'): RtcIssue => ({
  kind: 'rtc',
  version: '007',
  request: {
    kind: 'rtc',
    channel,
    role: 'subscriber',
    ttlSeconds: 600,
    privileges: { joinChannel: 600 },
    uid: 1001,
  },
});

describe(TokenService.name, () => {
  let sut: TokenService;
  const audit = { issued: jest.fn(), denied: jest.fn() };

  async function create(active: 'primary' | 'secondary'): Promise<TokenService> {
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
    const module = await Test.createTestingModule({
      providers: [
        TokenService,
        AgoraProjects,
        { provide: agoraConfig.KEY, useValue: config },
        { provide: CLOCK, useValue: { nowSeconds: () => NOW } },
        { provide: TokenAuditService, useValue: audit },
      ],
    }).compile();
    return module.get(TokenService);
  }

  beforeEach(async () => {
    jest.clearAllMocks();
    sut = await create('primary');
  });

  it('should sign at the injected time with the active certificate and audit the issuance', () => {
    const response = sut.issue(session, rtcIssue());
    const parsed = parseAccessToken2(response.token);
    expect(parsed).toMatchObject({ appId: APP_ID, issuedAt: NOW, expire: 600 });
    expect(verifyAccessToken2(parsed, PRIMARY)).toBe(true);
    expect(audit.issued).toHaveBeenCalledWith(session, {
      kind: 'rtc',
      services: ['rtc'],
      channel: 'room-1',
      role: 'subscriber',
      uid: 1001,
      project: 'default',
      requestId: undefined,
      expiresAt: '2023-11-14T22:23:20.000Z',
    });
  });

  it('should sign with the secondary certificate once it is active', async () => {
    const rotated = await create('secondary');
    const parsed = parseAccessToken2(rotated.issue(session, rtcIssue()).token);
    expect(verifyAccessToken2(parsed, SECONDARY)).toBe(true);
    expect(verifyAccessToken2(parsed, PRIMARY)).toBe(false);
  });

  it('should turn a library refusal into 400 TOKEN_REQUEST_INVALID, audited, never a token', () => {
    // A channel the DTO would refuse: the library's own 65535-byte limit still holds.
    const error = (() => {
      try {
        sut.issue(session, rtcIssue('x'.repeat(70_000)));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException).getStatus()).toBe(400);
    expect((error as ApiException).getResponse()).toMatchObject({ code: 'TOKEN_REQUEST_INVALID' });
    expect(audit.issued).not.toHaveBeenCalled();
    expect(audit.denied).toHaveBeenCalledWith(
      session,
      expect.objectContaining({ reason: 'TOKEN_REQUEST_INVALID' }),
    );
  });

  it('should answer 400 TOKEN_MALFORMED for a token it cannot read', () => {
    expect(() => sut.inspect({ token: '007notbase64!' })).toThrow(ApiException);
    try {
      sut.inspect({ token: 'garbage' });
    } catch (error) {
      expect((error as ApiException).getResponse()).toMatchObject({ code: 'TOKEN_MALFORMED' });
    }
  });

  it('should report verdicts for both certificates and never a certificate', () => {
    const { token } = sut.issue(session, rtcIssue());
    const inspected = sut.inspect({ token });
    expect(inspected.signatures).toEqual([
      { project: 'default', certificate: 'primary', valid: true },
      { project: 'default', certificate: 'secondary', valid: false },
    ]);
    const text = JSON.stringify(inspected);
    expect(text).not.toContain(PRIMARY);
    expect(text).not.toContain(SECONDARY);
  });
});
