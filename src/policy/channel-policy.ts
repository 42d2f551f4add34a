/**
 * The authorization policy (design §4): may this session hold this token? Pure: no Nest, no I/O,
 * no clock. Deny by default: a request kind, service kind or shape without a rule here is denied.
 *
 * Each request is first described as "holdings" (what each service in the token would let its
 * holder do: users, channels, lifetimes, publishing), then a fixed list of rules runs over them.
 * Rule order is the order of `RULES` below; within a rule, services in request order (a
 * multi-service request's own `ttlSeconds` first). The first failure is the decision.
 *
 *  #  rule                                     reason                                  status
 *  0  shape (while describing the request)     REQUEST_KIND_UNKNOWN / REQUEST_INVALID  403 / 400
 *  1  lifetimes: integer, 1..max               TTL_INVALID, TTL_TOO_LONG               400
 *  2  accounts / user ids not all digits       ACCOUNT_LOOKS_NUMERIC                   400
 *  3  scopes the kind needs                    SCOPE_REQUIRED                          403
 *  4  identity: users equal the binding        UID_NOT_BOUND, UID_MISMATCH             403
 *  5  channels match a grant                   CHANNEL_NOT_GRANTED                     403
 *  6  wildcards: tokens:wildcard, no publish   WILDCARD_NOT_ALLOWED                    403
 *  7  publishing needs rtc:publish             ROLE_NOT_ALLOWED                        403
 *
 * Lifetimes include every per-privilege value. 0 is refused rather than read as a duration:
 * Agora's builders treat a zero privilege expiry as a sentinel ("same as the token", or "no
 * expiry" in older formats), never as "0 seconds".
 *
 * "issue-any" below means a service session (`kind === 'service'`) holding `tokens:issue-any`; it
 * skips rules 4, 5 and 7 and nothing else. A user session holding that scope gains nothing.
 * Wildcard users and channels skip rules 4 and 5 and are judged by rule 6 instead, even for
 * issue-any. The `admin` scope grants nothing here.
 *
 * What each kind holds (users are checked by rule 4, channels by rule 5, publishing by 6 and 7):
 *
 *  kind       scope needed (rule 3)           users                channel    publishes
 *  rtc        -                               uid|account,         channel    role publisher or a
 *                                             rtm.userId if any               publish* privilege
 *  rtm        rtm:permissions if permissions  userId               -          never
 *  chat user  -                               userId               -          never
 *  chat app   chat:app                        none (app-wide)      -          never
 *  fpa        - (bound to no user: rule 6     none                 -          never
 *             needs tokens:wildcard)
 *  apaas      -                               userUuid             roomUuid   role other than -1
 *  streaming  -                               uid|account          channel    always
 *  fcdn       -                               uid|account          channel    role publisher
 *  convoai    issue-any (server-side agent)   in sibling rtc/rtm   -          never
 *  stt        issue-any (server-side agent)   in sibling rtc/rtm   -          never
 *  inspect    tokens:inspect                  -                    -          -
 *  multi      every service's rules; at least one service; its ttlSeconds is a lifetime too
 *
 * Why: an APaaS room role carries classroom powers (teacher, assistant, ...) the policy cannot
 * rank, so any room role is treated like the publisher role; -1 means "no room role". Streaming
 * only has publish privileges (publishMixStream, publishRawStream). ConvoAI and STT tokens let the
 * holder drive billable server-side agents, so only backend services may request them. FPA and
 * Chat app tokens are app-wide: FPA is an any-user login, Chat app is the Chat REST credential.
 * Every account-like id (RTM/Chat user id, APaaS user uuid, Streaming/FCDN account) follows the
 * account rules: bound to `binding.account`, never all digits, `""`/`"*"` are wildcards.
 *
 * Grants (rule 5) are exact strings, or `prefix*` patterns matching any channel that starts with
 * the prefix (zero or more further characters). Comparison is on the exact strings: no trimming,
 * case folding or Unicode normalisation. A lone `*` (empty prefix) or `""` grant grants nothing;
 * wildcard channels need `tokens:wildcard`.
 */
