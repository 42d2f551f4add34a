import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';

/** Injection token of the pino root logger (`@Inject(ROOT_LOGGER) root: Logger`). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Makes createApp's root logger injectable, for code that logs fields (the audit events). */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(root: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [ROOT_LOGGER],
    };
  }
}
