/** Who is calling, built by the JWT guard from verified claims only; nothing here is secret. */
export type SessionKind = 'user' | 'service';

/** Scopes the policy understands. Unknown scopes are kept but grant nothing. */
export const SCOPES = {
  rtcPublish: 'rtc:publish',
  /** A service may issue tokens for any channel and uid/account. */
  issueAny: 'tokens:issue-any',
  /** Wildcard tokens (uid 0, account "" or "*", channel "" or "*"); subscriber only. */
  wildcard: 'tokens:wildcard',
  /** POST /v1/tokens/inspect. */
  inspect: 'tokens:inspect',
  chatApp: 'chat:app',
  /** RTM2 resource permissions. */
  rtmPermissions: 'rtm:permissions',
  admin: 'admin',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export interface SessionBinding {
  /** The Agora uid this caller may act as (claim `agora_uid` by default), 1..2^32-1. */
  uid?: number;
  /** The Agora user account this caller may act as (claim `agora_account`, else `sub`). */
  account?: string;
}

export interface AppSession {
  issuer: string;
  /** A non-empty string. */
  subject: string;
  /** `iss` + `sub`: the key for per-caller rate limits and audit. */
  principal: string;
  kind: SessionKind;
  scopes: ReadonlySet<string>;
  binding: SessionBinding;
  /** Exact channel names or `prefix*` patterns, with configured templates already expanded. */
  channelGrants: readonly string[];
  /** `exp`, unix seconds. */
  expiresAt: number;
}
