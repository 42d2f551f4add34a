import { isTokenError, type TokenErrorCode } from '../../src/agora-token/errors';

/** The TokenError code `run` throws, so a table of bad inputs reads as expected codes. */
export function codeOf(run: () => unknown): TokenErrorCode | 'no error' | 'not a TokenError' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isTokenError(error) ? error.code : 'not a TokenError';
  }
}
