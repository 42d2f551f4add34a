import { type AppSession, SCOPES } from '../auth/app-session';
import { decide, type PolicyLimits } from './channel-policy';
import { DENY_REASONS, type DenyReason } from './policy-decision';
import type {
  ApaasPolicyRequest,
  MultiServicePolicyRequest,
  PolicyRequest,
  RtcPolicyRequest,
  ServicePolicyRequest,
  UserIdentity,
} from './policy-request';

const LIMITS: PolicyLimits = { maxTtlSeconds: 3600 };
const ALICE_UID = 1001;

/** A user session bound to uid 1001 / account "alice", granted "room-1" and "team-1-*". */
function alice(scopes: string[] = [], overrides: Partial<AppSession> = {}): AppSession {
  return {
    issuer: 'https://idp.example',
    subject: 'alice',
    principal: 'https://idp.example|alice',
    kind: 'user',
    scopes: new Set(scopes),
    binding: { uid: ALICE_UID, account: 'alice' },
    channelGrants: ['room-1', 'team-1-*'],
    expiresAt: 2_000_000_000,
    ...overrides,
  };
}

/** A backend service session holding tokens:issue-any, with no binding and no grants. */
function bot(scopes: string[] = []): AppSession {
  return alice([SCOPES.issueAny, ...scopes], {
    kind: 'service',
    subject: 'recorder',
    binding: {},
    channelGrants: [],
  });
}

const uid = (value: number): UserIdentity => ({ uid: value });
const account = (value: string): UserIdentity => ({ account: value });

function rtc(
  identity: UserIdentity = uid(ALICE_UID),
  extra: Partial<Omit<RtcPolicyRequest, 'uid' | 'account'>> = {},
): RtcPolicyRequest {
  return {
    kind: 'rtc',
    channel: 'room-1',
    role: 'subscriber',
    ttlSeconds: 600,
    ...extra,
    ...identity,
  };
}

function apaas(extra: Partial<ApaasPolicyRequest> = {}): ApaasPolicyRequest {
  return { kind: 'apaas', roomUuid: 'room-1', userUuid: 'alice', role: -1, ...extra };
}

function multi(...services: ServicePolicyRequest[]): MultiServicePolicyRequest {
  return { kind: 'multi', ttlSeconds: 600, services };
}

/** A request the types forbid, as a buggy or hand-built caller might still send it. */
const raw = (value: unknown): PolicyRequest => value as PolicyRequest;

interface Case {
  title: string;
  session: AppSession;
  request: PolicyRequest;
  expected: 'ALLOW' | DenyReason;
  limits?: PolicyLimits;
}