import { type AppSession, type Scope, SCOPES, type SessionBinding } from '../auth/app-session';
import { ALLOW, deny, type PolicyDecision, type PolicyDenial } from './policy-decision';
import type {
  PolicyRequest,
  RtcPrivilegeSeconds,
  RtcRole,
  ServicePolicyRequest,
  UserIdentity,
} from './policy-request';

/** Limits the policy enforces, from configuration (`TOKEN_MAX_TTL_SECONDS`). */
export interface PolicyLimits {
  /** Longest lifetime any token or privilege may have, in seconds (1..86400). */
  maxTtlSeconds: number;
}

/** Design §4 hard cap on any lifetime, applied even if configuration says more. */
export const HARD_MAX_TTL_SECONDS = 86_400;

/** A user a service names; uids and accounts are compared with different bindings. */
type User = { uid: number } | { account: string };

/** What one service in the token would let its holder do. Every rule reads only this. */
interface Holding {
  users: User[];
  channels: string[];
  lifetimes: number[];
  publishes: boolean;
  /** Bound to no user at all (FPA): judged as a wildcard user. */
  anyUser: boolean;
  scopes: Scope[];
  /** Only an issue-any service session may hold it. */
  issueAnyOnly: boolean;
}

interface Context {
  session: AppSession;
  issueAny: boolean;
  maxTtlSeconds: number;
}

type Rule = (context: Context, holding: Holding) => PolicyDenial | undefined;

const MAX_UID = 2 ** 32 - 1;
const ALL_DIGITS = /^[0-9]+$/;
const RTC_PRIVILEGES: readonly string[] = [
  'joinChannel',
  'publishAudioStream',
  'publishVideoStream',
  'publishDataStream',
] satisfies (keyof RtcPrivilegeSeconds)[];
const RTC_PUBLISH_PRIVILEGES = RTC_PRIVILEGES.filter((name) => name.startsWith('publish'));
/** APaaS role written when a token names no room role (user and app tokens). */
const APAAS_NO_ROLE = -1;

/**
 * Decides whether `session` may hold what `request` asks for. Never throws for any input shape.
 *
 * @param limits.maxTtlSeconds longest lifetime allowed; values above 86400 are capped to 86400.
 */
export function decide(
  session: AppSession,
  request: PolicyRequest,
  limits: PolicyLimits,
): PolicyDecision {
  const holdings = describeRequest(request);
  if (!Array.isArray(holdings)) {
    return holdings;
  }
  const context: Context = {
    session,
    issueAny: session.kind === 'service' && session.scopes.has(SCOPES.issueAny),
    maxTtlSeconds: Math.min(limits.maxTtlSeconds, HARD_MAX_TTL_SECONDS),
  };
  for (const rule of RULES) {
    for (const holding of holdings) {
      const denial = rule(context, holding);
      if (denial) {
        return denial;
      }
    }
  }
  return ALLOW;
}

