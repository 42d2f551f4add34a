/** Who is calling, built by the JWT guard from verified claims only; nothing here is secret. */
export type SessionKind = 'user' | 'service';

/** Scopes the policy understands. Unknown scopes are kept but grant nothing. */
export const SCOPES = {
  rtcPublish: 'rtc:publish',
  issueAny: 'tokens:issue-any', // a service may issue tokens for any channel and uid/account
  wildcard: 'tokens:wildcard', // uid 0, account "" or "*", channel "" or "*"; subscriber only
  inspect: 'tokens:inspect', // POST /v1/tokens/inspect
  chatApp: 'chat:app',
  rtmPermissions: 'rtm:permissions', // RTM2 resource permissions
  admin: 'admin',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export interface SessionBinding {
  uid?: number; // the Agora uid this caller may act as, 1..2^32-1
  account?: string; // the Agora user account this caller may act as (else `sub`)
}

export interface AppSession {
  issuer: string;
  subject: string; // non-empty
  principal: string; // `iss` + `sub`: the key for per-caller rate limits and audit
  kind: SessionKind;
  scopes: ReadonlySet<string>;
  binding: SessionBinding;
  channelGrants: readonly string[]; // exact names or `prefix*` patterns, templates expanded
  expiresAt: number; // `exp`, unix seconds
}
