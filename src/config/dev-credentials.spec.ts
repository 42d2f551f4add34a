import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_CREDENTIALS_PATH, devJwtSecret } from './dev-credentials';

describe(devJwtSecret.name, () => {
  let cwd: string;
  const file = () => join(cwd, DEV_CREDENTIALS_PATH);
  const stored = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, string>;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dev-credentials-'));
  });
  afterEach(() => {
    chmodSync(cwd, 0o700);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('should generate a secret and store it privately, in the shape agora-token dev-jwt reads', () => {
    const { secret, note } = devJwtSecret(cwd, 'iss', 'aud');
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(note).toBe('stored in .agora-dev/credentials.json for agora-token dev-jwt');
    expect(note).not.toContain(secret);
    expect(stored()).toEqual({ jwtSecret: secret, issuer: 'iss', audience: 'aud' });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, '.agora-dev')).mode & 0o777).toBe(0o700);
  });

  it('should reuse a stored secret', () => {
    const first = devJwtSecret(cwd, 'iss', 'aud');
    const second = devJwtSecret(cwd, 'iss', 'aud');
    expect(second).toEqual({
      secret: first.secret,
      note: 'reused from .agora-dev/credentials.json',
    });
  });

  it('should keep the secret but record a new issuer and audience', () => {
    const first = devJwtSecret(cwd, 'iss', 'aud');
    expect(devJwtSecret(cwd, 'iss-2', 'aud-2').secret).toBe(first.secret);
    expect(stored()).toMatchObject({ issuer: 'iss-2', audience: 'aud-2' });
  });

  it.each([
    ['not JSON', '{'],
    ['a short secret', JSON.stringify({ jwtSecret: 'short', issuer: 'iss', audience: 'aud' })],
    ['no secret', JSON.stringify({ issuer: 'iss', audience: 'aud' })],
  ])('should replace a stored file that is %s', (_case, content) => {
    mkdirSync(join(cwd, '.agora-dev'));
    writeFileSync(file(), content);
    const { secret } = devJwtSecret(cwd, 'iss', 'aud');
    expect(stored().jwtSecret).toBe(secret);
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
  });

  it('should still return a secret when the directory is not writable', () => {
    chmodSync(cwd, 0o500);
    const { secret, note } = devJwtSecret(cwd, 'iss', 'aud');
    // Root ignores permissions; either way a secret is returned and boot goes on.
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(note).toMatch(/^(not stored in .agora-dev\/credentials.json \(EACCES\)|stored in)/);
  });
});
