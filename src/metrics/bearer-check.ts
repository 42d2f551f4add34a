import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * `authorization` against `Bearer <expected>`, in constant time: both sides are hashed first, so
 * neither the comparison nor an early length mismatch tells an attacker how close a guess was.
 */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(authorization ?? '');
  const given = match?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(expected)) && match !== null;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