const RULES: readonly Rule[] = [
  function lifetimes({ maxTtlSeconds }, { lifetimes }) {
    for (const seconds of lifetimes) {
      if (!Number.isInteger(seconds) || seconds < 1) {
        return deny('TTL_INVALID');
      }
      // Written as "not within" so that a NaN maximum denies instead of allowing everything.
      if (!(seconds <= maxTtlSeconds)) {
        return deny('TTL_TOO_LONG', `lifetime exceeds the maximum of ${maxTtlSeconds} seconds`);
      }
    }
    return undefined;
  },
  function numericAccounts(_context, { users }) {
    const numeric = users.some((user) => 'account' in user && ALL_DIGITS.test(user.account));
    return numeric ? deny('ACCOUNT_LOOKS_NUMERIC') : undefined;
  },
  function scopes({ session, issueAny }, holding) {
    const missing = holding.scopes.find((scope) => !session.scopes.has(scope));
    if (missing !== undefined) {
      return deny('SCOPE_REQUIRED', `this request needs the ${missing} scope`);
    }
    if (holding.issueAnyOnly && !issueAny) {
      return deny(
        'SCOPE_REQUIRED',
        `only service sessions with ${SCOPES.issueAny} may request this`,
      );
    }
    return undefined;
  },
  function identity({ session, issueAny }, { users }) {
    if (issueAny) {
      return undefined;
    }
    for (const user of users) {
      const denial = isWildcardUser(user) ? undefined : checkBinding(session.binding, user);
      if (denial) {
        return denial;
      }
    }
    return undefined;
  },
  function channels({ session, issueAny }, { channels }) {
    if (issueAny) {
      return undefined;
    }
    const denied = channels.some(
      (channel) => !isWildcardChannel(channel) && !isGranted(channel, session.channelGrants),
    );
    return denied ? deny('CHANNEL_NOT_GRANTED') : undefined;
  },
  function wildcards({ session }, holding) {
    const wildcard =
      holding.anyUser ||
      holding.users.some(isWildcardUser) ||
      holding.channels.some(isWildcardChannel);
    // Even with the scope a wildcard token is subscriber-only: "anyone may publish" is never
    // issued.
    const allowed = !wildcard || (session.scopes.has(SCOPES.wildcard) && !holding.publishes);
    return allowed ? undefined : deny('WILDCARD_NOT_ALLOWED');
  },
  function role({ session, issueAny }, { publishes }) {
    const allowed = !publishes || issueAny || session.scopes.has(SCOPES.rtcPublish);
    return allowed ? undefined : deny('ROLE_NOT_ALLOWED');
  },
];

function checkBinding(binding: SessionBinding, user: User): PolicyDenial | undefined {
  const [bound, requested] =
    'uid' in user ? [binding.uid, user.uid] : [binding.account, user.account];
  if (bound === undefined) {
    return deny('UID_NOT_BOUND');
  }
  return bound === requested ? undefined : deny('UID_MISMATCH');
}

function isWildcardUser(user: User): boolean {
  return 'uid' in user ? user.uid === 0 : user.account === '' || user.account === '*';
}

function isWildcardChannel(channel: string): boolean {
  return channel === '' || channel === '*';
}

function isGranted(channel: string, grants: readonly string[]): boolean {
  return grants.some((grant) => {
    if (typeof grant !== 'string') {
      return false;
    }
    if (grant.endsWith('*')) {
      // A lone "*" has an empty prefix and would match everything: it grants nothing.
      return grant.length > 1 && channel.startsWith(grant.slice(0, -1));
    }
    return grant === channel;
  });
}

/** Turns a request into holdings, or the shape denial that stops it before any rule runs. */
function describeRequest(request: PolicyRequest): Holding[] | PolicyDenial {
  if (typeof request !== 'object' || request === null) {
    return deny('REQUEST_INVALID');
  }
  switch (request.kind) {
    case 'rtc':
    case 'rtm':
    case 'chat':
      return wrap(describeService(request));
    case 'inspect':
      return [holding({ scopes: [SCOPES.inspect] })];
    case 'multi': {
      if (!isArray(request.services) || request.services.length === 0) {
        return deny('REQUEST_INVALID');
      }
      const holdings = [holding({ lifetimes: [request.ttlSeconds] })];
      for (const service of request.services) {
        const described = describeService(service);
        if (!('users' in described)) {
          return described;
        }
        holdings.push(described);
      }
      return holdings;
    }
    default:
      return deny('REQUEST_KIND_UNKNOWN');
  }
}

