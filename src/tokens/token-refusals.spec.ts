import { TokenError } from '../agora-token';
import { ApiException } from '../common/api-error';
import { deny } from '../policy/policy-decision';
import { libraryRefusal, policyRefusal } from './token-refusals';

describe('token refusals', () => {
  it.each([
    ['UID_MISMATCH', 403, 'Forbidden'],
    ['WILDCARD_NOT_ALLOWED', 403, 'Forbidden'],
    ['ACCOUNT_LOOKS_NUMERIC', 400, 'Bad Request'],
    ['VALIDATION_FAILED', 400, 'Bad Request'],
  ] as const)('should answer the policy reason %s with %i', (reason, status, error) => {
    const refusal = policyRefusal(deny(reason));

    expect(refusal).toBeInstanceOf(ApiException);
    expect(refusal.getStatus()).toBe(status);
    expect(refusal.getResponse()).toEqual({
      statusCode: status,
      error,
      message: deny(reason).message,
      code: reason,
    });
  });

  it.each([
    ['ERR_TOKEN_MALFORMED', 'TOKEN_MALFORMED'],
    ['ERR_TOKEN_INFLATE_LIMIT', 'TOKEN_MALFORMED'],
    ['ERR_UID_INVALID', 'VALIDATION_FAILED'],
    ['ERR_STRING_TOO_LONG', 'VALIDATION_FAILED'],
  ] as const)('should answer the library error %s with 400 %s', (libraryCode, code) => {
    const refusal = libraryRefusal(new TokenError(libraryCode, 'what was wrong'));

    expect(refusal.getStatus()).toBe(400);
    expect(refusal.getResponse()).toMatchObject({ code, message: 'what was wrong' });
  });
});
