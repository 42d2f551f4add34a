/**
 * Who is calling, as the JWT guard established it. Built once per request from verified claims
 * (never merged from raw claims) and handed to the policy; nothing here is secret.
 */
export type SessionKind = 'user' | 'service';

/** Scopes the policy understands. Unknown scopes are kept but grant nothing. */
export const SCOPES = {
  /** May hold the RTC publisher role. */
  rtcPublish: 'rtc:publish',
  /** A service may issue tokens for any channel and uid/account. */
  issueAny: 'tokens:issue-any',
  /** May request wildcard tokens (uid 0, account "" or "*", channel "" or "*"); subscriber only. */
  wildcard: 'tokens:wildcard',
  /** May call POST /v1/tokens/inspect. */
  inspect: 'tokens:inspect',
  /** May request Chat app tokens. */
  chatApp: 'chat:app',
  /** May request RTM2 resource permissions. */
  rtmPermissions: 'rtm:permissions',
  admin: 'admin',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export interface SessionBinding {
  /** The Agora uid this caller may act as (claim `agora_uid` by default), 1..2^32-1. */
  uid?: number;
  /** The Agora user account / user id this caller may act as (claim `agora_account`, else `sub`). */
  account?: string;
}

export interface AppSession {
  /** `iss` of the caller's JWT. */
  issuer: string;
  /** `sub` of the caller's JWT (a non-empty string). */
  subject: string;
  /** `iss` + `sub`: the key for per-caller rate limits and audit. */
  principal: string;
  kind: SessionKind;
  scopes: ReadonlySet<string>;
  binding: SessionBinding;
  /** Exact channel names or `prefix*` patterns, with configured templates already expanded. */
  channelGrants: readonly string[];
  /** `exp` of the caller's JWT, unix seconds. */
  expiresAt: number;
}
