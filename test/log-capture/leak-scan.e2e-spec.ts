import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDynamicKey5MediaChannelKey,
  buildRtcTokenWithUid,
  buildRtmToken006,
  RtcRole,
} from '../../src/agora-token';
import { signCallerJwt } from '../support/jwt';
import { TEST_AGORA_APP_ID, TEST_AGORA_CERTIFICATE, TEST_JWT_SECRET } from '../support/test-env';
import { SECRETS_SUBDIR } from './capture-dir';
import { findLeaks } from './leak-patterns';
import { scanCapture } from './scan-capture';

/**
 * The scanner behind the suite's leak test (global-teardown.ts) finds what it must: each kind of
 * leak in a log line, and nothing in clean lines.
 */
describe('log leak scan', () => {
  const token007 = buildRtcTokenWithUid({
    appId: TEST_AGORA_APP_ID,
    appCertificate: TEST_AGORA_CERTIFICATE,
    channelName: 'room-1',
    uid: 1001,
    role: RtcRole.Publisher,
    tokenExpireSeconds: 600,
    privilegeExpireSeconds: 600,
  });
  const project = { appId: TEST_AGORA_APP_ID, appCertificate: TEST_AGORA_CERTIFICATE };
  const token006 = buildRtmToken006({ ...project, account: 'alice', privilegeExpiredTs: 0 });
  const key005 = buildDynamicKey5MediaChannelKey({
    ...project,
    channelName: 'room-1',
    uid: 1001,
    unixTs: 1_700_000_000,
    randomInt: 1,
    expiredTs: 0,
  });
  const jwt = signCallerJwt({ sub: 'alice' });
  const line = (fields: object) => JSON.stringify({ level: 'info', ...fields, msg: 'x' });

  it.each([
    ['JWT', line({ note: jwt })],
    ['Agora token 007', line({ value: token007 })],
    ['Agora token 006', line({ value: token006 })],
    ['Agora token 005', line({ value: key005 })],
    ['Bearer credentials', line({ header: 'Bearer abcdefghijklmnopqrstuvwxyz' })],
    ['unredacted authorization field', '{"headers":{"authorization":"x"}}'],
    ['private key', '-----BEGIN PRIVATE KEY-----'],
    ['secret or certificate value', line({ cfg: `cert=${TEST_AGORA_CERTIFICATE}` })],
  ])('should find a %s', (kind, text) => {
    expect(findLeaks(text, [TEST_AGORA_CERTIFICATE]).map((leak) => leak.kind)).toContain(kind);
  });

  it.each([
    line({ event: 'token.issued', sub: 'alice', channel: 'room-1', uid: 1001 }),
    line({ requestId: '0f8fad5b-d9cb-469f-a165-70867728950e', req: { route: '/v1/tokens/rtc' } }),
    line({ headers: { authorization: '[redacted]' } }),
    line({ msg: 'metrics on http://127.0.0.1:9464/metrics (bearer token required)' }),
    line({ msg: '401: jwt malformed' }),
  ])('should pass a clean line: %s', (text) => {
    expect(findLeaks(text, [TEST_AGORA_CERTIFICATE, TEST_JWT_SECRET])).toEqual([]);
  });

  it('should let the development banner print its JWT, but nothing else', () => {
    expect(findLeaks(`    ${jwt}`, [], true)).toEqual([]);
    expect(findLeaks(`curl -H 'Authorization: Bearer ${jwt}'`, [], true)).toEqual([]);
    expect(findLeaks(`    ${token007}`, [], true).map((leak) => leak.kind)).toEqual([
      'Agora token 007',
    ]);
  });

  it('should scan every captured file with the registered secrets, and report no value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leak-scan-'));
    try {
      const generated = 'generated-secret-0123456789';
      mkdirSync(join(dir, SECRETS_SUBDIR));
      writeFileSync(join(dir, SECRETS_SUBDIR, '1.jsonl'), `${JSON.stringify(generated)}\n`);
      writeFileSync(join(dir, 'a-1-1.log'), `${line({ ok: 1 })}\n${line({ leaked: generated })}\n`);
      writeFileSync(join(dir, 'a-1-2.console'), `boot failed: ${token007}\n`);
      writeFileSync(join(dir, 'a-1-3.banner'), `    ${jwt}\n`);
      const result = scanCapture(dir);
      expect(result).toMatchObject({ files: 3, lines: 4 });
      expect(result.leaks.map(({ file, line: at, kinds }) => ({ file, at, kinds }))).toEqual([
        { file: 'a-1-1.log', at: 2, kinds: ['secret or certificate value'] },
        { file: 'a-1-2.console', at: 1, kinds: ['Agora token 007'] },
      ]);
      expect(JSON.stringify(result.leaks)).not.toContain(generated);
      expect(JSON.stringify(result.leaks)).not.toContain(token007);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
