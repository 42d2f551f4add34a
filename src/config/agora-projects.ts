import { type FSWatcher, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AGORA_RELOADABLE_FILES, type AgoraConfig, agoraConfig } from './agora.config';
import { ConfigValidationError, EnvReader, type RawEnv } from './env.validation';
import type { AgoraProjectConfig, CertificateSlot } from './projects-file';

export interface AgoraCertificate {
  readonly slot: CertificateSlot;
  /** Secret: never log or return it. */
  readonly value: string;
}

/** Signs with `activeCertificate`; JSON and util.inspect leave the certificates out. */
export class AgoraProject {
  readonly name: string;
  readonly appId: string;
  readonly activeSlot: CertificateSlot;
  readonly activeCertificate: string;
  /** Primary first, then secondary if configured. */
  readonly certificates: readonly AgoraCertificate[];
  readonly isDefault: boolean;
  readonly generated: boolean;

  constructor(config: AgoraProjectConfig, generated: boolean) {
    const { primary, secondary } = config.certificates;
    this.name = config.name;
    this.appId = config.appId;
    this.activeSlot = config.active;
    this.certificates = Object.freeze([
      { slot: 'primary', value: primary },
      ...(secondary ? [{ slot: 'secondary' as const, value: secondary }] : []),
    ]);
    this.activeCertificate = config.active === 'secondary' && secondary ? secondary : primary;
    this.isDefault = config.isDefault;
    this.generated = generated;
    Object.freeze(this);
  }

  toJSON(): Record<string, unknown> {
    const { name, appId, activeSlot, isDefault, generated } = this;
    return { name, appId, activeSlot, isDefault, generated, certificates: '[redacted]' };
  }

  [inspect.custom](): string {
    return `AgoraProject ${JSON.stringify(this)}`;
  }
}

/** One configuration's projects, immutable: a request reads one set from start to end. */
export class ProjectSet {
  private readonly projects: readonly AgoraProject[];
  readonly defaultProject: AgoraProject;

  constructor(config: AgoraConfig) {
    this.projects = config.projects.map((p) => new AgoraProject(p, config.generated));
    const fallback = this.projects.find((p) => p.isDefault) ?? this.projects[0];
    if (!fallback) {
      throw new Error('agora config has no project');
    }
    this.defaultProject = fallback;
  }

  /** The default project when `name` is undefined. */
  get(name?: string): AgoraProject | undefined {
    return name === undefined ? this.defaultProject : this.projects.find((p) => p.name === name);
  }

  findByAppId(appId: string): AgoraProject | undefined {
    const wanted = appId.toLowerCase();
    return this.projects.find((p) => p.appId.toLowerCase() === wanted);
  }

  list(): readonly AgoraProject[] {
    return this.projects;
  }
}

/** `degraded`: the last reload was rejected, the running configuration is older than the files. */
export type ReloadState = Readonly<{ applied: number; rejected: number; degraded: boolean }>;

/** The projects in force: a request calls `current()` once, as ConfigReloader swaps the set. */
@Injectable()
export class AgoraProjects {
  private set: ProjectSet;
  private state: ReloadState = { applied: 0, rejected: 0, degraded: false };

  constructor(@Inject(agoraConfig.KEY) config: AgoraConfig) {
    this.set = new ProjectSet(config);
  }

  current(): ProjectSet {
    return this.set;
  }

  apply(config: AgoraConfig): void {
    this.set = new ProjectSet(config);
    this.state = { ...this.state, applied: this.state.applied + 1, degraded: false };
  }

  /** The running set stays, flagged until a valid reload arrives. */
  reject(): void {
    this.state = { ...this.state, rejected: this.state.rejected + 1, degraded: true };
  }

  /** A valid reload found nothing new. */
  unchanged(): void {
    this.state = { ...this.state, degraded: false };
  }

  reloadState(): ReloadState {
    return this.state;
  }
}

export const RAW_ENV = Symbol('RAW_ENV');

// On SIGHUP or a change in a directory holding a reloadable file (Kubernetes swaps a symlink beside
// a mounted secret), re-reads the projects by the rules of boot; invalid ones keep the running set.
@Injectable()
export class ConfigReloader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Config');
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loaded: string;
  /** The last rejected reload's issues: the watcher seeing the same bad files is not news. */
  private rejected: string | undefined;
  private readonly onSignal = () => this.reload('SIGHUP');

  constructor(
    @Inject(RAW_ENV) private readonly env: RawEnv,
    @Inject(agoraConfig.KEY) private readonly initial: AgoraConfig,
    private readonly projects: AgoraProjects,
  ) {
    this.loaded = JSON.stringify(initial.projects);
  }

  onApplicationBootstrap(): void {
    // Nothing to reload; SIGHUP keeps its default (closing the terminal ends the process).
    if (this.initial.generated) {
      return;
    }
    process.on('SIGHUP', this.onSignal);
    const paths = AGORA_RELOADABLE_FILES.map((name) => this.env[name]).filter((path) => !!path);
    for (const directory of new Set(paths.map((path) => dirname(resolve(path as string))))) {
      try {
        const watcher = watch(directory, { persistent: false }, () => this.schedule());
        watcher.on('error', () => this.logger.warn(`stopped watching ${directory}`));
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.warn(`cannot watch ${directory}: reload with SIGHUP (${String(error)})`);
      }
    }
  }

  onApplicationShutdown(): void {
    process.off('SIGHUP', this.onSignal);
    this.watchers.forEach((watcher) => watcher.close());
    clearTimeout(this.timer);
  }

  /** Whether the running configuration is valid and current afterwards. */
  reload(trigger: 'SIGHUP' | 'file change'): boolean {
    const env = new EnvReader(this.env);
    const config = agoraConfig.load(env);
    if (env.issues.length > 0) {
      const issues = JSON.stringify(env.issues);
      if (trigger === 'file change' && issues === this.rejected) {
        return false;
      }
      this.rejected = issues;
      this.projects.reject();
      const { message } = new ConfigValidationError(env.issues);
      this.logger.error(
        `reload (${trigger}) rejected, the running configuration stays. ${message}`,
      );
      return false;
    }
    this.rejected = undefined;
    const fingerprint = JSON.stringify(config.projects);
    if (fingerprint === this.loaded && trigger !== 'SIGHUP') {
      this.projects.unchanged();
      return true;
    }
    this.loaded = fingerprint;
    this.projects.apply(config);
    const active = config.projects.map((p) => `${p.name}: ${p.active}`).join(', ');
    this.logger.log(`configuration reloaded (${trigger}); active certificates: ${active}`);
    return true;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    // File events come in bursts (Kubernetes swaps a symlink, editors write twice).
    this.timer = setTimeout(() => this.reload('file change'), 200);
    this.timer.unref();
  }
}
