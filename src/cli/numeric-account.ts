import { DENY_REASONS } from '../policy/policy-decision';
import { UsageError } from './args';

// The service's rule, kept in step with src/policy/channel-policy.ts (rule 2).
const ALL_DIGITS = /^[0-9]+$/;

/**
 * Refuses an all-digit account or user id as the service does (`ACCOUNT_LOOKS_NUMERIC`): account
 * "123" and uid 123 are the same bytes in a 007 token, so the "account" is really a uid.
 * `--allow-numeric-account` builds it anyway (e.g. to reproduce a token made elsewhere).
 */
export function refuseNumericAccount(
  value: string | undefined,
  flag: string,
  allowed: boolean,
  numericAlternative?: string,
): void {
  if (value === undefined || allowed || !ALL_DIGITS.test(value)) {
    return;
  }
  const instead = numericAlternative ? `; use ${numericAlternative} ${value}` : '';
  throw new UsageError(
    `${flag} ${value}: ${DENY_REASONS.ACCOUNT_LOOKS_NUMERIC.message.replace(/; use uid$/, '')}` +
      `${instead}. The service refuses it; --allow-numeric-account builds it anyway`,
    'ACCOUNT_LOOKS_NUMERIC',
  );
}
