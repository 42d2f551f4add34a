// Contender (c) of bench:http: a bare Fastify route calling our token library (compiled in dist/),
// no authentication, policy, validation or rate limit. The ceiling for the full service.
'use strict';
const fastify = require('fastify')({ logger: false });
const { buildRtcTokenWithUid, RtcRole } = require('../../dist/agora-token');

const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: appCertificate, PORT = '3102' } = process.env;
fastify.post('/v1/tokens/rtc', async (request, reply) => {
  const { channel, uid, role } = request.body;
  const token = buildRtcTokenWithUid({
    appId,
    appCertificate,
    channelName: channel,
    uid,
    role: role === 'publisher' ? RtcRole.Publisher : RtcRole.Subscriber,
    tokenExpireSeconds: 3600,
    privilegeExpireSeconds: 3600,
  });
  reply.code(201);
  return { token };
});
fastify
  .listen({ port: Number(PORT), host: '127.0.0.1' })
  .then(() => process.stdout.write(`listening ${PORT}\n`));
