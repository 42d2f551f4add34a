import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from './clock';
import { CompatController } from './compat.controller';
import { TokenAuditService } from './token-audit.service';
import { TokenAuthorizer } from './token-authorizer';
import { TokenRequests } from './token-requests';
import { TokenService } from './token.service';
import { TokensController } from './tokens.controller';

/**
 * The token API. Uses the global configuration (`AgoraProjects`, `policyConfig`) and the global
 * `ChannelPolicyService`.
 */
@Module({
  controllers: [TokensController, CompatController],
  providers: [
    TokenService,
    TokenRequests,
    TokenAuthorizer,
    TokenAuditService,
    { provide: CLOCK, useFactory: systemClock },
  ],
})
export class TokensModule {}
