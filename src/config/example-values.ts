import type { EnvReader } from './env.validation';

/**
 * Values shipped in `.env.example`. They pass the format rules so a developer can copy the file and
 * run, which is exactly why production must refuse them.
 */
export const EXAMPLE_VALUES = {
  AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
  AGORA_APP_CERTIFICATE: 'fedcba9876543210fedcba9876543210',
  AUTH_JWT_SECRET: 'change-me-to-at-least-32-random-bytes',
} as const;

/** In production, an issue (and true) when `value` is the example value of `name`. */
export function refuseExampleValue(
  env: EnvReader,
  name: keyof typeof EXAMPLE_VALUES,
  value: string | undefined,
): boolean {
  if (env.production && value === EXAMPLE_VALUES[name]) {
    env.issue(name, 'is the placeholder from .env.example; set a real value in production');
    return true;
  }
  return false;
}
