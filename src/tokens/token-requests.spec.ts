import { ApiException } from '../common/api-error';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import { getTokenRequest, multiRequest, rtcRequest } from './token-requests';

/** What a validated body looks like to the mapping (the pipe has already checked types). */
const rtc = (body: Partial<IssueRtcTokenDto>): IssueRtcTokenDto => ({
  channel: 'room-1',
  role: 'subscriber',
  ...body,
});
const TTL = 900;

function problemsOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiException);
    const body = (error as ApiException).getResponse() as { code: string; message: string[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    return body.message;
  }
  throw new Error('expected a VALIDATION_FAILED');
}

describe('token requests', () => {
  it('should apply the default lifetime and give a subscriber join only', () => {
    expect(rtcRequest(rtc({ uid: 1001 }), TTL)).toEqual({
      project: undefined,
      version: '007',
      ttl: 900,
      services: [
        { service: 'rtc', channel: 'room-1', uid: 1001, privileges: { joinChannel: 900 } },
      ],
    });
  });

  it('should give a publisher every privilege, each the lifetime unless given', () => {
    const request = rtcRequest(
      rtc({
        account: 'alice',
        role: 'publisher',
        ttlSeconds: 600,
        privileges: { publishDataStream: 60 },
      }),
      TTL,
    );
    expect(request).toMatchObject({ version: '007', ttl: 600 });
    expect(request.services[0]!.privileges).toEqual({
      joinChannel: 600,
      publishAudioStream: 600,
      publishVideoStream: 600,
      publishDataStream: 60,
    });
  });

  it('should default the RTM user id to the account and its lifetime to the token', () => {
    expect(rtcRequest(rtc({ account: 'alice', rtm: {} }), TTL).services[1]).toEqual({
      service: 'rtm',
      userId: 'alice',
      privileges: { login: 900 },
    });
  });

  it('should collect every cross-field problem', () => {
    const problems = problemsOf(() =>
      rtcRequest(
        rtc({
          uid: 1001,
          ttlSeconds: 60,
          privileges: { joinChannel: 61, publishAudioStream: 10 },
          rtm: { ttlSeconds: 120 },
          version: '006',
        }),
        TTL,
      ),
    );
    expect(problems).toEqual([
      'privileges.publishAudioStream is only allowed for the publisher role',
      'privileges.joinChannel must not exceed the token lifetime (ttlSeconds)',
      'rtm cannot be combined with version 006 (a 006 token holds one service)',
      'rtm.userId is required with a numeric uid',
      'rtm.ttlSeconds must not exceed the token lifetime (ttlSeconds)',
    ]);
  });

  it.each([
    ['0', { uid: 0 }],
    ['1001', { uid: 1001 }],
    ['4294967295', { uid: 4294967295 }],
    ['4294967296', { account: '4294967296' }],
    ['007', { account: '007' }],
    ['-1', { account: '-1' }],
    ['+5', { account: '+5' }],
    ['1e3', { account: '1e3' }],
    [' 1', { account: ' 1' }],
    ['alice', { account: 'alice' }],
  ])('should read the /getToken uid %j strictly', (uid, identity) => {
    const [service] = getTokenRequest({ tokenType: 'rtc', channel: 'room-1', uid }, TTL).services;
    expect(service).toMatchObject(identity);
    expect(service).not.toHaveProperty('uid' in identity ? 'account' : 'uid');
  });

  it('should refuse a multi-service request without services, or agents without RTC and RTM', () => {
    expect(problemsOf(() => multiRequest({ services: {} }, TTL))).toEqual([
      'services must name at least one service',
    ]);
    expect(problemsOf(() => multiRequest({ services: { stt: {} } }, TTL))).toEqual([
      'services.stt rides with services.rtc and services.rtm (or rtm2)',
    ]);
  });

  it('should describe an APaaS user token (no room, role -1) as the user privilege', () => {
    const request = multiRequest({ services: { apaas: { userUuid: 'alice' } } }, TTL);
    expect(request).toEqual({
      project: undefined,
      version: '007',
      ttl: 900,
      services: [
        { service: 'apaas', roomUuid: '', userUuid: 'alice', role: -1, privileges: { user: 900 } },
      ],
    });
  });

  it('should keep RTM2 without permissions a plain login, and with them (even none) say so', () => {
    const plain = multiRequest({ services: { rtm2: { userId: 'alice' } } }, TTL);
    expect(plain.services).toEqual([
      { service: 'rtm2', userId: 'alice', privileges: { login: 900 } },
    ]);
    const scoped = multiRequest({ services: { rtm2: { userId: 'alice', permissions: [] } } }, TTL);
    expect(scoped.services).toEqual([
      { service: 'rtm2', userId: 'alice', privileges: { login: 900 }, permissions: [] },
    ]);
  });
});
