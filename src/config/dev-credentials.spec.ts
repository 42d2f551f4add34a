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
import { DEV_CREDENTIALS_PATH, readDevCredentials, withDevCredentials } from './dev-credentials';
import { loadConfig } from './load-config';

const secretOf = (config: ReturnType<typeof loadConfig>) =>
  config.auth.keys.kind === 'secret' ? config.auth.keys.key.export().toString() : undefined;

describe(withDevCredentials.name, () => {
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

  it('should store what was generated privately, in the shape readDevCredentials returns', () => {
    const { config, note } = withDevCredentials(loadConfig({}), cwd);
    const [project] = config.agora.projects;
    expect(note).toBe('stored in .agora-dev/credentials.json for the agora-token-authority CLI');
    expect(stored()).toEqual({
      jwtSecret: secretOf(config),
      issuer: 'agora-token-authority-dev',
      audience: 'agora-token-authority',
      appId: project?.appId,
      appCertificate: project?.certificates.primary,
    });
    expect(readDevCredentials(cwd)).toEqual(stored());
    expect(note).not.toContain(project?.certificates.primary);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, '.agora-dev')).mode & 0o777).toBe(0o700);
  });

  it('should reuse the stored App ID, certificate and secret at the next boot', () => {
    const first = withDevCredentials(loadConfig({}), cwd).config;
    const second = withDevCredentials(loadConfig({}), cwd);
    expect(second.note).toBe('reused from .agora-dev/credentials.json');
    expect(second.config.agora.projects).toEqual(first.agora.projects);
    expect(secretOf(second.config)).toBe(secretOf(first));
    expect(second.config.agora.generated).toBe(true);
  });

  it('should keep the secret but record a new issuer and audience', () => {
    const first = withDevCredentials(loadConfig({}), cwd).config;
    const env = { AUTH_JWT_ISSUER: 'iss-2', AUTH_JWT_AUDIENCE: 'aud-2' };
    expect(secretOf(withDevCredentials(loadConfig(env), cwd).config)).toBe(secretOf(first));
    expect(stored()).toMatchObject({ issuer: 'iss-2', audience: 'aud-2' });
  });

  it('should change nothing and write nothing when nothing was generated', () => {
    const config = loadConfig({
      AGORA_APP_ID: '0123456789abcdef0123456789abcd01',
      AGORA_APP_CERTIFICATE: 'abcdef0123456789abcdef0123456701',
      AUTH_JWKS_URL: 'https://idp.test/jwks',
    });
    expect(withDevCredentials(config, cwd)).toEqual({ config });
    expect(readDevCredentials(cwd)).toEqual({});
  });

  it.each([
    ['not JSON', '{'],
    ['a short secret and a bad App ID', JSON.stringify({ jwtSecret: 'short', appId: 'x' })],
    ['no secret', JSON.stringify({ issuer: 'iss', audience: 'aud' })],
  ])('should replace what is invalid in a stored file that is %s', (_case, content) => {
    mkdirSync(join(cwd, '.agora-dev'));
    writeFileSync(file(), content);
    const { config } = withDevCredentials(loadConfig({}), cwd);
    expect(stored().jwtSecret).toBe(secretOf(config));
    expect(stored().appId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('should still boot when the directory is not writable', () => {
    chmodSync(cwd, 0o500);
    const { config, note } = withDevCredentials(loadConfig({}), cwd);
    // Root ignores permissions; either way credentials are returned and boot goes on.
    expect(Buffer.byteLength(secretOf(config) ?? '')).toBeGreaterThanOrEqual(32);
    expect(note).toMatch(/^(not stored in .agora-dev\/credentials.json \(EACCES\)|stored in)/);
  });
});
