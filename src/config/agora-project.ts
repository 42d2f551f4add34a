/** Which of a project's App Certificates signs new tokens. */
export type CertificateSlot = 'primary' | 'secondary';

export const CERTIFICATE_SLOTS: readonly CertificateSlot[] = ['primary', 'secondary'];

/** One Agora project as configured (single-project variables or `AGORA_PROJECTS_FILE`). */
export interface AgoraProjectConfig {
  /** Name clients pass as `project`; `default` for the single-project variables. */
  readonly name: string;
  /** Agora App ID: exactly 32 hex characters. */
  readonly appId: string;
  /** App Certificates (32 hex characters each); `secondary` exists during a rotation. */
  readonly certificates: { readonly primary: string; readonly secondary?: string };
  /** The certificate new tokens are signed with; inspect verifies against all of them. */
  readonly active: CertificateSlot;
  /** The project used when a request names none. Exactly one project is the default. */
  readonly isDefault: boolean;
}

/** Name of the project built from `AGORA_APP_ID` / `AGORA_APP_CERTIFICATE` (or generated). */
export const SINGLE_PROJECT_NAME = 'default';

const HEX32 = /^[0-9a-fA-F]{32}$/;

/**
 * App IDs and certificates are exactly 32 hex characters. Nothing is trimmed: a trailing newline
 * from a secret file would otherwise become part of the HMAC key and every token would be invalid.
 */
export function isHex32(value: unknown): value is string {
  return typeof value === 'string' && HEX32.test(value);
}

export const HEX32_RULE =
  'must be exactly 32 hex characters (nothing is trimmed: check for a trailing newline or spaces)';

/** Project names: what clients send as `project`. */
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
