/**
 * The README's "policy model": pure and deny by default. Each service becomes a `Holding`; `RULES`
 * run in order over the request's `ttl`, then the services; the first failure is the decision.
 *
 *  service    scope needed                    users                channel    publishes
 *  rtc        -                               uid|account          channel    a publish* privilege
 *  rtm        -                               userId               -          never
 *  rtm2       rtm:permissions if permissions  userId               -          never
 *  chat user  -                               userId               -          never
 *  chat app   chat:app                        none (app-wide)      -          never
 *  fpa        - (any user: needs wildcard)    none                 -          never
 *  apaas      -                               userUuid             roomUuid   role other than -1
 *  streaming  -                               uid|account          channel    always
 *  fcdn       -                               uid|account          channel    the publish privilege
 *  convoai    issue-any (server-side agent)   in sibling rtc/rtm   -          never
 *  stt        issue-any (server-side agent)   in sibling rtc/rtm   -          never
 *  (inspect)  tokens:inspect (`decideInspect`; reading a token issues nothing)
 *
 * "issue-any" skips only the identity, channel and role rules. A lifetime of 0 is refused: Agora
 * reads a zero privilege expiry as a sentinel. An APaaS room role cannot be ranked: it publishes.
 */
import {
  PRIVILEGE_NAMES,
  type PrivilegeSpec,
  SERVICE_NAMES,
  type ServiceSpec,
  UINT32_MAX,
} from '../agora-token';
import { type AppSession, type Scope, SCOPES, type SessionBinding } from '../auth/app-session';
import { isRecord } from '../common/is-record';
import { ALLOW, deny, type PolicyDecision, type PolicyDenial } from './policy-decision';
import { roleOf, type TokenRequest } from './token-request';

/** `TOKEN_MAX_TTL_SECONDS`: the longest lifetime of any token or privilege (1..86400). */
export interface PolicyLimits {
  maxTtlSeconds: number;
}

/** Hard cap on any lifetime (one day), applied even if configuration says more. */
export const HARD_MAX_TTL_SECONDS = 86_400;

type User = { uid: number } | { account: string };

/** What one service in the token would let its holder do. Every rule reads only this. */
interface Holding {
  users: User[];
  channels: string[];
  lifetimes: unknown[];
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

const ALL_DIGITS = /^[0-9]+$/;
/** Privilege names each service may carry (the library's). */
const PRIVILEGES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(SERVICE_NAMES).map(([type, name]) => [
    name,
    Object.values(PRIVILEGE_NAMES[Number(type) as keyof typeof PRIVILEGE_NAMES]),
  ]),
);
/** APaaS role written when a token names no room role (user and app tokens). */
const APAAS_NO_ROLE = -1;

/** May `session` hold what `request` asks for? Never throws, whatever the input's shape. */
export function decide(
  session: AppSession,
  request: TokenRequest,
  limits: PolicyLimits,
): PolicyDecision {
  const holdings = describeRequest(request);
  return Array.isArray(holdings) ? judge(session, holdings, limits) : holdings;
}

/** Reading a token (`POST /v1/tokens/inspect`) issues nothing but needs `tokens:inspect`. */
export function decideInspect(session: AppSession): PolicyDecision {
  return judge(session, [holding({ scopes: [SCOPES.inspect] })], { maxTtlSeconds: 1 });
}

function judge(session: AppSession, holdings: Holding[], limits: PolicyLimits): PolicyDecision {
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
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
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
    // Even with the scope a wildcard token is subscriber-only: never "anyone may publish".
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

/** Turns a request into holdings (its own lifetime first), or the denial of its shape. */
function describeRequest(request: TokenRequest): Holding[] | PolicyDenial {
  if (!isRecord(request) || !Array.isArray(request.services) || request.services.length === 0) {
    return deny('VALIDATION_FAILED');
  }
  const holdings = [holding({ lifetimes: [request.ttl] })];
  for (const service of request.services as unknown[]) {
    const described = describeService(service);
    if (!('users' in described)) {
      return described;
    }
    holdings.push(described);
  }
  return holdings;
}

function describeService(service: unknown): Holding | PolicyDenial {
  if (!isRecord(service)) {
    return deny('VALIDATION_FAILED');
  }
  const name = service.service;
  if (typeof name !== 'string' || !Object.hasOwn(PRIVILEGES, name)) {
    return deny('REQUEST_KIND_UNKNOWN');
  }
  const privileges = privilegesOf(service.privileges, PRIVILEGES[name]!);
  if (!privileges) {
    return deny('VALIDATION_FAILED');
  }
  const lifetimes = Object.values(privileges);
  const spec = service as ServiceSpec;
  switch (spec.service) {
    case 'rtc':
    case 'streaming':
    case 'fcdn': {
      const user = userOf(service);
      if (!user || !isString(spec.channel)) {
        return deny('VALIDATION_FAILED');
      }
      const publishes = roleOf(spec) === 'publisher';
      return holding({ users: [user], channels: [spec.channel], lifetimes, publishes });
    }
    case 'rtm':
    case 'rtm2': {
      const permissions = spec.service === 'rtm2' ? spec.permissions : undefined;
      if (!isString(spec.userId) || (permissions !== undefined && !Array.isArray(permissions))) {
        return deny('VALIDATION_FAILED');
      }
      const scopes = permissions === undefined ? [] : [SCOPES.rtmPermissions];
      return holding({ users: [{ account: spec.userId }], lifetimes, scopes });
    }
    case 'chat': {
      const userId: unknown = spec.userId;
      if ((privileges.app === undefined) === (privileges.user === undefined)) {
        return deny('VALIDATION_FAILED');
      }
      if (privileges.user !== undefined && (userId === undefined || isString(userId))) {
        return holding({ users: [{ account: userId ?? '' }], lifetimes });
      }
      if (privileges.app !== undefined && (userId === undefined || userId === '')) {
        return holding({ lifetimes, scopes: [SCOPES.chatApp] });
      }
      return deny('VALIDATION_FAILED');
    }
    case 'fpa':
      return holding({ lifetimes, anyUser: true });
    case 'apaas': {
      const { roomUuid = '', userUuid = '', role = APAAS_NO_ROLE } = spec;
      if (
        !isString(roomUuid) ||
        !isString(userUuid) ||
        !Number.isInteger(role) ||
        role < -0x8000 ||
        role > 0x7fff
      ) {
        return deny('VALIDATION_FAILED');
      }
      return holding({
        users: [{ account: userUuid }],
        channels: [roomUuid],
        lifetimes,
        publishes: role !== APAAS_NO_ROLE,
      });
    }
    case 'convoai':
    case 'stt':
      return holding({ lifetimes, issueAnyOnly: true });
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

/** Exactly one of uid (integer 0..2^32-1) and account (string), or undefined. */
function userOf({ uid, account }: Record<string, unknown>): User | undefined {
  if (uid !== undefined && account === undefined) {
    return Number.isInteger(uid) && (uid as number) >= 0 && (uid as number) <= UINT32_MAX
      ? { uid: uid as number }
      : undefined;
  }
  if (account !== undefined && uid === undefined) {
    return isString(account) ? { account } : undefined;
  }
  return undefined;
}

/** The privileges, or undefined when they are not an object of the service's privilege names. */
function privilegesOf(privileges: unknown, names: readonly string[]): PrivilegeSpec | undefined {
  if (privileges === undefined) {
    return {};
  }
  // Values are checked by the lifetime rule, so a non-number is denied there.
  if (!isRecord(privileges) || !Object.keys(privileges).every((name) => names.includes(name))) {
    return undefined;
  }
  return privileges as PrivilegeSpec;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
