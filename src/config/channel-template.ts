/**
 * Channel grant templates (`CHANNEL_TEMPLATES`, e.g. `user-{sub},team-{team_id}-*`): parsed and
 * checked once at boot, expanded per request by `sessionFromClaims()`.
 */
export type TemplatePart = { readonly literal: string } | { readonly claim: string };

export interface ChannelTemplate {
  /** The template as configured. */
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** Claim names that would reach `Object.prototype` if ever used as a plain property key. */
export const FORBIDDEN_CLAIM_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * A claim name as it appears in the JWT payload: printable, no whitespace, braces, commas or `*`.
 * Namespaced names such as `https://example.com/agora_uid` (Auth0 style) are allowed.
 */
const CLAIM_NAME = /^[\x21-\x7e]{1,256}$/;
const CLAIM_NAME_EXCLUDED = /[{},*]/;

export function isValidClaimName(name: string): boolean {
  return (
    CLAIM_NAME.test(name) &&
    !CLAIM_NAME_EXCLUDED.test(name) &&
    !FORBIDDEN_CLAIM_NAMES.includes(name)
  );
}

/**
 * Parses one template. Returns the reason it is invalid as a string (it never echoes the template:
 * config errors name the variable, not the value).
 */
export function parseChannelTemplate(source: string): ChannelTemplate | string {
  if (source === '') {
    return 'an empty template';
  }
  const star = source.indexOf('*');
  if (star !== -1 && star !== source.length - 1) {
    return 'a `*` that is not the last character (only `prefix*` patterns exist)';
  }
  if (source === '*') {
    return 'a bare `*` (it would grant every channel to every caller)';
  }
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '}') {
      return 'a `}` without a matching `{`';
    }
    if (char !== '{') {
      literal += char;
      continue;
    }
    const end = source.indexOf('}', i + 1);
    if (end === -1) {
      return 'a `{` without a matching `}`';
    }
    const claim = source.slice(i + 1, end);
    if (!isValidClaimName(claim)) {
      return 'a placeholder that is not a valid claim name';
    }
    if (literal !== '') {
      parts.push({ literal });
      literal = '';
    }
    parts.push({ claim });
    i = end;
  }
  if (literal !== '') {
    parts.push({ literal });
  }
  return { source, parts };
}
