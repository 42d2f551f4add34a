import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppSession } from '../auth/app-session';
import { ROOT_LOGGER } from '../logging/logging.module';
import { MetricsService } from '../metrics/metrics.service';
import type { AuditSubject } from './token-issue';

/** One audit event (design §8) besides who asked: never the token, a certificate or the JWT. */
export interface TokenAuditEvent extends AuditSubject {
  /** Configured project name. */
  project: string;
  /** When the issued token expires, ISO-8601 (issued events only). */
  expiresAt?: string;
  /** Why it was refused: a policy reason or an API error code (denied events only). */
  reason?: string;
  requestId?: string;
}

export type TokenAuditEventName = 'token.issued' | 'token.denied';

/**
 * The audit seam: every issuance and every refusal is one JSON line at info level, its fields at
 * the top level (`{"event":"token.issued","iss":..,"sub":..,"kind":..,"project":..,"services":..,
 * "channel":..,"uid":..,"role":..,"expiresAt":..,"requestId":..}`), and one metric update.
 */
@Injectable()
export class TokenAuditService {
  private readonly log: Logger;

  constructor(
    @Inject(ROOT_LOGGER) root: Logger,
    private readonly metrics: MetricsService,
  ) {
    this.log = root.child({ context: 'TokenAudit' });
  }

  issued(session: AppSession, event: TokenAuditEvent): void {
    this.write('token.issued', session, event);
    this.metrics.tokenIssued(event.services, event.role, event.project);
  }

  denied(session: AppSession, event: TokenAuditEvent & { reason: string }): void {
    this.write('token.denied', session, event);
    this.metrics.tokenDenied(event.reason);
  }

  private write(name: TokenAuditEventName, session: AppSession, event: TokenAuditEvent): void {
    // The principal is iss + sub (design §3). Fields are picked one by one: whatever else an
    // event object might carry never reaches the log.
    this.log.info(
      {
        event: name,
        iss: session.issuer,
        sub: session.subject,
        kind: event.kind,
        project: event.project,
        services: event.services,
        channel: event.channel,
        uid: event.uid,
        account: event.account,
        role: event.role,
        expiresAt: event.expiresAt,
        reason: event.reason,
        requestId: event.requestId,
      },
      name,
    );
  }
}
