/** What the leak scan looks for in captured log lines (see global-teardown.ts). */
export interface LeakPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /**
   * Also applies to the development banner main.ts prints on purpose (a dev JWT and a curl line
   * with its Authorization header): false for the rules that banner breaks by design.
   */
  readonly inBanner: boolean;
}

/** Not preceded by a base64 character: the start of a token, not the middle of some other run. */
const START = '(?<![A-Za-z0-9+/])';

export const LEAK_PATTERNS: readonly LeakPattern[] = [
  // A compact JWS: base64url JSON header and payload ('{"' encodes as "eyJ").
  { name: 'JWT', pattern: /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\./, inBanner: false },
  // AccessToken2: "007" + base64 of zlib data (a zlib header encodes as "e" + one of A F J N ...).
  {
    name: 'Agora token 007',
    pattern: new RegExp(`${START}007e[A-Za-z0-9+/]{40,}`),
    inBanner: true,
  },
  // AccessToken (006) and older: version, then the 32-hex App ID, then base64 (006) ...
  {
    name: 'Agora token 006',
    pattern: new RegExp(`${START}006[0-9a-fA-F]{32}[A-Za-z0-9+/]{20,}`),
    inBanner: true,
  },
  // ... DynamicKey5: "005" + base64 ...
  {
    name: 'Agora token 005',
    pattern: new RegExp(`${START}005[A-Za-z0-9+/]{40,}`),
    inBanner: true,
  },
  // ... DynamicKey4/3: version, a 40-hex signature and the 32-hex App ID.
  {
    name: 'Agora dynamic key 004/003',
    pattern: new RegExp(`${START}00[34][0-9a-fA-F]{72}`),
    inBanner: true,
  },
  // An Authorization header value (any token after the scheme; a JWT is also caught above).
  { name: 'Bearer credentials', pattern: /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}/i, inBanner: false },
  { name: 'Basic credentials', pattern: /\bBasic\s+[A-Za-z0-9+/]{4,}=*/, inBanner: true },
  {
    name: 'unredacted authorization field',
    pattern: /"(authorization|cookie)"\s*:\s*"(?!\[redacted\])/i,
    inBanner: true,
  },
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, inBanner: true },
];

export interface Leak {
  readonly kind: string;
  /** Where in the line the leaked value starts (reports show the line up to there only). */
  readonly at: number;
}

/**
 * The leaks in one captured line: pattern matches, and any of the known secret values.
 * `banner`: the line is part of the development banner (see LeakPattern.inBanner).
 */
export function findLeaks(line: string, secrets: readonly string[], banner = false): Leak[] {
  const leaks: Leak[] = [];
  for (const { name, pattern, inBanner } of LEAK_PATTERNS) {
    if (banner && !inBanner) {
      continue;
    }
    const match = pattern.exec(line);
    if (match) {
      leaks.push({ kind: name, at: match.index });
    }
  }
  for (const secret of secrets) {
    const at = line.indexOf(secret);
    if (at !== -1) {
      leaks.push({ kind: 'secret or certificate value', at });
    }
  }
  return leaks;
}
