import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ServiceSpec } from '../agora-token';
import { ROOT_LOGGER } from '../logging/logging.module';
import { MetricsService } from '../metrics/metrics.service';
import { roleOf, type TokenRequest } from '../policy/token-request';
import type { Caller } from './caller.decorator';
import { REFUSAL_CODES } from './token-refusals';

/** The route's kind of request, as audit events name it. */
export type IssueKind = 'rtc' | 'rtm' | 'chat' | 'multi' | 'inspect';

/** What an audit event says besides who asked: never the token itself. */
interface AuditEvent {
  kind: IssueKind;
  project: string;
  /** The request judged; undefined for inspection, which issues nothing. */
  request?: TokenRequest;
  /** Issued events: when the token expires, ISO-8601. */
  expiresAt?: string;
  /** Denied events: a policy reason or an API error code. */
  reason?: string;
}

/** The audit seam: every issuance and refusal is one JSON line at info level and one metric. */
@Injectable()
export class TokenAuditService {
  private readonly log: Logger;

  constructor(
    @Inject(ROOT_LOGGER) root: Logger,
    private readonly metrics: MetricsService,
  ) {
    this.log = root.child({ context: 'TokenAudit' });
    metrics.declareDenialReasons(REFUSAL_CODES);
  }

  issued(caller: Caller, event: AuditEvent): void {
    const subject = this.write('token.issued', caller, event);
    this.metrics.tokenIssued(subject.services, subject.role, event.project);
  }

  denied(caller: Caller, event: AuditEvent & { reason: string }): void {
    this.write('token.denied', caller, event);
    this.metrics.tokenDenied(event.reason);
  }

  private write(name: string, { session, requestId }: Caller, event: AuditEvent) {
    const subject = subjectOf(event.request);
    // Fields are picked one by one: whatever else an event object carries never reaches the log.
    this.log.info(
      {
        event: name,
        iss: session.issuer,
        sub: session.subject,
        kind: event.kind,
        project: event.project,
        services: subject.services,
        channel: subject.channel,
        uid: subject.uid,
        account: subject.account,
        role: subject.role,
        expiresAt: event.expiresAt,
        reason: event.reason,
        requestId,
      },
      name,
    );
    return subject;
  }
}

interface Subject {
  services: string[];
  channel?: string;
  uid?: number;
  account?: string;
  role?: string;
}

/**
 * The service names, and the user of the token: the channel, uid or account and role of its first
 * channel-bound service, else the user id of its first service.
 */
function subjectOf(request: TokenRequest | undefined): Subject {
  const services = request?.services ?? [];
  const names = services.map((spec) => spec.service);
  const bound = services.find(isChannelBound);
  if (bound) {
    const user = bound.uid !== undefined ? { uid: bound.uid } : { account: bound.account };
    return { services: names, channel: bound.channel, ...user, role: roleOf(bound) };
  }
  const first = services[0];
  return { services: names, account: first && 'userId' in first ? first.userId : undefined };
}

/** RTC, Streaming and FCDN. */
const isChannelBound = (spec: ServiceSpec) => 'channel' in spec;
