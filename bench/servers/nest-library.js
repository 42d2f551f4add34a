// Contender (d) of bench:http, for reference: the same route as (c) on NestJS + Fastify (one
// controller, no guard, pipe, interceptor or logger). The framework's own floor: what is left
// between it and (a) is our pipeline (JWT, throttling, validation, policy, audit, headers).
'use strict';
require('reflect-metadata');
const { Body, Controller, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { buildRtcTokenWithUid, RtcRole } = require('../../dist/agora-token');

const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appCertificate, PORT = '3103' } = process.env;

class TokensController {
  issueRtcToken({ channel, uid, role }) {
    const token = buildRtcTokenWithUid({
      appId,
      appCertificate,
      channelName: channel,
      uid,
      role: role === 'publisher' ? RtcRole.Publisher : RtcRole.Subscriber,
      tokenExpireSeconds: 3600,
      privilegeExpireSeconds: 3600,
    });
    return { token };
  }
}
// The decorators, applied by hand (plain JavaScript has no decorator syntax).
Body()(TokensController.prototype, 'issueRtcToken', 0);
Post('rtc')(
  TokensController.prototype,
  'issueRtcToken',
  Object.getOwnPropertyDescriptor(TokensController.prototype, 'issueRtcToken'),
);
Controller('v1/tokens')(TokensController);
class AppModule {}
Module({ controllers: [TokensController] })(AppModule);

NestFactory.create(AppModule, new FastifyAdapter(), { logger: false })
  .then((app) => app.listen(Number(PORT), '127.0.0.1'))
  .then(() => process.stdout.write(`listening ${PORT}\n`));
