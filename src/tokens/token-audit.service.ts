import { Injectable, Logger } from '@nestjs/common';
import type { AppSession } from '../auth/app-session';
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

/**
 * The audit seam: one line per issuance and per refusal, at `log` level through Nest's Logger.
 * Structured logging and metrics hook in here later; callers do not change.
 */
@Injectable()
export class TokenAuditService {
  private readonly logger = new Logger('TokenAudit');

  issued(session: AppSession, event: TokenAuditEvent): void {
    this.write('token.issued', session, event);
  }

  denied(session: AppSession, event: TokenAuditEvent & { reason: string }): void {
    this.write('token.denied', session, event);
  }

  private write(name: string, session: AppSession, event: TokenAuditEvent): void {
    // The principal is iss + sub (design §3); both are verified claims, JSON-escaped here.
    const line = { event: name, iss: session.issuer, sub: session.subject, ...event };
    this.logger.log(JSON.stringify(line));
  }
}
