import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The known-answer vectors live in ../shared beside the project (read in place, never copied in).
 * CI always has them; a clone without them skips only the vector-file suites (inline known answers
 * in each spec still check exact bytes), and under CI=true a missing file is a failure.
 */
export const VECTORS_PATH = resolve(__dirname, '../../../shared/vectors/agora-token-vectors.json');

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
  if (!existsSync(VECTORS_PATH)) {
    if (process.env.CI === 'true') {
      throw new Error(`known-answer vectors missing at ${VECTORS_PATH}`);
    }
    return [];
  }
  return JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as Vector[];
}

/** `describe` when the vector file is present, `describe.skip` (with a note) when it is not. */
export function describeVectors(name: string, body: (vectors: Vector[]) => void): void {
  const vectors = loadVectors();
  if (vectors.length === 0) {
    describe.skip(`${name} (vector file not found at ${VECTORS_PATH})`, () => body([]));
    return;
  }
  describe(name, () => body(vectors));
}
