import { type FSWatcher, watch } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AgoraProjects } from './agora-projects';
import { AGORA_RELOADABLE_FILES, type AgoraConfig, agoraConfig } from './agora.config';
import { ConfigValidationError, EnvReader, type RawEnv } from './env.validation';

export const RAW_ENV = Symbol('RAW_ENV');

/** File events come in bursts (Kubernetes swaps a directory symlink, editors write twice). */
const DEBOUNCE_MS = 200;

/**
 * On SIGHUP or a change in a directory holding a reloadable file, re-reads the Agora projects
 * with the rules of boot; an invalid result leaves the running ones (readiness and metrics show
 * it). Directories, not files: Kubernetes swaps a symlink beside a mounted secret.
 */
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

  /** True when the running configuration is valid and current afterwards. */
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
    this.timer = setTimeout(() => this.reload('file change'), DEBOUNCE_MS);
    this.timer.unref();
  }
}
