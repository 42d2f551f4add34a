import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from './env.validation';
import { loadConfig as validate } from './load-config';

const metrics = (env: Record<string, string>) => validate(env).metrics;

function issues(env: Record<string, string>): string[] {
  try {
    validate(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.issues.map((issue) => `${issue.variable}: ${issue.message}`);
    }
    throw error;
  }
  return [];
}

const PRODUCTION = {
  NODE_ENV: 'production',
  AGORA_APP_ID: '0123456789abcdef0123456789abcd01',
  AGORA_APP_CERTIFICATE: 'abcdef0123456789abcdef0123456701',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
  AUTH_JWT_ISSUER: 'https://issuer.example.com',
  AUTH_JWT_AUDIENCE: 'agora-token-authority',
};

describe('metricsConfig', () => {
  it('should listen on 127.0.0.1:9464 without a token by default in production', () => {
    expect(metrics({ ...PRODUCTION })).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
  });

  it('should pick a free port by default elsewhere, so two local instances can run', () => {
    expect(metrics({}).port).toBe(0);
    expect(metrics({ NODE_ENV: 'test' }).port).toBe(0);
  });

  it('should read METRICS_TOKEN from METRICS_TOKEN_FILE, without its trailing newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'scrape-token-0123456789\r\n');
    try {
      expect(metrics({ METRICS_TOKEN_FILE: file }).token).toBe('scrape-token-0123456789');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should read METRICS_PORT (0 = a free port, off = no metrics), METRICS_HOST and METRICS_TOKEN', () => {
    const token = 'scrape-token-0123456789';
    expect(metrics({ METRICS_PORT: '0', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: token })).toEqual({
      port: 0,
      host: '0.0.0.0',
      token,
    });
    expect(metrics({ METRICS_PORT: 'off' }).port).toBeNull();
  });

  it.each([
    ['METRICS_PORT', '65536'],
    ['METRICS_PORT', 'no'],
    ['METRICS_PORT', '-1'],
    ['METRICS_HOST', 'not a host'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'a token with spaces in it'],
  ])('should refuse %s=%s, naming the variable and not the value', (name, value) => {
    const found = issues({ [name]: value });
    expect(found).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
    expect(found.join('\n')).not.toContain(value);
  });

  it('should refuse the API port as the metrics port', () => {
    expect(issues({ ...PRODUCTION, PORT: '9464' })).toEqual([
      expect.stringMatching(/^METRICS_PORT: must differ/),
    ]);
    expect(issues({ PORT: '8080', METRICS_PORT: '8080' })).toHaveLength(1);
    expect(issues({ PORT: '8080', METRICS_PORT: 'off' })).toEqual([]);
    expect(issues({ PORT: '0', METRICS_PORT: '0' })).toEqual([]);
  });
});
