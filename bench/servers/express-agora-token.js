// Contender (b) of bench:http: the common sample-server shape — Express + the agora-token npm
// package, no authentication, no policy, no rate limit. Listens on PORT.
'use strict';
const express = require('express');
const { RtcTokenBuilder, RtcRole } = require('agora-token');

const { AGORA_APP_ID: appId, AGORA_APP_CERTIFICATE: certificate, PORT = '3101' } = process.env;
const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '16kb' }));
app.post('/v1/tokens/rtc', (req, res) => {
  const { channel, uid, role } = req.body;
  const agoraRole = role === 'publisher' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER;
  const ttl = 3600;
  const token = RtcTokenBuilder.buildTokenWithUid(
    appId,
    certificate,
    channel,
    uid,
    agoraRole,
    ttl,
    ttl,
  );
  res.status(201).json({ token });
});
app.listen(Number(PORT), '127.0.0.1', () => process.stdout.write(`listening ${PORT}\n`));