function describeService(service: ServicePolicyRequest): Holding | PolicyDenial {
  if (typeof service !== 'object' || service === null) {
    return deny('REQUEST_INVALID');
  }
  switch (service.kind) {
    case 'rtc': {
      const user = userOf(service);
      const privileges = privilegeSeconds(service.privileges);
      const rtm = service.rtm;
      if (
        !user ||
        !isString(service.channel) ||
        !isRole(service.role) ||
        !privileges ||
        (rtm !== undefined && !isString(rtm?.userId))
      ) {
        return deny('REQUEST_INVALID');
      }
      const publishesByPrivilege = RTC_PUBLISH_PRIVILEGES.some(
        (name) => (service.privileges as Record<string, unknown> | undefined)?.[name] !== undefined,
      );
      return holding({
        users: rtm ? [user, { account: rtm.userId }] : [user],
        channels: [service.channel],
        lifetimes: [service.ttlSeconds, ...privileges, ...optional(rtm?.ttlSeconds)],
        publishes: service.role === 'publisher' || publishesByPrivilege,
      });
    }
    case 'rtm':
      if (!isString(service.userId) || !isOptionalArray(service.permissions)) {
        return deny('REQUEST_INVALID');
      }
      return holding({
        users: [{ account: service.userId }],
        lifetimes: [service.ttlSeconds],
        scopes: service.permissions === undefined ? [] : [SCOPES.rtmPermissions],
      });
    case 'chat':
      if (service.chatKind === 'user' && isString(service.userId)) {
        return holding({ users: [{ account: service.userId }], lifetimes: [service.ttlSeconds] });
      }
      if (service.chatKind === 'app' && service.userId === undefined) {
        return holding({ lifetimes: [service.ttlSeconds], scopes: [SCOPES.chatApp] });
      }
      return deny('REQUEST_INVALID');
    case 'fpa':
      return holding({ anyUser: true });
    case 'apaas':
      if (
        !isString(service.roomUuid) ||
        !isString(service.userUuid) ||
        !Number.isInteger(service.role) ||
        service.role < -0x8000 ||
        service.role > 0x7fff
      ) {
        return deny('REQUEST_INVALID');
      }
      return holding({
        users: [{ account: service.userUuid }],
        channels: [service.roomUuid],
        publishes: service.role !== APAAS_NO_ROLE,
      });
    case 'streaming':
    case 'fcdn': {
      const user = userOf(service);
      const role: unknown = service.kind === 'fcdn' ? service.role : 'publisher';
      if (!user || !isString(service.channel) || !isRole(role)) {
        return deny('REQUEST_INVALID');
      }
      return holding({
        users: [user],
        channels: [service.channel],
        publishes: role === 'publisher',
      });
    }
    case 'convoai':
    case 'stt':
      return holding({ issueAnyOnly: true });
    default:
      return deny('REQUEST_KIND_UNKNOWN');
  }
}

function holding(parts: Partial<Holding>): Holding {
  return {
    users: [],
    channels: [],
    lifetimes: [],
    publishes: false,
    anyUser: false,
    scopes: [],
    issueAnyOnly: false,
    ...parts,
  };
}

function wrap(described: Holding | PolicyDenial): Holding[] | PolicyDenial {
  return 'users' in described ? [described] : described;
}

/** Exactly one of uid (integer 0..2^32-1) and account (string), or undefined. */
function userOf(identity: UserIdentity): User | undefined {
  const { uid, account } = identity as { uid?: unknown; account?: unknown };
  if (uid !== undefined && account === undefined) {
    return Number.isInteger(uid) && (uid as number) >= 0 && (uid as number) <= MAX_UID
      ? { uid: uid as number }
      : undefined;
  }
  if (account !== undefined && uid === undefined) {
    return isString(account) ? { account } : undefined;
  }
  return undefined;
}

/** The lifetimes of known privileges, or undefined when the object or a name is unknown. */
function privilegeSeconds(privileges: RtcPrivilegeSeconds | undefined): number[] | undefined {
  if (privileges === undefined) {
    return [];
  }
  if (typeof privileges !== 'object' || privileges === null || isArray(privileges)) {
    return undefined;
  }
  // Values are re-checked by the lifetime rule, so a non-number is denied there.
  const entries = Object.entries(privileges as Record<string, number | undefined>);
  if (!entries.every(([name]) => RTC_PRIVILEGES.includes(name))) {
    return undefined;
  }
  return entries.flatMap(([, seconds]) => optional(seconds));
}

function optional(seconds: number | undefined): number[] {
  return seconds === undefined ? [] : [seconds];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isRole(value: unknown): value is RtcRole {
  return value === 'publisher' || value === 'subscriber';
}

function isOptionalArray(value: unknown): boolean {
  return value === undefined || isArray(value);
}

/** `Array.isArray` without its narrowing to `any[]`. */
function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
