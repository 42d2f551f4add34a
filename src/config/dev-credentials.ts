import { createSecretKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHex32 } from './projects-file';
import { errorCode } from './env.validation';
import type { LoadedConfig } from './load-config';

export const DEV_CREDENTIALS_PATH = join('.agora-dev', 'credentials.json');

/**
 * What development generated, kept so restarts change nothing (JWTs stay accepted, tokens stay
 * verifiable) and so the CLI can mint JWTs and check tokens without copying secrets.
 */
export interface DevCredentials {
  /** Its UTF-8 bytes are the HS256 key. */
  readonly jwtSecret?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly appId?: string;
  readonly appCertificate?: string;
}

/** The valid fields of the file under `cwd` (`{}` when missing or unreadable), for the CLI too. */
export function readDevCredentials(cwd: string): DevCredentials {
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(readFileSync(join(cwd, DEV_CREDENTIALS_PATH), 'utf8')) as typeof stored;
  } catch {
    return {};
  }
  const { jwtSecret, issuer, audience, appId, appCertificate } = stored;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const hex = (value: unknown) => (isHex32(value) ? value : undefined);
  // Fixed field order; invalid fields are left out (and replaced when the service starts).
  return JSON.parse(
    JSON.stringify({
      jwtSecret: Buffer.byteLength(text(jwtSecret) ?? '') >= 32 ? jwtSecret : undefined,
      issuer: text(issuer),
      audience: text(audience),
      appId: hex(appId),
      appCertificate: hex(appCertificate),
    }),
  ) as DevCredentials;
}

/**
 * After validation: generated credentials are replaced by the stored ones, and what is new is
 * stored (mode 0600; failing is not fatal). The note, for the boot log, is never a secret.
 */
export function withDevCredentials(
  config: LoadedConfig,
  cwd: string,
): { config: LoadedConfig; note?: string } {
  let { agora, auth } = config;
  const stored = readDevCredentials(cwd);
  let wanted = stored;
  const [project] = agora.projects;
  if (agora.generated && project) {
    const appId = stored.appId ?? project.appId;
    const appCertificate = stored.appCertificate ?? project.certificates.primary;
    wanted = { ...wanted, appId, appCertificate };
    agora = {
      ...agora,
      projects: [{ ...project, appId, certificates: { primary: appCertificate } }],
    };
  }
  if (auth.keys.kind === 'secret' && auth.keys.generated) {
    // Kept when only iss/aud changed: JWTs minted before stay verifiable.
    const jwtSecret = stored.jwtSecret ?? auth.keys.key.export().toString('utf8');
    wanted = { ...wanted, jwtSecret, issuer: auth.issuer, audience: auth.audience };
    const key = createSecretKey(Buffer.from(jwtSecret, 'utf8'));
    auth = { ...auth, keys: { ...auth.keys, key } };
  }
  if (wanted === stored) {
    return { config };
  }
  const { jwtSecret, issuer, audience, appId, appCertificate } = wanted;
  // Fixed field order: what is written and what is compared.
  const text = JSON.stringify({ jwtSecret, issuer, audience, appId, appCertificate }, null, 2);
  const note =
    text === JSON.stringify(stored, null, 2)
      ? `reused from ${DEV_CREDENTIALS_PATH}`
      : store(cwd, `${text}\n`);
  return { config: { ...config, agora, auth }, note };
}

function store(cwd: string, text: string): string {
  try {
    mkdirSync(join(cwd, '.agora-dev'), { recursive: true, mode: 0o700 });
    const path = join(cwd, DEV_CREDENTIALS_PATH);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, path);
    return `stored in ${DEV_CREDENTIALS_PATH} for the agora-token-authority CLI`;
  } catch (error) {
    return `not stored in ${DEV_CREDENTIALS_PATH} (${errorCode(error)})`;
  }
}