const identityCases: Case[] = [
  { title: 'allow a user their own uid', session: alice(), request: rtc(), expected: 'ALLOW' },
  {
    title: 'allow a user their own account',
    session: alice(),
    request: rtc(account('alice')),
    expected: 'ALLOW',
  },
  {
    title: "deny another user's uid",
    session: alice(),
    request: rtc(uid(2002)),
    expected: 'UID_MISMATCH',
  },
  {
    title: "deny another user's account",
    session: alice(),
    request: rtc(account('mallory')),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'deny an account differing only in case',
    session: alice(),
    request: rtc(account('Alice')),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'deny an account with a trailing space',
    session: alice(),
    request: rtc(account('alice ')),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'deny a uid to a session with no binding',
    session: alice([], { binding: {} }),
    request: rtc(),
    expected: 'UID_NOT_BOUND',
  },
  {
    title: 'deny an account to a session with no binding',
    session: alice([], { binding: {} }),
    request: rtc(account('alice')),
    expected: 'UID_NOT_BOUND',
  },
  {
    title: 'deny an account to a session bound only to a uid',
    session: alice([], { binding: { uid: ALICE_UID } }),
    request: rtc(account('alice')),
    expected: 'UID_NOT_BOUND',
  },
  {
    title: 'deny a uid to a session bound only to an account',
    session: alice([], { binding: { account: 'alice' } }),
    request: rtc(),
    expected: 'UID_NOT_BOUND',
  },
  {
    title: 'allow an RTM login riding with RTC for the own account',
    session: alice(),
    request: rtc(uid(ALICE_UID), { rtm: { userId: 'alice', ttlSeconds: 600 } }),
    expected: 'ALLOW',
  },
  {
    title: 'deny an RTM login riding with RTC for another user',
    session: alice(),
    request: rtc(uid(ALICE_UID), { rtm: { userId: 'mallory' } }),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'allow an RTM token for the own user id',
    session: alice(),
    request: { kind: 'rtm', userId: 'alice', ttlSeconds: 600 },
    expected: 'ALLOW',
  },
  {
    title: 'deny an RTM token for another user id',
    session: alice(),
    request: { kind: 'rtm', userId: 'mallory', ttlSeconds: 600 },
    expected: 'UID_MISMATCH',
  },
  {
    title: 'allow a Chat user token for the own user id',
    session: alice(),
    request: { kind: 'chat', chatKind: 'user', userId: 'alice', ttlSeconds: 600 },
    expected: 'ALLOW',
  },
  {
    title: 'deny a Chat user token for another user id',
    session: alice(),
    request: { kind: 'chat', chatKind: 'user', userId: 'mallory', ttlSeconds: 600 },
    expected: 'UID_MISMATCH',
  },
  {
    title: "deny another user's uid to a user session holding tokens:issue-any",
    session: alice([SCOPES.issueAny]),
    request: rtc(uid(2002)),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'deny an unbound user session holding tokens:issue-any',
    session: alice([SCOPES.issueAny], { binding: {} }),
    request: rtc(),
    expected: 'UID_NOT_BOUND',
  },
  {
    title: 'allow an issue-any service any uid on any channel',
    session: bot(),
    request: rtc(uid(2002), { channel: 'room-2' }),
    expected: 'ALLOW',
  },
  {
    title: 'allow an issue-any service any account, RTM and Chat user id',
    session: bot(),
    request: multi(rtc(account('mallory'), { channel: 'room-2', rtm: { userId: 'mallory' } }), {
      kind: 'chat',
      chatKind: 'user',
      userId: 'mallory',
      ttlSeconds: 600,
    }),
    expected: 'ALLOW',
  },
  {
    title: 'bind a service session without tokens:issue-any like a user',
    session: alice([], { kind: 'service' }),
    request: rtc(uid(2002)),
    expected: 'UID_MISMATCH',
  },
];

