import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `agora-token dev-jwt` looks for the development secret (relative to the working directory). */
export const DEV_CREDENTIALS_PATH = join('.agora-dev', 'credentials.json');

/** The file's content, as `agora-token dev-jwt` reads it. */
export interface DevCredentials {
  /** HS256 secret; its UTF-8 bytes are the key. */
  readonly jwtSecret: string;
  readonly issuer: string;
  readonly audience: string;
}

export interface DevSecret {
  readonly secret: string;
  /** What happened, for the boot log. Never contains the secret. */
  readonly note: string;
}

/**
 * The development HS256 secret, shared with `agora-token dev-jwt` through
 * `.agora-dev/credentials.json` (mode 0600) in `cwd`. A valid stored secret is reused, so dev JWTs
 * survive restarts; otherwise a new one is generated and stored. Failing to write is not fatal.
 */
export function devJwtSecret(cwd: string, issuer: string, audience: string): DevSecret {
  const path = join(cwd, DEV_CREDENTIALS_PATH);
  const stored = readStored(path);
  if (stored && stored.issuer === issuer && stored.audience === audience) {
    return { secret: stored.jwtSecret, note: `reused from ${DEV_CREDENTIALS_PATH}` };
  }
  // Keep a valid stored secret when only iss/aud changed; tokens minted before stay verifiable.
  const secret = stored?.jwtSecret ?? randomBytes(32).toString('base64url');
  const credentials: DevCredentials = { jwtSecret: secret, issuer, audience };
  try {
    mkdirSync(join(cwd, '.agora-dev'), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
    return { secret, note: `stored in ${DEV_CREDENTIALS_PATH} for agora-token dev-jwt` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return { secret, note: `not stored in ${DEV_CREDENTIALS_PATH} (${code})` };
  }
}

function readStored(path: string): DevCredentials | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<DevCredentials>;
    const { jwtSecret, issuer, audience } = parsed;
    if (typeof jwtSecret === 'string' && Buffer.byteLength(jwtSecret) >= 32) {
      return { jwtSecret, issuer: String(issuer), audience: String(audience) };
    }
  } catch {
    // Missing or unreadable: a new secret replaces it.
  }
  return undefined;
}
