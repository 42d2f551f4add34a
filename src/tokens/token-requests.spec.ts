import { ApiException } from '../common/api-error';
import type { PolicyConfig } from '../config/policy.config';
import type { IssueRtcTokenDto } from './dto/rtc.dto';
import { TokenRequests } from './token-requests';

/** What a validated body looks like to the factory (the pipe has already checked types). */
const rtc = (body: Partial<IssueRtcTokenDto>): IssueRtcTokenDto => ({
  channel: 'room-1',
  role: 'subscriber',
  ...body,
});

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

describe(TokenRequests.name, () => {
  const sut = new TokenRequests({ tokenDefaultTtlSeconds: 900 } as PolicyConfig);

  it('should apply the default lifetime and give a subscriber join only', () => {
    expect(sut.rtc(rtc({ uid: 1001 })).request).toEqual({
      kind: 'rtc',
      channel: 'room-1',
      role: 'subscriber',
      ttlSeconds: 900,
      privileges: { joinChannel: 900 },
      uid: 1001,
    });
  });

  it('should give a publisher every privilege, each the lifetime unless given', () => {
    const issue = sut.rtc(
      rtc({
        account: 'alice',
        role: 'publisher',
        ttlSeconds: 600,
        privileges: { publishDataStream: 60 },
      }),
    );
    expect(issue).toMatchObject({ kind: 'rtc', version: '007' });
    expect(issue.request.privileges).toEqual({
      joinChannel: 600,
      publishAudioStream: 600,
      publishVideoStream: 600,
      publishDataStream: 60,
    });
  });

  it('should default the RTM user id to the account and its lifetime to the token', () => {
    expect(sut.rtc(rtc({ account: 'alice', rtm: {} })).request.rtm).toEqual({
      userId: 'alice',
      ttlSeconds: 900,
    });
  });

  it('should collect every cross-field problem', () => {
    const problems = problemsOf(() =>
      sut.rtc(
        rtc({
          uid: 1001,
          ttlSeconds: 60,
          privileges: { joinChannel: 61, publishAudioStream: 10 },
          rtm: { ttlSeconds: 120 },
          version: '006',
        }),
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
    const issue = sut.getToken({ tokenType: 'rtc', channel: 'room-1', uid });
    expect(issue.request).toMatchObject(identity);
    expect(issue.request).not.toHaveProperty('uid' in identity ? 'account' : 'uid');
  });

  it('should refuse a multi-service request without services, or agents without RTC and RTM', () => {
    expect(problemsOf(() => sut.multi({ services: {} }))).toEqual([
      'services must name at least one service',
    ]);
    expect(problemsOf(() => sut.multi({ services: { stt: {} } }))).toEqual([
      'services.stt rides with services.rtc and services.rtm (or rtm2)',
    ]);
  });

  it('should describe an APaaS user token (no room, role -1) for the policy', () => {
    const issue = sut.multi({ services: { apaas: { userUuid: 'alice' } } });
    expect(issue.services).toEqual([
      { service: 'apaas', roomUuid: '', userUuid: 'alice', role: -1 },
    ]);
    expect(issue.request).toEqual({
      kind: 'multi',
      ttlSeconds: 900,
      services: [{ kind: 'apaas', roomUuid: '', userUuid: 'alice', role: -1 }],
    });
  });

  it('should judge RTM2 without permissions as a plain login, and with them as needing the scope', () => {
    const plain = sut.multi({ services: { rtm2: { userId: 'alice' } } });
    expect(plain.request.services).toEqual([{ kind: 'rtm', userId: 'alice', ttlSeconds: 900 }]);
    const scoped = sut.multi({
      services: { rtm2: { userId: 'alice', permissions: [] } },
    });
    expect(scoped.request.services).toEqual([
      { kind: 'rtm', userId: 'alice', ttlSeconds: 900, permissions: [] },
    ]);
  });
});
