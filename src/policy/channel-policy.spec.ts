import type { ServiceSpec } from '../agora-token';
import { type AppSession, SCOPES } from '../auth/app-session';
import { decide, decideInspect, type PolicyLimits } from './channel-policy';
import { DENY_REASONS, type DenyReason } from './policy-decision';
import type { RtcRole, TokenRequest } from './token-request';

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

type Identity = { uid: number } | { account: string };
const uid = (value: number): Identity => ({ uid: value });
const account = (value: string): Identity => ({ account: value });

interface RtcOptions {
  channel?: string;
  role?: RtcRole;
  ttlSeconds?: number;
  privileges?: Record<string, number>;
  rtm?: { userId: string; ttlSeconds?: number };
}

/** A request of one service, as the routes build it (lifetime 600 s unless given). */
const single = (service: ServiceSpec, ttl = 600): TokenRequest => ({
  version: '007',
  ttl,
  services: [service],
});

/** An RTC request as the mapping builds it: join, plus the publish privileges for a publisher. */
function rtc(identity: Identity = uid(ALICE_UID), options: RtcOptions = {}): TokenRequest {
  const ttl = options.ttlSeconds ?? 600;
  const publish: Record<string, number> =
    options.role === 'publisher'
      ? { publishAudioStream: ttl, publishVideoStream: ttl, publishDataStream: ttl }
      : {};
  const privileges = options.privileges ?? { joinChannel: ttl, ...publish };
  const channel = options.channel ?? 'room-1';
  const request = single({ service: 'rtc', channel, ...identity, privileges }, ttl);
  if (options.rtm) {
    request.services.push(rtmService(options.rtm.userId, options.rtm.ttlSeconds ?? ttl));
  }
  return request;
}

const rtmService = (userId: string, login = 600): ServiceSpec => ({
  service: 'rtm',
  userId,
  privileges: { login },
});
const rtm = (userId: string, ttl = 600) => single(rtmService(userId, ttl), ttl);
const rtm2 = (userId: string, permissions: Array<Record<string, unknown>>) =>
  single({
    service: 'rtm2',
    userId,
    privileges: { login: 600 },
    permissions: permissions as never,
  });
const chatUser = (userId: string, ttl = 600) =>
  single({ service: 'chat', userId, privileges: { user: ttl } }, ttl);
const chatApp = () => single({ service: 'chat', privileges: { app: 600 } });
const fpa = (): ServiceSpec => ({ service: 'fpa', privileges: { login: 600 } });
const streaming = (identity: Identity, channel = 'room-1'): ServiceSpec => ({
  service: 'streaming',
  channel,
  ...identity,
  privileges: { publishMixStream: 600, publishRawStream: 600 },
});
const fcdn = (identity: Identity, channel: string, role: RtcRole): ServiceSpec => ({
  service: 'fcdn',
  channel,
  ...identity,
  privileges: role === 'publisher' ? { publish: 600, play: 600 } : { play: 600 },
});
const agent = (service: 'convoai' | 'stt'): ServiceSpec => ({ service });

interface ApaasOptions {
  roomUuid?: string;
  userUuid?: string;
  role?: number;
}

function apaas(extra: ApaasOptions = {}): ServiceSpec {
  return {
    service: 'apaas',
    roomUuid: 'room-1',
    userUuid: 'alice',
    role: -1,
    ...extra,
    privileges: { roomUser: 600 },
  };
}

/** One 007 request holding every service of the parts (requests or single services). */
function multi(...parts: Array<TokenRequest | ServiceSpec>): TokenRequest {
  const services = parts.flatMap((part) => ('services' in part ? part.services : [part]));
  return { version: '007', ttl: 600, services };
}

/** The request with its first service patched, as a buggy or hand-built caller might send it. */
function patched(request: TokenRequest, patch: Record<string, unknown>): TokenRequest {
  const [first, ...rest] = request.services;
  return raw({ ...request, services: [{ ...first, ...patch }, ...rest] });
}

/** A request the types forbid, as a buggy or hand-built caller might still send it. */
const raw = (value: unknown): TokenRequest => value as TokenRequest;

/** `POST /v1/tokens/inspect`, judged by `decideInspect`. */
const INSPECT = 'inspect' as const;

