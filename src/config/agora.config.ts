import { randomBytes } from 'node:crypto';
import {
  type AgoraProjectConfig,
  type CertificateSlot,
  SINGLE_PROJECT_NAME,
} from './agora-project';
import { configNamespace } from './config-namespace';

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

export const agoraConfig = configNamespace('agora', ({ vars, projectsFile }): AgoraConfig => {
  if (projectsFile) {
    return { projects: projectsFile, source: 'file', generated: false };
  }
  if (vars.AGORA_APP_ID !== undefined && vars.AGORA_APP_CERTIFICATE !== undefined) {
    const secondary = vars.AGORA_APP_CERTIFICATE_SECONDARY;
    const project: AgoraProjectConfig = {
      name: SINGLE_PROJECT_NAME,
      appId: vars.AGORA_APP_ID,
      certificates: { primary: vars.AGORA_APP_CERTIFICATE, ...(secondary ? { secondary } : {}) },
      active: (vars.AGORA_ACTIVE_CERTIFICATE ?? 'primary') as CertificateSlot,
      isDefault: true,
    };
    return { projects: [project], source: 'env', generated: false };
  }
  // Validation refused this in production; elsewhere a throwaway project keeps `npm start` working.
  const generated: AgoraProjectConfig = {
    name: SINGLE_PROJECT_NAME,
    appId: randomBytes(16).toString('hex'),
    certificates: { primary: randomBytes(16).toString('hex') },
    active: 'primary',
    isDefault: true,
  };
  return { projects: [generated], source: 'generated', generated: true };
});
