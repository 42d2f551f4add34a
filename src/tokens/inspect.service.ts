import { Inject, Injectable } from '@nestjs/common';
import {
  checkToken,
  type InspectedToken,
  inspectToken,
  isTokenError,
  type SignatureCheck,
} from '../agora-token';
import { AgoraProjects } from '../config/agora-projects';
import { ChannelPolicyService } from '../policy/channel-policy.service';
import type { Caller } from './caller.decorator';
import { CLOCK, type Clock } from './clock';
import type {
  InspectTokenDto,
  InspectTokenResponseDto,
  SignatureCheckDto,
} from './dto/inspect.dto';
import { iso, mapValues } from './iso-time';
import { TokenAuditService } from './token-audit.service';
import { libraryRefusal, policyRefusal } from './token-refusals';

/** `POST /v1/tokens/inspect`: reads a token, adds expiries, reports each certificate's verdict. */
@Injectable()
export class InspectService {
  constructor(
    private readonly projects: AgoraProjects,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly policy: ChannelPolicyService,
    private readonly audit: TokenAuditService,
  ) {}

  inspect(caller: Caller, dto: InspectTokenDto): InspectTokenResponseDto {
    const decision = this.policy.decideInspect(caller.session);
    if (!decision.allow) {
      const project = this.projects.current().defaultProject.name;
      this.audit.denied(caller, { kind: 'inspect', project, reason: decision.reason });
      throw policyRefusal(decision);
    }
    const inspected = read(() => inspectToken(dto.token));
    const now = this.clock.nowSeconds();
    const signatures = this.signatures(dto, inspected.appId);
    return {
      ...withExpiries(inspected, now),
      ...signatures,
      verdict: checkToken(
        { ...inspected, signatureValid: signatureVerdict(signatures.signatures) },
        {
          appId: dto.appId,
          channelName: dto.channel,
          uid: dto.uid ?? dto.account,
          nowSeconds: now,
        },
      ),
    };
  }

  private signatures(
    dto: InspectTokenDto,
    appId: string,
  ): { signatures: SignatureCheckDto[]; note?: string } {
    const project = this.projects.current().findByAppId(appId);
    if (!project) {
      return { signatures: [], note: 'no configured project has this App ID' };
    }
    const legacy = { channelName: dto.channel, uid: dto.uid ?? dto.account };
    const checks = project.certificates.map(({ slot, value }) => ({
      slot,
      result: read(() => inspectToken(dto.token, { ...legacy, appCertificate: value })),
    }));
    const unchecked = checks.find(({ result }) => result.signatureValid === undefined);
    if (unchecked) {
      const why = (unchecked.result as SignatureCheck).signatureNote ?? 'cannot be verified';
      return { signatures: [], note: `signature not checked: ${why}` };
    }
    return {
      signatures: checks.map(({ slot, result }) => ({
        project: project.name,
        certificate: slot,
        valid: result.signatureValid === true,
      })),
    };
  }
}

type Inspection = Omit<InspectTokenResponseDto, 'signatures' | 'note' | 'verdict'>;

/** ISO times: 007 privileges count from issue (0: the token's end), 006 are absolute (0: none). */
function withExpiries(inspected: InspectedToken, now: number): Inspection {
  let expiresAt: number | undefined;
  let times: Partial<Inspection> = {};
  switch (inspected.version) {
    case '007': {
      const { issuedAt, services } = inspected;
      const end = (expiresAt = issuedAt + inspected.expire);
      const at = (seconds: number) => iso(seconds === 0 ? end : issuedAt + seconds);
      times = {
        services: services.map((service) => ({
          ...service,
          privileges: service.privileges ?? {},
          privilegeExpiresAt: mapValues(service.privileges ?? {}, at),
        })),
      };
      break;
    }
    case '006':
      expiresAt = inspected.ts;
      times = {
        privilegeExpiresAt: mapValues(inspected.privileges, (ts) => (ts === 0 ? null : iso(ts))),
      };
      break;
    case 'dk1':
      break;
    case '005':
    case '004':
    case '003':
    case 'dk2':
    case 'signaling':
      // 0 is "no expiry" in these formats.
      expiresAt = inspected.expiredTs || undefined;
  }
  return {
    ...inspected,
    ...times,
    ...(expiresAt !== undefined && { expiresAt: iso(expiresAt) }),
    expired: expiresAt !== undefined && now >= expiresAt,
  } as Inspection;
}

/** Valid when a configured certificate signed it; unknown when none could be tried. */
function signatureVerdict(checks: readonly SignatureCheckDto[]): boolean | undefined {
  return checks.length === 0 ? undefined : checks.some((check) => check.valid);
}

/** Runs a library call, turning its TokenError into the API's 400. */
function read<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw isTokenError(error) ? libraryRefusal(error) : error;
  }
}
