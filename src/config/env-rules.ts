import { isIP } from 'node:net';
import type { AgoraProjectConfig } from './agora-project';
import { DEFAULT_PORT, HTTP_TIMEOUT_DEFAULTS } from './app.config';
import { parseChannelTemplate } from './channel-template';
import { intOr } from './config-namespace';
import type { ConfigIssue, EnvironmentVariables } from './env.validation';
import { parsePublicKeyPem, splitList } from './env-validators';
import {
  algorithmsForKey,
  HMAC_MIN_SECRET_BYTES,
  isHmacAlgorithm,
  isJwtAlgorithm,
  JWT_ALGORITHMS,
} from './jwt-algorithms';
import { TOKEN_TTL_DEFAULT_SECONDS } from './limits';
import { DEFAULT_METRICS_PORT } from './metrics.config';
import { readProjectsFile } from './projects-file';

/**
 * Values shipped in `.env.example`. They pass the format rules so a developer can copy the file and
 * run, which is exactly why production must refuse them.
 */
export const EXAMPLE_VALUES: Readonly<Partial<Record<keyof EnvironmentVariables, string>>> = {
  AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
  AGORA_APP_CERTIFICATE: 'fedcba9876543210fedcba9876543210',
  AUTH_JWT_SECRET: 'change-me-to-at-least-32-random-bytes',
};
const PLACEHOLDER_SECRET = /change-?me|placeholder|example|secret-?here/i;

const SINGLE_PROJECT_VARIABLES = [
  'AGORA_APP_ID',
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AGORA_ACTIVE_CERTIFICATE',
] as const;
const KEY_VARIABLES = ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY'] as const;

/** Rules that relate several variables, run once the format of each one is known to be right. */
export function checkEnvRules(
  vars: EnvironmentVariables,
  production: boolean,
): { issues: ConfigIssue[]; projectsFile: AgoraProjectConfig[] | null } {
  const issues: ConfigIssue[] = [];
  const issue = (variable: string, message: string) => issues.push({ variable, message });
  const projectsFile = checkAgora(vars, production, issue);
  checkAuth(vars, production, issue);
  checkPolicy(vars, issue);
  checkHttpTimeouts(vars, issue);
  checkMetrics(vars, issue);
  if (production) {
    for (const [name, example] of Object.entries(EXAMPLE_VALUES)) {
      if (vars[name as keyof EnvironmentVariables] === example) {
        issue(name, 'is the placeholder from .env.example; set a real value in production');
      }
    }
    const secret = vars.AUTH_JWT_SECRET;
    if (
      secret !== undefined &&
      secret !== EXAMPLE_VALUES.AUTH_JWT_SECRET &&
      PLACEHOLDER_SECRET.test(secret)
    ) {
      issue('AUTH_JWT_SECRET', 'looks like a placeholder; use at least 32 random bytes');
    }
  }
  return { issues, projectsFile };
}

type Issue = (variable: string, message: string) => void;

function checkAgora(
  vars: EnvironmentVariables,
  production: boolean,
  issue: Issue,
): AgoraProjectConfig[] | null {
  const singleSet = SINGLE_PROJECT_VARIABLES.filter((name) => vars[name] !== undefined);
  if (vars.AGORA_PROJECTS_FILE !== undefined) {
    if (singleSet.length > 0) {
      issue(
        'AGORA_PROJECTS_FILE',
        `cannot be combined with ${singleSet.join(', ')}; configure projects in one place`,
      );
      return null;
    }
    const path = vars.AGORA_PROJECTS_FILE;
    const result = readProjectsFile(path);
    if ('errors' in result) {
      result.errors.forEach((message) => issue('AGORA_PROJECTS_FILE', `(${path}) ${message}`));
      return null;
    }
    return [...result.projects];
  }
  const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: certificate } = vars;
  if (appId !== undefined && certificate === undefined) {
    issue('AGORA_APP_CERTIFICATE', 'is required when AGORA_APP_ID is set');
  }
  if (certificate !== undefined && appId === undefined) {
    issue('AGORA_APP_ID', 'is required when AGORA_APP_CERTIFICATE is set');
  }
  const secondary = vars.AGORA_APP_CERTIFICATE_SECONDARY;
  for (const name of ['AGORA_APP_CERTIFICATE_SECONDARY', 'AGORA_ACTIVE_CERTIFICATE'] as const) {
    if (vars[name] !== undefined && (appId === undefined || certificate === undefined)) {
      issue(name, 'needs AGORA_APP_ID and AGORA_APP_CERTIFICATE');
    }
  }
  if (vars.AGORA_ACTIVE_CERTIFICATE === 'secondary' && secondary === undefined) {
    issue(
      'AGORA_ACTIVE_CERTIFICATE',
      'is "secondary" but AGORA_APP_CERTIFICATE_SECONDARY is not set',
    );
  }
  if (secondary !== undefined && secondary === certificate) {
    issue('AGORA_APP_CERTIFICATE_SECONDARY', 'must differ from AGORA_APP_CERTIFICATE');
  }
  if (singleSet.length === 0 && production) {
    issue(
      'AGORA_APP_ID',
      'AGORA_APP_ID and AGORA_APP_CERTIFICATE (or AGORA_PROJECTS_FILE) are required when NODE_ENV=production',
    );
  }
  return null;
}

