import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The known-answer vectors: data taken from Agora's reference implementations, kept in the
 * repository (test/fixtures) so a fresh clone runs every vector suite. Nothing here skips: a
 * missing or unreadable file fails the suite that loads it.
 */
export const VECTORS_PATH = resolve(__dirname, '../fixtures/agora-token-vectors.json');

export interface Vector {
  id: string;
  format: string;
  builder: string;
  inputs: Record<string, any>;
  expected?: string;
  expected_by_impl?: Record<string, string>;
  payload_hex?: string;
  expected_parse?: Record<string, any>;
  decoded?: Record<string, any>;
}

export function loadVectors(): Vector[] {
  return JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vector[];
}

/** A `describe` over the vector file's entries. */
export function describeVectors(name: string, body: (vectors: Vector[]) => void): void {
  const vectors = loadVectors();
  describe(name, () => {
    it('should load the known-answer vector file', () => {
      expect(vectors.length).toBeGreaterThan(0);
    });
    body(vectors);
  });
}
