import { ConfigValidationError, validate } from './env.validation';
import { metricsConfig } from './metrics.config';

const metrics = (env: Record<string, string>) => metricsConfig.fromEnv(validate(env));

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

describe('metricsConfig', () => {
  it('should listen on 127.0.0.1:9464 without a token by default', () => {
    expect(metrics({})).toEqual({ port: 9464, host: '127.0.0.1', token: undefined });
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
    expect(issues({ PORT: '9464' })).toEqual([expect.stringMatching(/^METRICS_PORT: must differ/)]);
    expect(issues({ PORT: '8080', METRICS_PORT: '8080' })).toHaveLength(1);
    expect(issues({ PORT: '8080', METRICS_PORT: 'off' })).toEqual([]);
    expect(issues({ PORT: '0', METRICS_PORT: '0' })).toEqual([]);
  });
});
