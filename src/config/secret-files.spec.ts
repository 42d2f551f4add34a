import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from './env.validation';
import { loadConfig } from './load-config';

const CERT = 'abcdef0123456789abcdef0123456701';
const CERT2 = 'abcdef0123456789abcdef0123456702';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const APP_ID = '0123456789abcdef0123456789abcd01';

describe('secrets from NAME_FILE', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const issuesOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigValidationError) {
        return error;
      }
      throw error;
    }
    throw new Error('expected a ConfigValidationError');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['no newline', ''],
    ['one \\n', '\n'],
    ['one \\r\\n', '\r\n'],
  ])('should read every secret variable from its file, with %s at the end', (_case, end) => {
    const config = loadConfig({
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE_FILE: file('primary', `${CERT}${end}`),
      AGORA_APP_CERTIFICATE_SECONDARY_FILE: file('secondary', `${CERT2}${end}`),
      AGORA_ACTIVE_CERTIFICATE_FILE: file('active', `secondary${end}`),
      AUTH_JWT_SECRET_FILE: file('secret', `${SECRET}${end}`),
      METRICS_TOKEN_FILE: file('metrics', `metrics-token-0123456789${end}`),
      REDIS_URL_FILE: file('redis', `redis://:pw@redis:6379${end}`),
    });
    expect(config.agora.projects[0]).toMatchObject({
      appId: APP_ID,
      certificates: { primary: CERT, secondary: CERT2 },
      active: 'secondary',
    });
    expect(config.auth.keys.kind === 'secret' && config.auth.keys.key.export().toString()).toBe(
      SECRET,
    );
    expect(config.metrics.token).toBe('metrics-token-0123456789');
    expect(config.throttle.redisUrl).toBe('redis://:pw@redis:6379');
  });

  it('should read a PEM public key from AUTH_JWT_PUBLIC_KEY_FILE', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'pem',
      type: 'spki',
    });
    const config = loadConfig({ AUTH_JWT_PUBLIC_KEY_FILE: file('key.pem', pem.toString()) });
    expect(config.auth.keys.kind).toBe('public-key');
    expect(config.auth.algorithms).toEqual(['ES256']);
  });

  it('should validate what remains as if set directly: a second newline is part of the value', () => {
    const error = issuesOf({
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE_FILE: file('primary', `${CERT}\n\n`),
    });
    expect(error.issues).toEqual([
      {
        variable: 'AGORA_APP_CERTIFICATE_FILE',
        message: expect.stringMatching(/^must be exactly 32 hex/) as string,
      },
    ]);
    expect(error.message).not.toContain(CERT);
  });

  it('should refuse NAME and NAME_FILE together, naming both and neither value', () => {
    const path = file('secret', SECRET);
    const error = issuesOf({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_SECRET_FILE: path });
    expect(error.issues).toContainEqual({
      variable: 'AUTH_JWT_SECRET, AUTH_JWT_SECRET_FILE',
      message: 'set exactly one of them',
    });
    expect(error.message).not.toContain(SECRET);
  });

  it.each([
    ['missing', () => join(dir, 'missing'), 'cannot be read (ENOENT)'],
    ['a directory', () => dir, 'cannot be read (EISDIR)'],
    ['empty', () => file('empty', '\n'), 'names an empty file'],
    ['over 1 MiB', () => file('big', 'a'.repeat(1024 * 1024 + 1)), 'cannot be read (EFBIG)'],
  ])('should refuse a file that is %s, naming NAME_FILE', (_case, path, message) => {
    const error = issuesOf({ METRICS_TOKEN_FILE: path() });
    expect(error.issues).toEqual([{ variable: 'METRICS_TOKEN_FILE', message }]);
  });

  it('should count a secret from a file in the rules relating variables', () => {
    const error = issuesOf({ AGORA_APP_CERTIFICATE_FILE: file('primary', CERT) });
    expect(error.issues).toEqual([
      { variable: 'AGORA_APP_ID', message: 'is required when AGORA_APP_CERTIFICATE is set' },
    ]);
    const short = issuesOf({ AUTH_JWT_SECRET_FILE: file('secret', 'short-Secret') });
    expect(short.issues.map((i) => i.variable)).toEqual(['AUTH_JWT_SECRET']);
    expect(short.message).not.toContain('short-Secret');
  });
});
