import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AgoraProjects, ConfigReloader } from './agora-projects';
import { loadConfig } from './load-config';

const APP_ID = '0123456789abcdef0123456789abcd01';
const CERT = 'abcdef0123456789abcdef0123456701';
const CERT2 = 'abcdef0123456789abcdef0123456702';

describe(ConfigReloader.name, () => {
  let dir: string;
  let env: Record<string, string>;
  let projects: AgoraProjects;
  let reloader: ConfigReloader;
  const errors: string[] = [];
  const active = (content: string) => writeFileSync(join(dir, 'active'), content);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reloader-'));
    active('primary\n');
    env = {
      NODE_ENV: 'test',
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE: CERT,
      AGORA_APP_CERTIFICATE_SECONDARY: CERT2,
      AGORA_ACTIVE_CERTIFICATE_FILE: join(dir, 'active'),
    };
    const { agora } = loadConfig(env);
    projects = new AgoraProjects(agora);
    reloader = new ConfigReloader(env, agora, projects);
    errors.length = 0;
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      errors.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should swap in the new active certificate; a request holding the old set keeps it', () => {
    const before = projects.current();
    active('secondary\n');
    expect(reloader.reload('SIGHUP')).toBe(true);
    expect(projects.current().defaultProject.activeCertificate).toBe(CERT2);
    expect(before.defaultProject.activeCertificate).toBe(CERT);
    expect(projects.reloadState()).toEqual({ applied: 1, rejected: 0, degraded: false });
  });

  it('should ignore a file event that changes nothing', () => {
    expect(reloader.reload('file change')).toBe(true);
    expect(projects.reloadState()).toEqual({ applied: 0, rejected: 0, degraded: false });
  });

  it('should keep the running set on an invalid file, log the variable once, and recover', () => {
    const running = projects.current();
    active('both\n');
    expect(reloader.reload('file change')).toBe(false);
    expect(reloader.reload('file change')).toBe(false);
    expect(projects.current()).toBe(running);
    expect(projects.reloadState()).toEqual({ applied: 0, rejected: 1, degraded: true });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      'AGORA_ACTIVE_CERTIFICATE_FILE: must be one of: primary, secondary',
    );
    expect(errors[0]).not.toContain('both');

    // SIGHUP always tries and reports, even with the same bad file.
    expect(reloader.reload('SIGHUP')).toBe(false);
    expect(projects.reloadState().rejected).toBe(2);

    active('primary\n');
    expect(reloader.reload('file change')).toBe(true);
    expect(projects.reloadState()).toEqual({ applied: 0, rejected: 2, degraded: false });
  });

  it('should refuse a secondary that names no certificate, as at boot', () => {
    const single = { ...env, AGORA_APP_CERTIFICATE_SECONDARY: '' };
    const { agora } = loadConfig(single);
    const holder = new AgoraProjects(agora);
    active('secondary');
    expect(new ConfigReloader(single, agora, holder).reload('SIGHUP')).toBe(false);
    expect(holder.current().defaultProject.activeCertificate).toBe(CERT);
  });
});
