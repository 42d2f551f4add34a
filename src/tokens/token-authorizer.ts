import { Injectable } from '@nestjs/common';
import type { AppSession } from '../auth/app-session';
import { AgoraProjects } from '../config/agora-projects';
import { ChannelPolicyService, toHttpException } from '../policy/channel-policy.service';
import { TokenAuditService } from './token-audit.service';
import { auditSubject, type InspectIssue, type Issue } from './token-issue';

/**
 * `ChannelPolicyService.assertAllowed` with the audit in between: the same decision and the same
 * 400/403 body, and every denial leaves an audit line first.
 */
@Injectable()
export class TokenAuthorizer {
  constructor(
    private readonly policy: ChannelPolicyService,
    private readonly audit: TokenAuditService,
    private readonly projects: AgoraProjects,
  ) {}

  authorize(session: AppSession, issue: Issue | InspectIssue, requestId?: string): void {
    const decision = this.policy.evaluate(session, issue.request);
    if (!decision.allow) {
      const project = issue.project ?? this.projects.current().defaultProject.name;
      const event = { ...auditSubject(issue), project, reason: decision.reason, requestId };
      this.audit.denied(session, event);
      throw toHttpException(decision);
    }
  }
}
