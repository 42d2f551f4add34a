import type { ChannelTemplate } from '../config/channel-template';
import type { ClaimNames } from '../config/policy.config';
import type { AppSession, SessionBinding } from './app-session';
import { AuthRejection } from './auth-rejection';
import { type CallerClaims, ownClaim } from './caller-claims';

/** Which claims feed the session, from the `policy` config namespace. */
export interface ClaimMapping {
  readonly claims: ClaimNames;
  readonly channelTemplates: readonly ChannelTemplate[];
}

const MAX_UID = 2 ** 32 - 1;

const invalid = (claim: string, rule: string) =>
  new AuthRejection('INVALID_CLAIM', `${claim} claim is not ${rule}`);

/**
 * Builds the `AppSession` from checked claims; pure. A claim it reads that is present but
 * malformed is a rejection, never ignored: a broken mapping must not become another identity.
 */
export function sessionFromClaims(claims: CallerClaims, mapping: ClaimMapping): AppSession {
  const { iss: issuer, sub: subject } = claims;
  const names = mapping.claims;
  return {
    issuer,
    subject,
    // iss is the pinned AUTH_JWT_ISSUER, which validation keeps free of control characters, so the
    // first newline always separates the two parts.
    principal: `${issuer}\n${subject}`,
    kind: ownClaim(claims, names.kind) === 'service' ? 'service' : 'user',
    scopes: scopesFrom(claims),
    binding: bindingFrom(claims, names),
    channelGrants: Object.freeze(channelGrantsFrom(claims, mapping)),
    expiresAt: claims.exp,
  };
}

function bindingFrom(claims: CallerClaims, names: ClaimNames): SessionBinding {
  const binding: SessionBinding = {};
  const uid = ownClaim(claims, names.uid);
  if (uid !== undefined) {
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 1 || uid > MAX_UID) {
      throw invalid(names.uid, `an integer from 1 to ${MAX_UID}`);
    }
    binding.uid = uid;
  }
  const account = ownClaim(claims, names.account);
  binding.account = typeof account === 'string' && account !== '' ? account : claims.sub;
  return binding;
}

/** `scope` (space-separated, RFC 8693), `scp` and `permissions` (arrays, or strings as Azure AD sends `scp`). */
function scopesFrom(claims: CallerClaims): ReadonlySet<string> {
  const scopes = new Set<string>();
  for (const name of ['scope', 'scp', 'permissions']) {
    const value = ownClaim(claims, name);
    if (value === undefined) {
      continue;
    }
    const items = typeof value === 'string' ? value.split(' ') : value;
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
      throw invalid(name, 'a string or an array of strings');
    }
    for (const item of items) {
      if (item !== '') {
        scopes.add(item);
      }
    }
  }
  return scopes;
}

function channelGrantsFrom(claims: CallerClaims, mapping: ClaimMapping): string[] {
  const grants = new Set<string>();
  const name = mapping.claims.channels;
  const listed = ownClaim(claims, name);
  if (listed !== undefined) {
    if (!Array.isArray(listed) || !listed.every(isGrant)) {
      throw invalid(name, 'an array of channel names or prefix* patterns');
    }
    listed.forEach((grant) => grants.add(grant));
  }
  for (const template of mapping.channelTemplates) {
    const grant = expandTemplate(template, claims);
    if (grant !== undefined) {
      grants.add(grant);
    }
  }
  return [...grants];
}

/** A non-empty string whose only `*`, if any, is the last character. */
function isGrant(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.slice(0, -1).includes('*');
}

/**
 * Fills a template's placeholders with claim values. Skipped (undefined) when a claim is missing,
 * empty, not a string or finite number, or contains `*`: a claim value must never widen a grant
 * into a wildcard pattern.
 */
export function expandTemplate(
  template: ChannelTemplate,
  claims: CallerClaims,
): string | undefined {
  let grant = '';
  for (const part of template.parts) {
    if ('literal' in part) {
      grant += part.literal;
      continue;
    }
    const value = ownClaim(claims, part.claim);
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string' || text === '' || text.includes('*')) {
      return undefined;
    }
    grant += text;
  }
  return grant;
}
