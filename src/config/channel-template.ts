/** `CHANNEL_TEMPLATES` items: parsed once at boot, expanded per request by sessionFromClaims(). */
export type TemplatePart = { readonly literal: string } | { readonly claim: string };

export interface ChannelTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** Claim names that would reach `Object.prototype` if ever used as a plain property key. */
export const FORBIDDEN_CLAIM_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Printable, no whitespace, braces, commas or `*`; namespaced (Auth0-style URL) names pass. */
export function isValidClaimName(name: string): boolean {
  return (
    /^[\x21-\x7e]{1,256}$/.test(name) &&
    !/[{},*]/.test(name) &&
    !FORBIDDEN_CLAIM_NAMES.includes(name)
  );
}

/** One template, or why it is invalid (never echoing it: errors name the variable, not the value). */
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