function checkAuth(vars: EnvironmentVariables, production: boolean, issue: Issue): void {
  const keysSet = KEY_VARIABLES.filter((name) => vars[name] !== undefined);
  if (keysSet.length > 1) {
    issue(keysSet.join(', '), `set exactly one of ${KEY_VARIABLES.join(', ')}`);
    return;
  }
  if (keysSet.length === 0 && production) {
    issue(KEY_VARIABLES.join(' / '), 'one of them is required when NODE_ENV=production');
  }
  if (production) {
    for (const name of ['AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE'] as const) {
      if (vars[name] === undefined) {
        issue(name, 'is required when NODE_ENV=production');
      }
    }
  }
  const secret = vars.AUTH_JWT_SECRET;
  // No key variable at all (development): a generated HS256 secret will be used.
  const hmac = secret !== undefined || keysSet.length === 0;
  const algorithms = checkAlgorithms(vars.AUTH_JWT_ALGORITHMS, hmac, issue);
  if (secret !== undefined) {
    const needed = Math.max(
      HMAC_MIN_SECRET_BYTES.HS256,
      ...algorithms.filter(isHmacAlgorithm).map((alg) => HMAC_MIN_SECRET_BYTES[alg]),
    );
    if (Buffer.byteLength(secret, 'utf8') < needed) {
      issue('AUTH_JWT_SECRET', `must be at least ${needed} bytes for the configured algorithms`);
    }
  }
  if (vars.AUTH_JWT_PUBLIC_KEY !== undefined && vars.AUTH_JWT_ALGORITHMS !== undefined) {
    const key = parsePublicKeyPem(vars.AUTH_JWT_PUBLIC_KEY);
    const usable: readonly string[] = key ? algorithmsForKey(key) : [];
    const unusable = algorithms.filter((alg) => !usable.includes(alg));
    if (unusable.length > 0) {
      issue(
        'AUTH_JWT_ALGORITHMS',
        `${unusable.join(', ')} cannot be verified with AUTH_JWT_PUBLIC_KEY`,
      );
    }
  }
  if (vars.AUTH_JWKS_URL !== undefined) {
    const url = new URL(vars.AUTH_JWKS_URL);
    if (url.protocol === 'http:' && production && !isLoopback(url.hostname)) {
      issue(
        'AUTH_JWKS_URL',
        'must use https (http is allowed only for loopback hosts in production)',
      );
    }
    if (url.username !== '' || url.password !== '') {
      issue('AUTH_JWKS_URL', 'must not carry credentials');
    }
  }
}

/** Parses AUTH_JWT_ALGORITHMS (if set) against the key kind; returns the valid algorithms. */
function checkAlgorithms(value: string | undefined, hmac: boolean, issue: Issue): string[] {
  if (value === undefined) {
    return [];
  }
  const items = splitList(value);
  if (items.some((item) => item.toLowerCase() === 'none')) {
    issue('AUTH_JWT_ALGORITHMS', '"none" is never allowed');
    return [];
  }
  const unknown = items.filter((item) => !isJwtAlgorithm(item));
  if (unknown.length > 0) {
    issue(
      'AUTH_JWT_ALGORITHMS',
      `has ${unknown.length} unsupported item(s); supported: ${JWT_ALGORITHMS.join(', ')}`,
    );
    return [];
  }
  const hmacItems = items.filter(isHmacAlgorithm);
  if (hmacItems.length > 0 && hmacItems.length < items.length) {
    issue('AUTH_JWT_ALGORITHMS', 'must not mix HS* with public-key algorithms');
    return [];
  }
  if (hmac && hmacItems.length === 0) {
    issue('AUTH_JWT_ALGORITHMS', 'must be HS256/HS384/HS512 with a shared secret');
    return [];
  }
  if (!hmac && hmacItems.length > 0) {
    issue(
      'AUTH_JWT_ALGORITHMS',
      'must be public-key algorithms with AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY',
    );
    return [];
  }
  return items;
}

function checkPolicy(vars: EnvironmentVariables, issue: Issue): void {
  if (vars.CHANNEL_TEMPLATES !== undefined) {
    splitList(vars.CHANNEL_TEMPLATES).forEach((item, index) => {
      const parsed = parseChannelTemplate(item);
      if (typeof parsed === 'string') {
        issue('CHANNEL_TEMPLATES', `item ${index + 1} has ${parsed}`);
      }
    });
  }
  const maxTtl = Number(vars.TOKEN_MAX_TTL_SECONDS ?? TOKEN_TTL_DEFAULT_SECONDS);
  if (
    vars.TOKEN_DEFAULT_TTL_SECONDS !== undefined &&
    Number(vars.TOKEN_DEFAULT_TTL_SECONDS) > maxTtl
  ) {
    issue('TOKEN_DEFAULT_TTL_SECONDS', 'must not exceed TOKEN_MAX_TTL_SECONDS');
  }
}

function checkHttpTimeouts(vars: EnvironmentVariables, issue: Issue): void {
  const request = Number(vars.HTTP_REQUEST_TIMEOUT_MS ?? HTTP_TIMEOUT_DEFAULTS.requestMs);
  // The headers are part of the request: a longer headers timeout could never apply (unset, it
  // defaults to at most the request timeout).
  if (
    vars.HTTP_HEADERS_TIMEOUT_MS !== undefined &&
    Number(vars.HTTP_HEADERS_TIMEOUT_MS) > request
  ) {
    issue('HTTP_HEADERS_TIMEOUT_MS', 'must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
}

function checkMetrics(vars: EnvironmentVariables, issue: Issue): void {
  // Metrics have a port of their own (design §5): never the public API's.
  const metricsPort = vars.METRICS_PORT ?? String(DEFAULT_METRICS_PORT);
  if (
    metricsPort !== 'off' &&
    metricsPort !== '0' &&
    +metricsPort === intOr(vars.PORT, DEFAULT_PORT)
  ) {
    issue('METRICS_PORT', 'must differ from PORT (metrics are never served on the API port)');
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost' || host === '::1') {
    return true;
  }
  return isIP(host) === 4 && host.startsWith('127.');
}
