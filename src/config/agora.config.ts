import { randomBytes } from 'node:crypto';
import {
  type AgoraProjectConfig,
  CERTIFICATE_SLOTS,
  HEX32_RULE,
  isHex32,
  SINGLE_PROJECT_NAME,
} from './agora-project';
import { configNamespace } from './config-namespace';
import { anyText, type EnvReader, oneOf, type Rule } from './env.validation';
import { refuseExampleValue } from './example-values';
import { readProjectsFile } from './projects-file';

export interface AgoraConfig {
  /** Every configured project; exactly one has `isDefault`. */
  readonly projects: readonly AgoraProjectConfig[];
  /**
   * Where the projects came from: `AGORA_APP_ID`/`AGORA_APP_CERTIFICATE` (`env`),
   * `AGORA_PROJECTS_FILE` (`file`), or random development credentials (`generated`).
   */
  readonly source: 'env' | 'file' | 'generated';
  /** True when the project is a random development one: its tokens are useless with Agora. */
  readonly generated: boolean;
}

/**
 * Files whose content is re-read on a reload (SIGHUP, or a change seen by the watcher): the
 * projects and certificates can rotate without a restart; nothing else can.
 */
export const AGORA_RELOADABLE_FILES: readonly string[] = [
  'AGORA_PROJECTS_FILE',
  ...['AGORA_APP_CERTIFICATE', 'AGORA_APP_CERTIFICATE_SECONDARY', 'AGORA_ACTIVE_CERTIFICATE'].map(
    (name) => `${name}_FILE`,
  ),
];

const HEX32: Rule<string> = {
  message: HEX32_RULE,
  parse: (text) => (isHex32(text) ? text : undefined),
};

const SINGLE_PROJECT_VARIABLES = [
  'AGORA_APP_ID',
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AGORA_ACTIVE_CERTIFICATE',
] as const;

export const agoraConfig = configNamespace('agora', (env): AgoraConfig => {
  const appId = env.get('AGORA_APP_ID', HEX32);
  const primary = env.secret('AGORA_APP_CERTIFICATE', HEX32);
  const secondary = env.secret('AGORA_APP_CERTIFICATE_SECONDARY', HEX32);
  const active = env.secret('AGORA_ACTIVE_CERTIFICATE', oneOf(CERTIFICATE_SLOTS));
  const projectsFile = env.get('AGORA_PROJECTS_FILE', anyText);
  const singleSet = SINGLE_PROJECT_VARIABLES.filter((name) => env.isSet(name));
  if (projectsFile !== undefined) {
    if (singleSet.length > 0) {
      env.issue(
        'AGORA_PROJECTS_FILE',
        `cannot be combined with ${singleSet.join(', ')}; configure projects in one place`,
      );
    } else {
      const result = readProjectsFile(env, projectsFile);
      if ('projects' in result) {
        return { projects: result.projects, source: 'file', generated: false };
      }
      result.errors.forEach((message) =>
        env.issue('AGORA_PROJECTS_FILE', `(${projectsFile}) ${message}`),
      );
    }
    return generatedConfig();
  }
  checkSingleProject(env, { primary, secondary, active }, singleSet.length > 0);
  refuseExampleValue(env, 'AGORA_APP_ID', appId);
  refuseExampleValue(env, 'AGORA_APP_CERTIFICATE', primary);
  if (appId === undefined || primary === undefined) {
    // Refused in production (above); elsewhere a throwaway project keeps `npm start` working.
    return generatedConfig();
  }
  const project: AgoraProjectConfig = {
    name: SINGLE_PROJECT_NAME,
    appId,
    certificates: { primary, ...(secondary ? { secondary } : {}) },
    active: active ?? 'primary',
    isDefault: true,
  };
  return { projects: [project], source: 'env', generated: false };
});

function checkSingleProject(
  env: EnvReader,
  { primary, secondary, active }: { primary?: string; secondary?: string; active?: string },
  anySet: boolean,
): void {
  const hasAppId = env.isSet('AGORA_APP_ID');
  const hasPrimary = env.isSet('AGORA_APP_CERTIFICATE');
  if (hasAppId && !hasPrimary) {
    env.issue('AGORA_APP_CERTIFICATE', 'is required when AGORA_APP_ID is set');
  }
  if (hasPrimary && !hasAppId) {
    env.issue('AGORA_APP_ID', 'is required when AGORA_APP_CERTIFICATE is set');
  }
  for (const name of ['AGORA_APP_CERTIFICATE_SECONDARY', 'AGORA_ACTIVE_CERTIFICATE'] as const) {
    if (env.isSet(name) && (!hasAppId || !hasPrimary)) {
      env.issue(name, 'needs AGORA_APP_ID and AGORA_APP_CERTIFICATE');
    }
  }
  if (active === 'secondary' && !env.isSet('AGORA_APP_CERTIFICATE_SECONDARY')) {
    env.issue(
      'AGORA_ACTIVE_CERTIFICATE',
      'is "secondary" but AGORA_APP_CERTIFICATE_SECONDARY is not set',
    );
  }
  if (primary !== undefined && secondary === primary) {
    env.issue('AGORA_APP_CERTIFICATE_SECONDARY', 'must differ from AGORA_APP_CERTIFICATE');
  }
  if (!anySet && env.production) {
    env.issue(
      'AGORA_APP_ID',
      'AGORA_APP_ID and AGORA_APP_CERTIFICATE (or AGORA_PROJECTS_FILE) are required when NODE_ENV=production',
    );
  }
}

function generatedConfig(): AgoraConfig {
  const project: AgoraProjectConfig = {
    name: SINGLE_PROJECT_NAME,
    appId: randomBytes(16).toString('hex'),
    certificates: { primary: randomBytes(16).toString('hex') },
    active: 'primary',
    isDefault: true,
  };
  return { projects: [project], source: 'generated', generated: true };
}