interface Case {
  title: string;
  session: AppSession;
  request: TokenRequest | typeof INSPECT;
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
    request: rtm('alice', 600),
    expected: 'ALLOW',
  },
  {
    title: 'deny an RTM token for another user id',
    session: alice(),
    request: rtm('mallory', 600),
    expected: 'UID_MISMATCH',
  },
  {
    title: 'allow a Chat user token for the own user id',
    session: alice(),
    request: chatUser('alice', 600),
    expected: 'ALLOW',
  },
  {
    title: 'deny a Chat user token for another user id',
    session: alice(),
    request: chatUser('mallory', 600),
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
    request: multi(
      rtc(account('mallory'), { channel: 'room-2', rtm: { userId: 'mallory' } }),
      chatUser('mallory'),
    ),
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
    request: multi(fcdn(uid(ALICE_UID), 'room-2', 'subscriber')),
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
    request: rtm('*', 600),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'deny an FPA login (bound to no user) without tokens:wildcard',
    session: alice(),
    request: multi(fpa()),
    expected: 'WILDCARD_NOT_ALLOWED',
  },
  {
    title: 'allow an FPA login with tokens:wildcard',
    session: alice([SCOPES.wildcard]),
    request: multi(fpa()),
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
    request: multi(streaming(uid(0))),
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
    request: multi(streaming(account('alice'))),
    expected: 'ROLE_NOT_ALLOWED',
  },
  {
    title: 'allow streaming with rtc:publish',
    session: alice([SCOPES.rtcPublish]),
    request: multi(streaming(account('alice'))),
    expected: 'ALLOW',
  },
  {
    title: 'allow FCDN play (subscriber) without rtc:publish',
    session: alice(),
    request: multi(fcdn(uid(ALICE_UID), 'team-1-live', 'subscriber')),
    expected: 'ALLOW',
  },
  {
    title: 'deny FCDN publish without rtc:publish',
    session: alice(),
    request: multi(fcdn(uid(ALICE_UID), 'room-1', 'publisher')),
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
    request: chatApp(),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow a Chat app token with chat:app',
    session: alice([SCOPES.chatApp]),
    request: chatApp(),
    expected: 'ALLOW',
  },
  {
    title: 'not let the admin scope stand in for chat:app',
    session: alice([SCOPES.admin]),
    request: chatApp(),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny inspect without tokens:inspect',
    session: alice(),
    request: INSPECT,
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow inspect with tokens:inspect',
    session: alice([SCOPES.inspect], { binding: {}, channelGrants: [] }),
    request: INSPECT,
    expected: 'ALLOW',
  },
  {
    title: 'deny RTM2 permissions without rtm:permissions',
    session: alice(),
    request: rtm2('alice', [{ resource: 'messageChannels', permission: 'write', names: ['a'] }]),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny an empty RTM2 permissions list without rtm:permissions',
    session: alice(),
    request: rtm2('alice', []),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow RTM2 permissions with rtm:permissions',
    session: alice([SCOPES.rtmPermissions]),
    request: rtm2('alice', [{ resource: 'messageChannels', permission: 'read', names: ['a'] }]),
    expected: 'ALLOW',
  },
  {
    title: 'deny ConvoAI to a user session holding every scope',
    session: alice(Object.values(SCOPES)),
    request: multi(rtc(), agent('convoai')),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'deny STT to a service session without tokens:issue-any',
    session: alice([], { kind: 'service' }),
    request: multi(rtc(), agent('stt')),
    expected: 'SCOPE_REQUIRED',
  },
  {
    title: 'allow ConvoAI and STT to an issue-any service',
    session: bot(),
    request: multi(
      rtc(account('agent-7'), { channel: 'room-9', rtm: { userId: 'agent-7' } }),
      agent('convoai'),
      agent('stt'),
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
    request: chatUser('alice', 3601),
    expected: 'TTL_TOO_LONG',
  },
  {
    title: 'deny a multi-service lifetime over the maximum',
    session: alice(),
    request: { ...multi(rtc()), ttl: 3601 },
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
    request: rtm('42', 600),
    expected: 'ACCOUNT_LOOKS_NUMERIC',
  },
  {
    title: 'deny an all-digit Chat user id',
    session: alice(),
    request: chatUser('42', 600),
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
    request: multi(streaming(account('55'))),
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
      rtm('alice', 600),
      chatUser('alice', 600),
      fcdn(account('alice'), 'room-1', 'subscriber'),
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
    request: multi(rtc(uid(ALICE_UID), { role: 'publisher' }), rtm2('alice', [])),
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
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny a multi-service request whose services are not a list',
    session: alice(),
    request: raw({ version: '007', ttl: 600, services: { rtc: rtc().services[0] } }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny a nested multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw({ version: '007', ttl: 600, services: [multi(rtc())] }),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny inspect as a service of a multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw(multi({ service: 'inspect' } as never)),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny an unknown service kind inside a multi-service request',
    session: bot(Object.values(SCOPES)),
    request: raw(multi(rtc(), { service: 'sip' } as never)),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
];

const shapeCases: Case[] = [
  {
    title: 'deny an unknown service kind',
    session: bot(Object.values(SCOPES)),
    request: raw(multi({ service: 'sip', channel: 'room-1', uid: ALICE_UID } as never)),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny a service without a name',
    session: alice([SCOPES.wildcard]),
    request: raw(multi({ channel: 'room-1', uid: ALICE_UID } as never)),
    expected: 'REQUEST_KIND_UNKNOWN',
  },
  {
    title: 'deny a request without services',
    session: alice(),
    request: raw({ channel: 'room-1', uid: ALICE_UID }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny a null request',
    session: alice(),
    request: raw(null),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an RTC request naming both uid and account',
    session: alice(),
    request: patched(rtc(), { account: 'mallory' }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an RTC request naming neither uid nor account',
    session: alice(),
    request: patched(rtc(), { uid: undefined }),
    expected: 'VALIDATION_FAILED',
  },
  ...[2 ** 32, -1, 1.5, '1001', null].map((value): Case => ({
    title: `deny uid ${JSON.stringify(value)}`,
    session: alice(),
    request: patched(rtc(), { uid: value }),
    expected: 'VALIDATION_FAILED',
  })),
  {
    title: 'deny an account that is not a string',
    session: alice(),
    request: patched(rtc(account('alice')), { account: 7 }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny a channel that is not a string',
    session: alice(),
    request: patched(rtc(), { channel: ['room-1'] }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny RTC privileges that are not an object of names',
    session: alice(),
    request: patched(rtc(), { privileges: ['joinChannel'] }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an unknown RTC privilege name',
    session: alice(),
    request: patched(rtc(), { privileges: { joinChannel: 600, kickUser: 600 } }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an RTM login without a user id',
    session: alice(),
    request: raw(multi(rtc(), { service: 'rtm', privileges: { login: 600 } } as never)),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny RTM permissions that are not a list',
    session: alice([SCOPES.rtmPermissions]),
    request: patched(rtm2('alice', []), { permissions: 'all' }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an unknown Chat privilege (neither user nor app)',
    session: alice(Object.values(SCOPES)),
    request: patched(chatUser('alice'), { privileges: { admin: 600 } }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny a Chat app token naming a user',
    session: alice([SCOPES.chatApp]),
    request: patched(chatApp(), { userId: 'alice' }),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an APaaS role outside the 16-bit range',
    session: alice([SCOPES.rtcPublish]),
    request: multi(apaas({ role: 40_000 })),
    expected: 'VALIDATION_FAILED',
  },
  {
    title: 'deny an FCDN privilege other than publish and play',
    session: alice([SCOPES.rtcPublish]),
    request: patched(multi(fcdn(uid(ALICE_UID), 'room-1', 'publisher')), {
      privileges: { owner: 600 },
    }),
    expected: 'VALIDATION_FAILED',
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

function decisionOf({ session, request, limits }: Case) {
  return request === INSPECT ? decideInspect(session) : decide(session, request, limits ?? LIMITS);
}

function outcome(testCase: Case): 'ALLOW' | DenyReason {
  const decision = decisionOf(testCase);
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
      VALIDATION_FAILED: 400,
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
      const decision = decisionOf(testCase);
      if (!decision.allow) {
        expect(decision.status).toBe(DENY_REASONS[decision.reason].status);
      }
    }
  });

  it('should never echo requested users or channels in a denial message', () => {
    for (const testCase of allCases) {
      const decision = decisionOf(testCase);
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
    const decision = decideInspect(alice());

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
