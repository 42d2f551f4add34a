import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import { UsageError } from './args';
import type { CliIo } from './io';

/**
 * What the CLI reads from `.agora-dev/credentials.json`, the file the service writes when it starts
 * in development: the JWT secret (for `dev-jwt`) and the development App ID and certificate (for
 * `inspect` and `build`). Every field is optional here; each command says what it misses.
 */
export interface DevCredentialsFile {
  jwtSecret?: string;
  issuer?: string;
  audience?: string;
  appId?: string;
  appCertificate?: string;
}

export { DEV_CREDENTIALS_PATH };

/** The file in `io.cwd`, or undefined when there is none; a file that is not JSON is an error. */
export async function readDevCredentials(io: CliIo): Promise<DevCredentialsFile | undefined> {
  let text: string;
  try {
    text = await readFile(join(io.cwd, DEV_CREDENTIALS_PATH), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${DEV_CREDENTIALS_PATH} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${DEV_CREDENTIALS_PATH} is not a JSON object`);
  }
  const record = parsed as Record<string, unknown>;
  const text_ = (key: keyof DevCredentialsFile) =>
    typeof record[key] === 'string' && record[key] !== '' ? record[key] : undefined;
  return {
    jwtSecret: text_('jwtSecret'),
    issuer: text_('issuer'),
    audience: text_('audience'),
    appId: text_('appId'),
    appCertificate: text_('appCertificate'),
  };
}
