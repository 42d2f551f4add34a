import { check } from './env.validation';

export type CertificateSlot = 'primary' | 'secondary';

export const CERTIFICATE_SLOTS: readonly CertificateSlot[] = ['primary', 'secondary'];

/** One Agora project as configured (single-project variables or `AGORA_PROJECTS_FILE`). */
export interface AgoraProjectConfig {
  /** What clients pass as `project`; `default` for the single-project variables. */
  readonly name: string;
  readonly appId: string;
  /** `secondary` exists during a rotation. */
  readonly certificates: { readonly primary: string; readonly secondary?: string };
  /** Signs new tokens; inspect verifies against all of them. */
  readonly active: CertificateSlot;
  /** Used when a request names none; exactly one project is the default. */
  readonly isDefault: boolean;
}

export const SINGLE_PROJECT_NAME = 'default';

/** Nothing is trimmed: a trailing newline would become part of the HMAC key. */
export const isHex32 = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-fA-F]{32}$/.test(value);

export const HEX32 = check(
  'must be exactly 32 hex characters (nothing is trimmed: check for a trailing newline or spaces)',
  isHex32,
);

export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
