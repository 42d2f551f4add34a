import { readDevCredentials, DEV_CREDENTIALS_PATH } from '../config/dev-credentials';
import type { Flags } from './args';
import type { CliIo } from './io';

/** A certificate and where it came from (shown in reports; the certificate itself never is). */
export interface FoundCertificate {
  certificate: string;
  /** `--app-certificate`, `AGORA_APP_CERTIFICATE` or the credentials file's path. */
  source: string;
}

/**
 * The certificate for the project `appId`: `--app-certificate`, else `AGORA_APP_CERTIFICATE` unless
 * `AGORA_APP_ID` names another App ID, else the development credentials file when its `appId`
 * does. A certificate is never borrowed across App IDs: checking a token with another project's
 * certificate would only report a false "invalid signature".
 */
export function certificateFor(
  appId: string,
  flags: Flags,
  io: CliIo,
): FoundCertificate | undefined {
  const flag = flags.text('app-certificate');
  if (flag !== undefined) {
    return { certificate: flag, source: '--app-certificate' };
  }
  const fromEnv = io.env.AGORA_APP_CERTIFICATE;
  if (fromEnv && (!io.env.AGORA_APP_ID || io.env.AGORA_APP_ID === appId)) {
    return { certificate: fromEnv, source: 'AGORA_APP_CERTIFICATE' };
  }
  const file = readDevCredentials(io.cwd);
  if (file.appCertificate !== undefined && file.appId === appId) {
    return { certificate: file.appCertificate, source: DEV_CREDENTIALS_PATH };
  }
  return undefined;
}
