import { createSecretKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from './env.validation';
import type { LoadedConfig } from './load-config';
import { isHex32 } from './projects-file';

export const DEV_CREDENTIALS_PATH = join('.agora-dev', 'credentials.json');

/** In this order in the file; `jwtSecret`'s UTF-8 bytes are the HS256 key. */
const FIELDS = ['jwtSecret', 'issuer', 'audience', 'appId', 'appCertificate'] as const;

/** Kept so restarts change nothing and the CLI needs no copied secrets. */
export type DevCredentials = Readonly<Partial<Record<(typeof FIELDS)[number], string>>>;

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
  // Invalid fields are left out (and replaced when the service starts).
  const valid: DevCredentials = {
    jwtSecret: Buffer.byteLength(text(jwtSecret) ?? '') >= 32 ? text(jwtSecret) : undefined,
    issuer: text(issuer),
    audience: text(audience),
    appId: hex(appId),
    appCertificate: hex(appCertificate),
  };
  return JSON.parse(JSON.stringify(valid)) as DevCredentials;
}

/** After validation: stored credentials replace generated ones; new ones are stored (0600). */
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
  const text = JSON.stringify(wanted, [...FIELDS], 2);
  const note =
    text === JSON.stringify(stored, [...FIELDS], 2)
      ? `reused from ${DEV_CREDENTIALS_PATH}`
      : store(cwd, `${text}\n`);
  return { config: { ...config, agora, auth }, note };
}

function store(cwd: string, text: string): string {
  try {
    mkdirSync(join(cwd, '.agora-dev'), { recursive: true, mode: 0o700 });
    const path = join(cwd, DEV_CREDENTIALS_PATH);
    writeFileSync(`${path}.${process.pid}.tmp`, text, { mode: 0o600 });
    renameSync(`${path}.${process.pid}.tmp`, path);
    return `stored in ${DEV_CREDENTIALS_PATH} for the agora-token-authority CLI`;
  } catch (error) {
    return `not stored in ${DEV_CREDENTIALS_PATH} (${errorCode(error)})`;
  }
}
