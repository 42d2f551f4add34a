import { inspect } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiException } from '../common/api-error';
import { type AgoraProjectConfig, type CertificateSlot } from './agora-project';
import { agoraConfig } from './agora.config';

export interface AgoraCertificate {
  readonly slot: CertificateSlot;
  /** 32 hex characters. Secret: never log or return it. */
  readonly value: string;
}

/**
 * A configured Agora project, ready for the token service: sign with `activeCertificate`, verify
 * (inspect) against every entry of `certificates`. Serialising it (JSON, util.inspect) leaves the
 * certificates out, so an accidental log line cannot leak them.
 */
export class AgoraProject {
  readonly name: string;
  readonly appId: string;
  readonly activeSlot: CertificateSlot;
  /** The certificate new tokens are signed with. Secret. */
  readonly activeCertificate: string;
  /** Primary first, then secondary if configured. Secret values. */
  readonly certificates: readonly AgoraCertificate[];
  readonly isDefault: boolean;
  /** True for the random development project: its tokens are useless with real Agora projects. */
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

/** Looks up the configured Agora projects (design §6). */
@Injectable()
export class ProjectRegistry {
  private readonly byName: ReadonlyMap<string, AgoraProject>;
  /** The project used when a request names none. */
  readonly defaultProject: AgoraProject;

  constructor(@Inject(agoraConfig.KEY) config: ConfigType<typeof agoraConfig>) {
    const projects = config.projects.map((p) => new AgoraProject(p, config.generated));
    this.byName = new Map(projects.map((p) => [p.name, p]));
    const fallback = projects.find((p) => p.isDefault) ?? projects[0];
    if (!fallback) {
      throw new Error('agora config has no project');
    }
    this.defaultProject = fallback;
  }

  /**
   * The named project, or the default one when `name` is undefined. An unknown name is a 400
   * `UNKNOWN_PROJECT` (a client error, never silently the default project).
   */
  get(name?: string): AgoraProject {
    if (name === undefined) {
      return this.defaultProject;
    }
    const project = this.find(name);
    if (!project) {
      throw new ApiException(400, 'UNKNOWN_PROJECT', 'unknown project');
    }
    return project;
  }

  find(name: string): AgoraProject | undefined {
    return this.byName.get(name);
  }

  /** The project owning an App ID (case-insensitive), e.g. to verify a token under inspection. */
  findByAppId(appId: string): AgoraProject | undefined {
    const wanted = appId.toLowerCase();
    return this.list().find((p) => p.appId.toLowerCase() === wanted);
  }

  list(): readonly AgoraProject[] {
    return [...this.byName.values()];
  }
}
