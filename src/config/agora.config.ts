import { randomBytes } from 'node:crypto';
import { anyText, configNamespace, oneOf } from './env.validation';
import { type AgoraProjectConfig, HEX32, readProjectsFile } from './projects-file';

export interface AgoraConfig {
  readonly projects: readonly AgoraProjectConfig[];
  readonly source: 'env' | 'file' | 'generated';
  /** Random development credentials: tokens useless with Agora. */
  readonly generated: boolean;
}

const SINGLE_PROJECT_VARIABLES = [
  'AGORA_APP_ID',
  'AGORA_APP_CERTIFICATE',
  'AGORA_APP_CERTIFICATE_SECONDARY',
  'AGORA_ACTIVE_CERTIFICATE',
] as const;

/** Re-read on a reload (SIGHUP or a watched change): only the projects can rotate. */
export const AGORA_RELOADABLE_FILES: readonly string[] = [
  'AGORA_PROJECTS_FILE',
  ...SINGLE_PROJECT_VARIABLES.slice(1).map((name) => `${name}_FILE`),
];

export const agoraConfig = configNamespace('agora', (env): AgoraConfig => {
  const appId = env.get('AGORA_APP_ID', HEX32);
  const primary = env.secret('AGORA_APP_CERTIFICATE', HEX32);
  const secondary = env.secret('AGORA_APP_CERTIFICATE_SECONDARY', HEX32);
  const active = env.secret('AGORA_ACTIVE_CERTIFICATE', oneOf(['primary', 'secondary'] as const));
  const projectsFile = env.get('AGORA_PROJECTS_FILE', anyText);
  const singleSet = SINGLE_PROJECT_VARIABLES.filter((name) => env.isSet(name));
  if (projectsFile !== undefined) {
    if (singleSet.length > 0) {
      env.issue(
        'AGORA_PROJECTS_FILE',
        `cannot be combined with ${singleSet.join(', ')}; configure projects in one place`,
      );
      return generatedConfig();
    }
    const result = readProjectsFile(projectsFile);
    if ('projects' in result) {
      return { projects: result.projects, source: 'file', generated: false };
    }
    result.errors.forEach((message) =>
      env.issue('AGORA_PROJECTS_FILE', `(${projectsFile}) ${message}`),
    );
    return generatedConfig();
  }
  const hasAppId = env.isSet('AGORA_APP_ID');
  const hasPrimary = env.isSet('AGORA_APP_CERTIFICATE');
  if (hasAppId && !hasPrimary) {
    env.issue('AGORA_APP_CERTIFICATE', 'is required when AGORA_APP_ID is set');
  }
  if (hasPrimary && !hasAppId) {
    env.issue('AGORA_APP_ID', 'is required when AGORA_APP_CERTIFICATE is set');
  }
  for (const name of SINGLE_PROJECT_VARIABLES.slice(2)) {
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
  if (singleSet.length === 0 && env.production) {
    env.issue(
      'AGORA_APP_ID',
      'AGORA_APP_ID and AGORA_APP_CERTIFICATE (or AGORA_PROJECTS_FILE) are required when NODE_ENV=production',
    );
  }
  env.refuseExample('AGORA_APP_ID', appId);
  env.refuseExample('AGORA_APP_CERTIFICATE', primary);
  if (appId === undefined || primary === undefined) {
    // Refused in production (above); elsewhere a throwaway project keeps `npm start` working.
    return generatedConfig();
  }
  const certificates = { primary, ...(secondary ? { secondary } : {}) };
  const project = {
    name: 'default',
    appId,
    certificates,
    active: active ?? 'primary',
    isDefault: true,
  };
  return { projects: [project], source: 'env', generated: false };
});

function generatedConfig(): AgoraConfig {
  const [appId, primary] = [randomBytes(16).toString('hex'), randomBytes(16).toString('hex')];
  const project = { name: 'default', appId, certificates: { primary }, active: 'primary' as const };
  return { projects: [{ ...project, isDefault: true }], source: 'generated', generated: true };
}
