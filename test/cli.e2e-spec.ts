import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verify, type JwtPayload } from 'jsonwebtoken';

// The real binary over the built output: `npm test` builds dist/ first (the pretest script).
const BIN = resolve(__dirname, '../bin/agora-token.js');
const MAIN = resolve(__dirname, '../dist/cli/main.js');
if (!existsSync(MAIN)) {
  throw new Error(`${MAIN} is missing: run \`npm run build\` before this suite (npm test does)`);
}

// Known answers copied from test/fixtures/agora-token-vectors.json: 007-builder-rtc-uid-publisher, 007-builder-rtm,
// 007-builder-chat-user, 007-builder-chat-app (canonical compression), 006-builder-rtc-uid-publisher
// and dk5-media-channel.
const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const WRONG_CERT = '5CFd2fd1755d40ecb72977518be15d3c';
const CHANNEL = '7d72365eb983485397e3e3f9d460bdda';
const UID = '2882341273';
const RTC_007 =
  '007eJxTYDhuGCT90E3Yo2+N3efJV5hX1K1MZAqae/Sa8UP9VXvOhfArMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhRgYWIAbxmcAkM5hkAZMKDOYp5kbGZqapSZYWxiYWpsaW5qnGqcZplikmZgZJKSmJXAxGFhZGxiaGRubGAKizJcs=';
const RTM_007 =
  '007eJxTYOCdJftjyTM2zxW6Xhm/5T0j5LdcUt/xYVt48fb5Mp3PX9coMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhJiBmBPM5GUpSi0viS4tTiwBZVh6A';
const CHAT_USER_007 =
  '007eJxTYNAIsnbS3v/A5t2TC6feR15r+6cq8bqAvfaW+tk/Vzz+p6xTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADCrEDMCOZzMRhZWBgZmxgamRsDAB+lHrg=';
const CHAT_APP_007 =
  '007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZgZgJzGdgAACt8hhr';
const RTC_006 =
  '006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW';
const DK5 =
  '005AQAoAEJERTJDRDdFNkZDNkU0ODYxNkYxQTYwOUVFNTM1M0U5ODNCQjFDNDQQAJcMo13mDERkW7roohUGGzOwKDdW9buDA68oN1YAAA==';

const RTC_007_REPORT = `Token AccessToken2 (007)
========================
App ID          : ${APP_ID}
Issued at       : 1111111 (1970-01-13T20:38:31Z)
Lifetime        : 600 seconds
Expires at      : 1111711 (1970-01-13T20:48:31Z, expired)
Salt            : 1
Signature       : valid

Services (1)
------------
[1] RTC (ServiceType: 1)
    channel        : ${CHANNEL}
    uid            : ${UID}
    privileges:
${['joinChannel', 'publishAudioStream', 'publishVideoStream', 'publishDataStream']
  .map((name) => `      - ${name}: 600 seconds, until 1111711 (1970-01-13T20:48:31Z, expired)\n`)
  .join('')}`;

const COMMON = ['--app-id', APP_ID, '--app-certificate', CERT, '--expire', '600'];
const FIXED = ['--issued-at', '1111111', '--salt', '1', '--compression', 'canonical'];
const RTC_FLAGS = [
  'build',
  'rtc',
  ...COMMON,
  ...FIXED,
  '--channel',
  CHANNEL,
  '--role',
  'publisher',
];

