import {
  type DynamicModule,
  type FactoryProvider,
  Module,
  type ModuleMetadata,
  type ValueProvider,
} from '@nestjs/common';
import type { PolicyLimits } from './channel-policy';
import { ChannelPolicyService } from './channel-policy.service';
import { POLICY_LIMITS } from './policy.constants';

/** How the importing module supplies the limits: a value, or a factory over injected config. */
export type PolicyLimitsProvider =
  Omit<ValueProvider<PolicyLimits>, 'provide'> | Omit<FactoryProvider<PolicyLimits>, 'provide'>;

/**
 * Provides `ChannelPolicyService`. Import it where the controllers live, for example:
 *
 * ```ts
 * PolicyModule.forRoot({
 *   inject: [tokenConfig.KEY],
 *   useFactory: (config: ConfigType<typeof tokenConfig>) => ({
 *     maxTtlSeconds: config.maxTtlSeconds,
 *   }),
 * })
 * ```
 */
@Module({})
export class PolicyModule {
  static forRoot(
    limits: PolicyLimitsProvider,
    imports: ModuleMetadata['imports'] = [],
  ): DynamicModule {
    return {
      module: PolicyModule,
      imports,
      providers: [{ ...limits, provide: POLICY_LIMITS }, ChannelPolicyService],
      exports: [ChannelPolicyService],
    };
  }
}