const channelCases: Case[] = [
  {
    title: 'allow a channel equal to a grant',
    session: alice(),
    request: rtc(),
    expected: 'ALLOW',
  },
  {
    title: 'deny a channel matching no grant',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'room-2' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'allow a channel under a prefix grant (team-1-* covers team-1-standup)',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'team-1-standup' }),
    expected: 'ALLOW',
  },
  {
    title: 'allow the bare prefix of a prefix grant (team-1-* covers team-1-)',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'team-1-' }),
    expected: 'ALLOW',
  },
  {
    title: 'deny a look-alike team under a prefix grant (team-1-* does not cover team-10-x)',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'team-10-x' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny a channel shorter than the prefix (team-1-* does not cover team-1)',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'team-1' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'match prefixes on raw characters (team-1* covers team-10-x)',
    session: alice([], { channelGrants: ['team-1*'] }),
    request: rtc(uid(ALICE_UID), { channel: 'team-10-x' }),
    expected: 'ALLOW',
  },
  {
    title: 'deny a channel with a trailing space next to its exact grant',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'room-1 ' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny a channel with a leading space next to its exact grant',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: ' room-1' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny a channel differing from its grant only in case',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: 'Room-1' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny a channel whose Unicode normal form equals a grant',
    session: alice([], { channelGrants: ['caf\u00e9'] }),
    request: rtc(uid(ALICE_UID), { channel: 'cafe\u0301' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'treat a lone * grant as granting nothing',
    session: alice([], { channelGrants: ['*'] }),
    request: rtc(uid(ALICE_UID), { channel: 'room-1' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'not let a lone * grant stand in for tokens:wildcard',
    session: alice([], { channelGrants: ['*'] }),
    request: rtc(uid(ALICE_UID), { channel: '*' }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny every channel to a session without grants',
    session: alice([], { channelGrants: [] }),
    request: rtc(),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'ignore a grant that is not a string',
    session: alice([], { channelGrants: [42 as unknown as string] }),
    request: rtc(uid(ALICE_UID), { channel: '42' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'judge an APaaS room uuid as a channel',
    session: alice(),
    request: multi(apaas({ roomUuid: 'room-2' })),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny an ungranted FCDN channel',
    session: alice(),
    request: multi({ kind: 'fcdn', channel: 'room-2', role: 'subscriber', uid: ALICE_UID }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
];

const wildcardCases: Case[] = [
  {
    title: 'deny uid 0 without tokens:wildcard',
    session: alice(),
    request: rtc(uid(0)),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow uid 0 as subscriber with tokens:wildcard',
    session: alice([SCOPES.wildcard]),
    request: rtc(uid(0)),
    expected: 'ALLOW',
  },
  {
    title: 'deny uid 0 as publisher even with tokens:wildcard and rtc:publish',
    session: alice([SCOPES.wildcard, SCOPES.rtcPublish]),
    request: rtc(uid(0), { role: 'publisher' }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny a wildcard subscriber carrying a publish privilege',
    session: alice([SCOPES.wildcard, SCOPES.rtcPublish]),
    request: rtc(uid(0), { privileges: { publishAudioStream: 600 } }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny account "" without tokens:wildcard',
    session: alice(),
    request: rtc(account('')),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny account "*" without tokens:wildcard',
    session: alice(),
    request: rtc(account('*')),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow account "*" as subscriber with tokens:wildcard',
    session: alice([SCOPES.wildcard]),
    request: rtc(account('*')),
    expected: 'ALLOW',
  },
  {
    title: 'deny channel "*" without tokens:wildcard',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: '*' }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny channel "" without tokens:wildcard',
    session: alice(),
    request: rtc(uid(ALICE_UID), { channel: '' }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow channel "*" as subscriber with tokens:wildcard',
    session: alice([SCOPES.wildcard]),
    request: rtc(uid(ALICE_UID), { channel: '*' }),
    expected: 'ALLOW',
  },
  {
    title: 'still check the identity on a wildcard channel',
    session: alice([SCOPES.wildcard]),
    request: rtc(uid(2002), { channel: '*' }),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'still check the channel grant for a wildcard uid',
    session: alice([SCOPES.wildcard]),
    request: rtc(uid(0), { channel: 'room-2' }),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'deny uid 0 to an issue-any service without tokens:wildcard',
    session: bot(),
    request: rtc(uid(0)),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow uid 0 to an issue-any service with tokens:wildcard',
    session: bot([SCOPES.wildcard]),
    request: rtc(uid(0), { channel: 'room-2' }),
    expected: 'ALLOW',
  },
  {
    title: 'deny an RTM login as "*" without tokens:wildcard',
    session: alice(),
    request: { kind: 'rtm', userId: '*', ttlSeconds: 600 },
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny an FPA login (bound to no user) without tokens:wildcard',
    session: alice(),
    request: multi({ kind: 'fpa' }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow an FPA login with tokens:wildcard',
    session: alice([SCOPES.wildcard]),
    request: multi({ kind: 'fpa' }),
    expected: 'ALLOW',
  },
  {
    title: 'deny an APaaS app token (no room, no user) without tokens:wildcard',
    session: alice(),
    request: multi(apaas({ roomUuid: '', userUuid: '' })),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny streaming to uid 0 even with every scope (streaming always publishes)',
    session: alice([SCOPES.wildcard, SCOPES.rtcPublish]),
    request: multi({ kind: 'streaming', channel: 'room-1', uid: 0 }),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
];

const roleCases: Case[] = [
  {
    title: 'deny the publisher role without rtc:publish',
    session: alice(),
    request: rtc(uid(ALICE_UID), { role: 'publisher' }),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow the publisher role with rtc:publish',
    session: alice([SCOPES.rtcPublish]),
    request: rtc(uid(ALICE_UID), { role: 'publisher' }),
    expected: 'ALLOW',
  },
  {
    title: 'allow the publisher role to an issue-any service without rtc:publish',
    session: bot(),
    request: rtc(uid(2002), { role: 'publisher' }),
    expected: 'ALLOW',
  },
  {
    title: 'deny a subscriber carrying a publish privilege without rtc:publish',
    session: alice(),
    request: rtc(uid(ALICE_UID), { privileges: { publishVideoStream: 600 } }),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow a subscriber with a join privilege only',
    session: alice(),
    request: rtc(uid(ALICE_UID), { privileges: { joinChannel: 600 } }),
    expected: 'ALLOW',
  },
  {
    title: 'deny streaming (always publishing) without rtc:publish',
    session: alice(),
    request: multi({ kind: 'streaming', channel: 'room-1', account: 'alice' }),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow streaming with rtc:publish',
    session: alice([SCOPES.rtcPublish]),
    request: multi({ kind: 'streaming', channel: 'room-1', account: 'alice' }),
    expected: 'ALLOW',
  },
  {
    title: 'allow FCDN play (subscriber) without rtc:publish',
    session: alice(),
    request: multi({ kind: 'fcdn', channel: 'team-1-live', role: 'subscriber', uid: ALICE_UID }),
    expected: 'ALLOW',
  },
  {
    title: 'deny FCDN publish without rtc:publish',
    session: alice(),
    request: multi({ kind: 'fcdn', channel: 'room-1', role: 'publisher', uid: ALICE_UID }),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow an APaaS token without a room role (-1)',
    session: alice(),
    request: multi(apaas()),
    expected: 'ALLOW',
  },
  {
    title: 'deny an APaaS room role without rtc:publish',
    session: alice(),
    request: multi(apaas({ role: 2 })),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow an APaaS room role with rtc:publish',
    session: alice([SCOPES.rtcPublish]),
    request: multi(apaas({ role: 1 })),
    expected: 'ALLOW',
  },
  {
    title: 'not let the admin scope stand in for rtc:publish',
    session: alice([SCOPES.admin]),
    request: rtc(uid(ALICE_UID), { role: 'publisher' }),
    expected: 'ROLE_NOT_ALLOWED',
  },
];

const scopeCases: Case[] = [
  {
    title: 'deny a Chat app token without chat:app',
    session: alice(),
    request: { kind: 'chat', chatKind: 'app', ttlSeconds: 600 },
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow a Chat app token with chat:app',
    session: alice([SCOPES.chatApp]),
    request: { kind: 'chat', chatKind: 'app', ttlSeconds: 600 },
    expected: 'ALLOW',
  },
  {
    title: 'not let the admin scope stand in for chat:app',
    session: alice([SCOPES.admin]),
    request: { kind: 'chat', chatKind: 'app', ttlSeconds: 600 },
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny inspect without tokens:inspect',
    session: alice(),
    request: { kind: 'inspect' },
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow inspect with tokens:inspect',
    session: alice([SCOPES.inspect], { binding: {}, channelGrants: [] }),
    request: { kind: 'inspect' },
    expected: 'ALLOW',
  },
  {
    title: 'deny RTM2 permissions without rtm:permissions',
    session: alice(),
    request: {
      kind: 'rtm',
      userId: 'alice',
      ttlSeconds: 600,
      permissions: [{ resource: 'messageChannels', permission: 'write', names: ['a'] }],
    },
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny an empty RTM2 permissions list without rtm:permissions',
    session: alice(),
    request: { kind: 'rtm', userId: 'alice', ttlSeconds: 600, permissions: [] },
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow RTM2 permissions with rtm:permissions',
    session: alice([SCOPES.rtmPermissions]),
    request: {
      kind: 'rtm',
      userId: 'alice',
      ttlSeconds: 600,
      permissions: [{ resource: 'messageChannels', permission: 'read', names: ['a'] }],
    },
    expected: 'ALLOW',
  },
  {
    title: 'deny ConvoAI to a user session holding every scope',
    session: alice(Object.values(SCOPES)),
    request: multi(rtc(), { kind: 'convoai' }),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny STT to a service session without tokens:issue-any',
    session: alice([], { kind: 'service' }),
    request: multi(rtc(), { kind: 'stt' }),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow ConvoAI and STT to an issue-any service',
    session: bot(),
    request: multi(
      rtc(account('agent-7'), { channel: 'room-9', rtm: { userId: 'agent-7' } }),
      { kind: 'convoai' },
      { kind: 'stt' },
    ),
    expected: 'ALLOW',
  },
];

const lifetimeCases: Case[] = [
  {
    title: 'allow a lifetime equal to the maximum',
    session: alice(),
    request: rtc(uid(ALICE_UID), { ttlSeconds: 3600 }),
    expected: 'ALLOW',
  },
  {
    title: 'deny a lifetime one second over the maximum',
    session: alice(),
    request: rtc(uid(ALICE_UID), { ttlSeconds: 3601 }),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a privilege lifetime over the maximum',
    session: alice(),
    request: rtc(uid(ALICE_UID), { privileges: { joinChannel: 3601 } }),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a riding RTM lifetime over the maximum',
    session: alice(),
    request: rtc(uid(ALICE_UID), { rtm: { userId: 'alice', ttlSeconds: 7200 } }),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a Chat lifetime over the maximum',
    session: alice(),
    request: { kind: 'chat', chatKind: 'user', userId: 'alice', ttlSeconds: 3601 },
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a multi-service lifetime over the maximum',
    session: alice(),
    request: { ...multi(rtc()), ttlSeconds: 3601 },
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a lifetime over the maximum even to an issue-any service',
    session: bot(),
    request: rtc(uid(2002), { ttlSeconds: 86_400 }),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'cap a configured maximum above 86400 at 86400',
    session: alice(),
    request: rtc(uid(ALICE_UID), { ttlSeconds: 86_401 }),
    limits: { maxTtlSeconds: 1_000_000 },
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny every lifetime when the configured maximum is not a number',
    session: alice(),
    request: rtc(uid(ALICE_UID), { ttlSeconds: 1 }),
    limits: { maxTtlSeconds: Number.NaN },
    expected: 'TTL_TOO_LONG',
  },
  ...[0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY].map((ttlSeconds): Case => ({
    title: `deny a lifetime of ${ttlSeconds}`,
    session: alice(),
    request: rtc(uid(ALICE_UID), { ttlSeconds }),
    expected: 'TTL_INVALID',
  })),
  {
    title: 'deny a privilege lifetime of 0 (a sentinel in Agora builders, not a duration)',
    session: alice(),
    request: rtc(uid(ALICE_UID), { privileges: { joinChannel: 0 } }),
    expected: 'TTL_INVALID',
  },
  {
    title: 'deny a privilege lifetime that is not a number',
    session: alice(),
    request: rtc(uid(ALICE_UID), { privileges: { joinChannel: '600' as unknown as number } }),
    expected: 'TTL_INVALID',
  },
];

const numericAccountCases: Case[] = [
  {
    title: 'deny an all-digit RTC account',
    session: alice(),
    request: rtc(account('123')),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny account "0"',
    session: alice(),
    request: rtc(account('0')),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit account that equals the session binding',
    session: alice([], { binding: { account: '123' } }),
    request: rtc(account('123')),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit account even to an issue-any service',
    session: bot(),
    request: rtc(account('2002')),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit riding RTM user id',
    session: alice(),
    request: rtc(uid(ALICE_UID), { rtm: { userId: String(ALICE_UID) } }),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit RTM user id',
    session: alice(),
    request: { kind: 'rtm', userId: '42', ttlSeconds: 600 },
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit Chat user id',
    session: alice(),
    request: { kind: 'chat', chatKind: 'user', userId: '42', ttlSeconds: 600 },
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit APaaS user uuid',
    session: alice(),
    request: multi(apaas({ userUuid: '7' })),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit streaming account',
    session: alice([SCOPES.rtcPublish]),
    request: multi({ kind: 'streaming', channel: 'room-1', account: '55' }),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'allow an account mixing digits and letters',
    session: alice([], { binding: { account: 'user123' } }),
    request: rtc(account('user123')),
    expected: 'ALLOW',
  },
];

const multiServiceCases: Case[] = [
  {
    title: 'allow a multi-service request whose every service passes',
    session: alice(),
    request: multi(
      rtc(uid(ALICE_UID), { rtm: { userId: 'alice' } }),
      { kind: 'rtm', userId: 'alice', ttlSeconds: 600 },
      { kind: 'chat', chatKind: 'user', userId: 'alice', ttlSeconds: 600 },
      { kind: 'fcdn', channel: 'room-1', role: 'subscriber', account: 'alice' },
      apaas(),
    ),
    expected: 'ALLOW',
  },
  {
    title: 'deny a multi-service request when one service fails',
    session: alice(),
    request: multi(rtc(), rtc(uid(ALICE_UID), { channel: 'room-2' })),
    expected: 'CHANNEL_NOT_GRANTED',
  },
  {
    title: 'run 400 input rules over every service before any 403 rule',
    session: alice(),
    request: multi(rtc(uid(2002)), rtc(uid(ALICE_UID), { ttlSeconds: 3601 })),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'run rules in their fixed order across services (scope before role)',
    session: alice(),
    request: multi(rtc(uid(ALICE_UID), { role: 'publisher' }), {
      kind: 'rtm',
      userId: 'alice',
      ttlSeconds: 600,
      permissions: [],
    }),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'judge identity before channel within a service',
    session: alice(),
    request: rtc(uid(2002), { channel: 'room-2', role: 'publisher' }),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'deny a multi-service request without services',
    session: alice(),
    request: multi(),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny a multi-service request whose services are not a list',
    session: alice(),
    request: raw({ kind: 'multi', ttlSeconds: 600, services: { rtc: rtc() } }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny a nested multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw({ kind: 'multi', ttlSeconds: 600, services: [multi(rtc())] }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny inspect as a service of a multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw({ kind: 'multi', ttlSeconds: 600, services: [{ kind: 'inspect' }] }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny an unknown service kind inside a multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw({ kind: 'multi', ttlSeconds: 600, services: [rtc(), { kind: 'sip' }] }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
];

const shapeCases: Case[] = [
  {
    title: 'deny an unknown request kind',
    session: bot(Object.values(SCOPES)),
    request: raw({ kind: 'sip', channel: 'room-1', uid: ALICE_UID }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny a service kind offered only inside multi-service requests',
    session: alice([SCOPES.wildcard]),
    request: raw({ kind: 'fpa' }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny a request without a kind',
    session: alice(),
    request: raw({ channel: 'room-1', uid: ALICE_UID }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny a null request',
    session: alice(),
    request: raw(null),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an RTC request naming both uid and account',
    session: alice(),
    request: raw({ ...rtc(), account: 'mallory' }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an RTC request naming neither uid nor account',
    session: alice(),
    request: raw({ kind: 'rtc', channel: 'room-1', role: 'subscriber', ttlSeconds: 600 }),
    expected: 'REQUEST_INVALID',
  },
  ...[2 ** 32, -1, 1.5, '1001', null].map((value): Case => ({
    title: `deny uid ${JSON.stringify(value)}`,
    session: alice(),
    request: raw({ ...rtc(), uid: value }),
    expected: 'REQUEST_INVALID',
  })),
  {
    title: 'deny an account that is not a string',
    session: alice(),
    request: raw({ ...rtc(account('alice')), account: 7 }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny a channel that is not a string',
    session: alice(),
    request: raw({ ...rtc(), channel: ['room-1'] }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an unknown RTC role',
    session: alice(),
    request: raw({ ...rtc(), role: 'admin' }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an unknown RTC privilege name',
    session: alice(),
    request: raw({ ...rtc(), privileges: { joinChannel: 600, kickUser: 600 } }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny a riding RTM login without a user id',
    session: alice(),
    request: raw({ ...rtc(), rtm: { ttlSeconds: 600 } }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny RTM permissions that are not a list',
    session: alice([SCOPES.rtmPermissions]),
    request: raw({ kind: 'rtm', userId: 'alice', ttlSeconds: 600, permissions: 'all' }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an unknown Chat token kind',
    session: alice(Object.values(SCOPES)),
    request: raw({ kind: 'chat', chatKind: 'admin', userId: 'alice', ttlSeconds: 600 }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny a Chat app token naming a user',
    session: alice([SCOPES.chatApp]),
    request: raw({ kind: 'chat', chatKind: 'app', userId: 'alice', ttlSeconds: 600 }),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an APaaS role outside the 16-bit range',
    session: alice([SCOPES.rtcPublish]),
    request: multi(apaas({ role: 40_000 })),
    expected: 'REQUEST_INVALID',
  },
  {
    title: 'deny an FCDN request with an unknown role',
    session: alice([SCOPES.rtcPublish]),
    request: raw(
      multi({ kind: 'fcdn', channel: 'room-1', uid: ALICE_UID, role: 'owner' } as never),
    ),
    expected: 'REQUEST_INVALID',
  },
];

const allCases = [
  ...identityCases,
  ...channelCases,
  ...wildcardCases,
  ...roleCases,
  ...scopeCases,
  ...lifetimeCases,
  ...numericAccountCases,
  ...multiServiceCases,
  ...shapeCases,
];

function outcome({ session, request, limits }: Case): 'ALLOW' | DenyReason {
  const decision = decide(session, request, limits ?? LIMITS);
  return decision.allow ? 'ALLOW' : decision.reason;
}

describe(decide.name, () => {
  describe.each([
    ['identity (BOLA)', identityCases],
    ['channel grants', channelCases],
    ['wildcards', wildcardCases],
    ['roles', roleCases],
    ['scopes', scopeCases],
    ['lifetimes', lifetimeCases],
    ['all-digit accounts', numericAccountCases],
    ['multi-service requests', multiServiceCases],
    ['request shapes', shapeCases],
  ])('%s', (_rule, cases: Case[]) => {
    it.each(cases)('should $title', (testCase) => {
      expect(outcome(testCase)).toBe(testCase.expected);
    });
  });

  it('should cover every reason code, both allowed and denied', () => {
    const seen = new Set(allCases.map(outcome));

    expect([...seen].sort()).toEqual(['ALLOW', ...Object.keys(DENY_REASONS)].sort());
  });

  it('should answer 400 for input rules and 403 for authorization rules', () => {
    const statuses = Object.fromEntries(
      Object.entries(DENY_REASONS).map(([reason, { status }]) => [reason, status]),
    );

    expect(statuses).toEqual({
      REQUEST_INVALID: 400,
      TTL_INVALID: 400,
      TTL_TOO_LONG: 400,
      ACCOUNT_LOOKS_NUMERIC: 400,
      REQUEST_KIND_UNKNOWN: 403,
      SCOPE_REQUIRED: 403,
      UID_NOT_BOUND: 403,
      UID_MISMATCH: 403,
      CHANNEL_NOT_GRANTED: 403,
      WILDCARD_NOT_ALLOWED: 403,
      ROLE_NOT_ALLOWED: 403,
    });
  });

  it('should return the status of its reason with every denial', () => {
    for (const testCase of allCases) {
      const decision = decide(testCase.session, testCase.request, testCase.limits ?? LIMITS);
      if (!decision.allow) {
        expect(decision.status).toBe(DENY_REASONS[decision.reason].status);
      }
    }
  });

  it('should never echo requested users or channels in a denial message', () => {
    for (const testCase of allCases) {
      const decision = decide(testCase.session, testCase.request, testCase.limits ?? LIMITS);
      if (!decision.allow) {
        expect(decision.message).not.toMatch(/mallory|2002|room-2|team-10|agent-7|alice/);
      }
    }
  });

  it('should state the configured maximum in a TTL_TOO_LONG message', () => {
    const decision = decide(alice(), rtc(uid(ALICE_UID), { ttlSeconds: 3601 }), LIMITS);

    expect(decision).toEqual({
      allow: false,
      reason: 'TTL_TOO_LONG',
      status: 400,
      message: 'lifetime exceeds the maximum of 3600 seconds',
    });
  });

  it('should name the missing scope in a SCOPE_REQUIRED message', () => {
    const decision = decide(alice(), { kind: 'inspect' }, LIMITS);

    expect(decision).toMatchObject({
      reason: 'SCOPE_REQUIRED',
      message: expect.stringContaining(SCOPES.inspect),
    });
  });

  it('should not mutate the session or the request', () => {
    const session = alice([SCOPES.rtcPublish]);
    const request = multi(rtc(uid(ALICE_UID), { role: 'publisher', rtm: { userId: 'alice' } }));
    const before = JSON.stringify([request, session, [...session.scopes]]);

    decide(session, request, LIMITS);

    expect(JSON.stringify([request, session, [...session.scopes]])).toBe(before);
  });
});