/** Runs the binary with no Agora/JWT settings inherited from the developer's shell. */
function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AGORA_|AUTH_JWT_)/.test(name)) {
      delete env[name];
    }
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd,
    env: { ...env, ...opts.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function inspectJson(token: string, ...flags: string[]): unknown {
  const run = cli(['inspect', token, '--json', ...flags]);
  expect(run).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(run.stdout);
}

describe('agora-token CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agora-token-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('inspect', () => {
    it('should print the 007 report with a valid signature and exit 0', () => {
      expect(cli(['inspect', RTC_007, '--app-certificate', CERT])).toEqual({
        status: 0,
        stdout: RTC_007_REPORT,
        stderr: '',
      });
    });

    it('should say the signature was not checked without a certificate', () => {
      const run = cli(['inspect', RTC_007]);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Signature       : not checked (pass --app-certificate)\n');
    });

    it('should report an invalid signature and exit 1', () => {
      const run = cli(['inspect', RTC_007, '--app-certificate', WRONG_CERT]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('Signature       : INVALID\n');
      expect(run.stderr).toContain('INVALID');
      expect(run.stderr).not.toContain(WRONG_CERT);
    });

    it('should print exactly the library JSON with --json', () => {
      expect(inspectJson(RTC_007, '--app-certificate', CERT)).toEqual({
        version: '007',
        appId: APP_ID,
        issuedAt: 1111111,
        expire: 600,
        salt: 1,
        services: [
          {
            service: 'rtc',
            channel: CHANNEL,
            uid: Number(UID),
            privileges: {
              joinChannel: 600,
              publishAudioStream: 600,
              publishVideoStream: 600,
              publishDataStream: 600,
            },
          },
        ],
        signatureValid: true,
      });
      const wrong = cli(['inspect', RTC_007, '--json', '--app-certificate', WRONG_CERT]);
      expect(wrong.status).toBe(1);
      expect(JSON.parse(wrong.stdout)).toHaveProperty('signatureValid', false);
    });

    it('should read a 006 token, verified with its channel and uid', () => {
      const json = inspectJson(
        RTC_006,
        '--app-certificate',
        CERT,
        '--channel',
        CHANNEL,
        '--uid',
        UID,
      );
      expect(json).toMatchObject({ version: '006', ts: 1111111, signatureValid: true });
      const report = cli(['inspect', RTC_006]).stdout;
      expect(report).toContain('Token AccessToken (006)\n');
      expect(report).toContain(
        '  - publishDataStream: 1446455471 (2015-11-02T09:11:11Z, expired)\n',
      );
      const note = cli(['inspect', RTC_006, '--app-certificate', CERT]).stdout;
      expect(note).toContain('not checked (needs --channel and --uid or --account to verify)');
    });

    it('should read a DynamicKey5 token', () => {
      const lower = CERT.toLowerCase();
      const json = inspectJson(DK5, '--app-certificate', lower, '--channel', CHANNEL, '--uid', UID);
      expect(json).toMatchObject({ version: '005', service: 'mediaChannel', signatureValid: true });
      expect(cli(['inspect', DK5]).stdout).toContain('Service         : mediaChannel (1)\n');
    });

    it('should read the token from stdin and trim surrounding whitespace', () => {
      const run = cli(['inspect', '-', '--app-certificate', CERT], { input: `\n  ${RTC_007}\r\n` });
      expect(run).toEqual({ status: 0, stdout: RTC_007_REPORT, stderr: '' });
      expect(cli(['inspect', ` ${RTC_007}\n`, '--app-certificate', CERT]).stdout).toBe(
        RTC_007_REPORT,
      );
    });

    it.each([
      ['garbage', 'not-a-token'],
      ['a truncated 007', RTC_007.slice(0, 40)],
      ['a 006 with bad base64', `${RTC_006.slice(0, -2)}!!`],
    ])('should refuse %s with exit 1 and nothing on stdout', (_what, token) => {
      const run = cli(['inspect', token, '--app-certificate', CERT]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^agora-token inspect: invalid token: .+\(ERR_TOKEN_\w+\)\n$/);
    });
  });

  describe('build', () => {
    // What inspect --json gives back: the spec without its certificate.
    const inspected007 = {
      appId: APP_ID,
      issuedAt: 1111111,
      expire: 600,
      salt: 1,
      services: [
        { service: 'rtc', channel: 'c', account: 'alice', privileges: { joinChannel: 600 } },
        { service: 'chat', userId: 'alice', privileges: { user: 600 } },
        {
          service: 'rtm2',
          userId: 'alice',
          privileges: { login: 600 },
          permissions: [{ resource: 'messageChannels', permission: 'read', names: ['a', 'b'] }],
        },
      ],
    };
    const spec007 = { ...inspected007, appCertificate: CERT };

    it.each([
      ['a file', () => [join(dir, 'spec.json')], ''],
      ['inline JSON', () => [JSON.stringify(spec007)], ''],
      ['stdin', () => ['-'], JSON.stringify(spec007)],
    ])('should build a 007 spec from %s that inspect reads back', (_from, args, input) => {
      writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec007));
      const run = cli(['build', '--spec', ...args()], { input });
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(/^007\S+\n$/);
      const json = inspectJson(run.stdout.trim(), '--app-certificate', CERT);
      expect(json).toEqual({ ...inspected007, version: '007', signatureValid: true });
    });

    it('should build a 006 spec that inspect reads back', () => {
      const spec = { version: '006', appId: APP_ID, appCertificate: CERT, channel: CHANNEL };
      const full = { ...spec, uid: 7, salt: 9, ts: 2000000000, privileges: { joinChannel: 5 } };
      const run = cli(['build', '--spec', JSON.stringify(full)]);
      expect(run.status).toBe(0);
      const json = inspectJson(
        run.stdout.trim(),
        '--app-certificate',
        CERT,
        '--channel',
        CHANNEL,
        '--uid',
        '7',
      );
      expect(json).toMatchObject({ appId: APP_ID, salt: 9, ts: 2000000000, signatureValid: true });
      expect(json).toHaveProperty('privileges', { joinChannel: 5 });
    });

    it.each([
      ['rtc with a uid', [...RTC_FLAGS, '--uid', UID, '--privilege-expire', '600'], RTC_007],
      ['rtm', ['build', 'rtm', ...COMMON, ...FIXED, '--user-id', 'test_user'], RTM_007],
      ['chat user', ['build', 'chat', ...COMMON, ...FIXED, '--user-id', UID], CHAT_USER_007],
      ['chat app', ['build', 'chat', ...COMMON, ...FIXED, '--app'], CHAT_APP_007],
    ])('should build the %s known answer from flags', (_what, args, expected) => {
      expect(cli(args)).toEqual({ status: 0, stdout: `${expected}\n`, stderr: '' });
    });

    it('should take the app id and certificate from the environment', () => {
      const args = ['build', 'rtc', '--expire', '600', ...FIXED, '--channel', CHANNEL];
      const env = { AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERT };
      const run = cli([...args, '--role', 'publisher', '--uid', UID], { env });
      expect(run.stdout).toBe(`${RTC_007}\n`);
    });

    it('should add RTM login with --rtm-user-id', () => {
      const run = cli([...RTC_FLAGS, '--account', 'alice', '--rtm-user-id', 'alice']);
      const json = inspectJson(run.stdout.trim());
      expect(json).toHaveProperty('services', [
        expect.objectContaining({ service: 'rtc', account: 'alice' }),
        { service: 'rtm', userId: 'alice', privileges: { login: 600 } },
      ]);
    });
  });

  describe('usage errors', () => {
    it.each([
      ['a trailing letter', ['--uid', '12abc'], '--uid must be'],
      ['a fraction', ['--uid', '1.5'], '--uid must be'],
      ['a negative number', ['--uid=-1'], '--uid must be'],
      ['a dash value', ['--uid', '-1'], "'--uid'"],
      ['hex', ['--uid', '0x10'], '--uid must be'],
      ['2^32', ['--uid', '4294967296'], '--uid must be'],
      ['a bad expiry', ['--uid', '1', '--expire', '1e3'], '--expire must be'],
      ['an unknown flag', ['--uid', '1', '--bogus'], "'--bogus'"],
      ['both --uid and --account', ['--uid', '1', '--account', 'a'], '--uid or --account'],
      ['an unknown role', ['--uid', '1', '--role', 'admin'], '--role must be'],
    ])('should refuse %s with exit 2, naming the flag', (_what, extra, message) => {
      const run = cli([...RTC_FLAGS, ...extra]);
      expect(run).toMatchObject({ status: 2, stdout: '' });
      expect(run.stderr).toContain(message);
    });

    it.each([
      ['an unknown command', ['frobnicate']],
      ['no command', []],
      ['an unknown build kind', ['build', 'voice']],
      ['a spec that is not JSON', ['build', '--spec', `{"appCertificate":"${CERT}"`]],
      ['an invalid spec', ['build', '--spec', `{"appCertificate":"${CERT}","x":1}`]],
      ['a missing spec file', ['build', '--spec', join(tmpdir(), 'no-such-spec.json')]],
      ['a malformed certificate', ['inspect', RTC_007, '--app-certificate', `${CERT}ff`]],
      ['an inspect without a token', ['inspect']],
    ])('should refuse %s with exit 2 and never echo the certificate', (_what, args) => {
      const run = cli(args);
      expect(run).toMatchObject({ status: 2, stdout: '' });
      expect(run.stderr).not.toBe('');
      expect(run.stderr).not.toContain(CERT);
    });

    it('should print help with exit 0', () => {
      expect(cli(['--help'])).toMatchObject({
        status: 0,
        stdout: expect.stringMatching(/^Usage: agora-token <command>/),
      });
      for (const command of ['inspect', 'build', 'dev-jwt']) {
        expect(cli([command, '--help']).stdout).toContain(`Usage: agora-token ${command}`);
      }
      expect(cli(['build', 'rtc', '--help']).stdout).toContain('--rtm-user-id');
    });
  });

  describe('dev-jwt', () => {
    const SECRET = 'a-development-secret-of-at-least-32-bytes';

    it('should mint an HS256 JWT with the default claims that verifies with the secret', () => {
      const run = cli(['dev-jwt', '--secret', SECRET]);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      const claims = verify(run.stdout.trim(), SECRET, {
        algorithms: ['HS256'],
        issuer: 'agora-token-authority-dev',
        audience: 'agora-token-authority',
      }) as JwtPayload;
      expect(claims).toMatchObject({
        sub: 'dev-user',
        agora_uid: 1001,
        agora_channels: ['demo-*'],
        scope: 'rtc:publish tokens:inspect',
      });
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it('should apply flags over --claims and take the secret from the environment', () => {
      const args = [
        'dev-jwt',
        '--claims',
        '{"team":"t1","sub":"x"}',
        '--sub',
        'alice',
        '--uid',
        '7',
      ];
      const env = { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'iss-env' };
      const run = cli([...args, '--channels', 'a,b-*', '--scope', 's1 s2', '--ttl', '60'], { env });
      const claims = verify(run.stdout.trim(), SECRET, { issuer: 'iss-env' }) as JwtPayload;
      expect(claims).toMatchObject({ sub: 'alice', team: 't1', agora_uid: 7, scope: 's1 s2' });
      expect(claims).toMatchObject({ agora_channels: ['a', 'b-*'], exp: claims.iat! + 60 });
    });

    it('should fall back to .agora-dev/credentials.json, then fail with exit 2', () => {
      const cwd = mkdtempSync(join(dir, 'dev-'));
      const none = cli(['dev-jwt'], { cwd });
      expect(none).toMatchObject({ status: 2, stdout: '' });
      expect(none.stderr).toContain('AUTH_JWT_SECRET');
      mkdirSync(join(cwd, '.agora-dev'));
      const credentials = { jwtSecret: SECRET, issuer: 'iss-file', audience: 'aud-file' };
      writeFileSync(join(cwd, '.agora-dev', 'credentials.json'), JSON.stringify(credentials));
      const run = cli(['dev-jwt'], { cwd });
      expect(
        verify(run.stdout.trim(), SECRET, { issuer: 'iss-file', audience: 'aud-file' }),
      ).toBeTruthy();
    });
  });
});
