import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { policyConfig } from '../config/policy.config';
import { ChannelPolicyService, POLICY_LIMITS } from '../policy/channel-policy.service';
import { CLOCK, systemClock } from './clock';
import { CompatController } from './compat.controller';
import { InspectService } from './inspect.service';
import { TokenAuditService } from './token-audit.service';
import { TokenService } from './token.service';
import { TokensController } from './tokens.controller';

@Module({
  controllers: [TokensController, CompatController],
  providers: [
    TokenService,
    InspectService,
    TokenAuditService,
    ChannelPolicyService,
    {
      provide: POLICY_LIMITS,
      inject: [policyConfig.KEY],
      useFactory: (policy: ConfigType<typeof policyConfig>) => ({
        maxTtlSeconds: policy.tokenMaxTtlSeconds,
      }),
    },
    { provide: CLOCK, useFactory: systemClock },
  ],
})
export class TokensModule {}
