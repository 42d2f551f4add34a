import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verify, type JwtPayload } from 'jsonwebtoken';
import { LONE_SURROGATE, rawRtcToken } from './support/raw-token';

// The real binary over the built output: `npm test` builds dist/ first (the pretest script).
const BIN = resolve(__dirname, '../bin/agora-token-authority.js');
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

// Commands run in an empty directory unless a test says otherwise: a developer's own
// .agora-dev/credentials.json must not change what a test sees.
const EMPTY_CWD = mkdtempSync(join(tmpdir(), 'agora-token-cli-cwd-'));
afterAll(() => rmSync(EMPTY_CWD, { recursive: true, force: true }));

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
    cwd: opts.cwd ?? EMPTY_CWD,
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
      // --channel/--uid also ask for the verdict, so judge expiry at a time the token was valid.
      const flags = ['--app-certificate', CERT, '--channel', CHANNEL, '--uid', UID];
      const json = inspectJson(RTC_006, ...flags, '--at', '1111000');
      expect(json).toMatchObject({ version: '006', ts: 1111111, signatureValid: true });
      expect(json).toHaveProperty('verdict.accepted', true);
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
      const flags = ['--app-certificate', lower, '--channel', CHANNEL, '--uid', UID];
      const json = inspectJson(DK5, ...flags, '--at', '1446455000');
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
      expect(run.stderr).toMatch(
        /^agora-token-authority inspect: invalid token: .+\(ERR_TOKEN_\w+\)\n$/,
      );
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
      const privileges = { joinChannel: 2000000000 };
      const full = { ...spec, uid: 7, salt: 9, ts: 2000000000, privileges };
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
      expect(json).toHaveProperty('privileges', privileges);
    });

    it.each([
      ['rtc with a uid', [...RTC_FLAGS, '--uid', UID, '--privilege-expire', '600'], RTC_007],
      ['rtm', ['build', 'rtm', ...COMMON, ...FIXED, '--user-id', 'test_user'], RTM_007],
      [
        'chat user (an all-digit user id, which needs --allow-numeric-account)',
        ['build', 'chat', ...COMMON, ...FIXED, '--user-id', UID, '--allow-numeric-account'],
        CHAT_USER_007,
      ],
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
        stdout: expect.stringMatching(/^Usage: agora-token-authority <command>/),
      });
      for (const command of ['inspect', 'build', 'dev-jwt']) {
        expect(cli([command, '--help']).stdout).toContain(
          `Usage: agora-token-authority ${command}`,
        );
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
        agora_account: 'alice',
        agora_channels: ['demo-*'],
        scope: 'rtc:publish tokens:inspect rtm:permissions chat:app',
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

  describe('would Agora accept it (errors 109/110)', () => {
    const T0 = 1_700_000_000;
    const AT = ['--at', String(T0 + 10)];
    // A publisher token for room1 / uid 42, valid for an hour from T0.
    const token = () =>
      cli([
        'build',
        'rtc',
        '--app-id',
        APP_ID,
        '--app-certificate',
        CERT,
        '--issued-at',
        String(T0),
        '--salt',
        '1',
        '--channel',
        'room1',
        '--uid',
        '42',
        '--role',
        'publisher',
      ]).stdout.trim();
    let room1: string;
    beforeAll(() => {
      room1 = token();
      expect(room1).toMatch(/^007/);
    });

    it('should refuse room1/uid 42 inspected as room2/uid 43, naming both, with exit 1', () => {
      const run = cli(['inspect', room1, '--channel', 'room2', '--uid', '43', ...AT]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        `\nWould Agora accept it? (at ${T0 + 10}, 2023-11-14T22:13:30Z)\n` +
          `${'-'.repeat(60)}\n` +
          'App ID          : unchecked  pass --app-id to compare\n' +
          'Channel         : FAIL (110) made for channel "room1", not "room2"\n' +
          'User            : FAIL (110) made for uid 42, not uid 43\n' +
          'Signature       : unchecked  not verified: pass --app-certificate\n' +
          'Expiry          : ok         valid for 3590 more seconds\n' +
          'Verdict         : REFUSED: channel, user (110 invalid token)\n',
      );
      expect(run.stderr).toBe(
        'agora-token-authority inspect: Agora would refuse this token: channel, user (110 invalid token)\n',
      );
    });

    it('should accept the token for the client it was made for, with exit 0', () => {
      const flags = ['--channel', 'room1', '--uid', '42', '--app-id', APP_ID];
      const run = cli(['inspect', room1, ...flags, '--app-certificate', CERT, ...AT]);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toContain(
        'Signature       : ok         signed with the given certificate\n',
      );
      expect(run.stdout).toContain('Verdict         : accepted\n');
      // Partial checks say what was left out.
      const partial = cli(['inspect', room1, '--channel', 'room1', ...AT]);
      expect(partial.status).toBe(0);
      expect(partial.stdout).toContain(
        'Verdict         : accepted as far as checked (not checked: app id, user, signature)\n',
      );
    });

    it.each([
      [
        'another App ID',
        ['--app-id', '0'.repeat(32)],
        'App ID          : FAIL (110) made for App ID',
      ],
      ['another certificate', ['--app-certificate', WRONG_CERT], 'Signature       : FAIL (110)'],
      ['a time after expiry', ['--at', String(T0 + 3600)], 'Expiry          : FAIL (109)'],
    ])('should refuse %s with exit 1', (_what, flags, line) => {
      const run = cli(['inspect', room1, '--channel', 'room1', '--uid', '42', ...AT, ...flags]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(line);
      expect(run.stderr).toContain('Agora would refuse this token');
      expect(run.stderr).not.toContain(WRONG_CERT);
    });

    it('should give the verdict per check in --json, exit 1 on a mismatch', () => {
      const run = cli([
        'inspect',
        room1,
        '--json',
        '--channel',
        'room2',
        '--account',
        'bob',
        ...AT,
      ]);
      expect(run).toMatchObject({ status: 1, stderr: '' });
      expect(JSON.parse(run.stdout).verdict).toEqual({
        accepted: false,
        checks: [
          { check: 'appId', result: 'unchecked', detail: 'no App ID given to compare' },
          {
            check: 'channel',
            result: 'fail',
            agoraError: 110,
            detail: 'made for channel "room1", not "room2"',
          },
          { check: 'user', result: 'fail', agoraError: 110, detail: 'made for uid 42, not "bob"' },
          {
            check: 'signature',
            result: 'unchecked',
            detail: 'no certificate given to verify with',
          },
          { check: 'expiry', result: 'pass', detail: 'valid for 3590 more seconds' },
        ],
      });
    });

    it('should refuse a malformed --app-id or --at as usage errors', () => {
      expect(cli(['inspect', room1, '--app-id', 'xyz']).status).toBe(2);
      expect(cli(['inspect', room1, '--at', 'yesterday']).status).toBe(2);
    });
  });

  describe('--json errors and --version', () => {
    it.each([
      ['a token that is not one', ['inspect', 'not-a-token'], 1, 'ERR_TOKEN_VERSION'],
      ['a cut 007', ['inspect', RTC_007.slice(0, 40)], 1, 'ERR_TOKEN_ENCODING'],
      ['an inspect without a token', ['inspect'], 2, 'ERR_USAGE'],
      ['an unknown flag', ['build', 'rtc', '--bogus'], 2, 'ERR_USAGE'],
      ['an unknown command', ['frobnicate'], 2, 'ERR_USAGE'],
      [
        'a spec with an unknown field',
        ['build', '--spec', `{"appCertificate":"${CERT}","x":1}`],
        2,
        'ERR_SPEC_INVALID',
      ],
      [
        'a spec that is not JSON',
        ['build', '--spec', `{"appCertificate":"${CERT}"`],
        2,
        'ERR_SPEC_INVALID',
      ],
      [
        'a malformed certificate',
        ['build', 'rtm', ...COMMON.slice(0, 2), '--app-certificate', 'zz', '--user-id', 'u'],
        2,
        'ERR_USAGE',
      ],
      ['a numeric account', [...RTC_FLAGS, '--account', '123'], 2, 'ACCOUNT_LOOKS_NUMERIC'],
      [
        'a JWT lifetime over the limit',
        ['dev-jwt', '--secret', 's', '--ttl', '86401'],
        2,
        'JWT_LIFETIME_TOO_LONG',
      ],
    ])('should print %s as a JSON error on stdout with its code', (_what, args, status, code) => {
      const run = cli([...args, '--json']);
      expect(run).toMatchObject({ status, stderr: '' });
      const body = JSON.parse(run.stdout);
      expect(body).toEqual({ error: { code, message: expect.any(String) } });
      expect(run.stdout).not.toContain(CERT);
    });

    it('should print successful build and dev-jwt results as JSON', () => {
      const built = cli(['build', 'rtm', ...COMMON, ...FIXED, '--user-id', 'test_user', '--json']);
      expect(built).toEqual({
        status: 0,
        stdout: `${JSON.stringify({ token: RTM_007 })}\n`,
        stderr: '',
      });
      const jwt = cli(['dev-jwt', '--secret', 'a-development-secret', '--json']);
      expect(JSON.parse(jwt.stdout)).toEqual({ jwt: expect.stringMatching(/^eyJ/) });
    });

    it('should print the package version', () => {
      const { version } = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8'));
      for (const flag of ['--version', '-V']) {
        expect(cli([flag])).toEqual({
          status: 0,
          stdout: `agora-token-authority ${version}\n`,
          stderr: '',
        });
      }
    });

    it("should be installed as agora-token-authority, a name apart from Agora's package", () => {
      const { bin } = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8'));
      expect(bin['agora-token-authority']).toBe('bin/agora-token-authority.js');
    });
  });

  describe('inspect --json | build --spec -', () => {
    // rtc + rtm for an account, stored compression (the default): the rebuilt bytes are identical.
    const made = () =>
      cli([
        ...RTC_FLAGS.filter((f) => f !== 'canonical' && f !== '--compression'),
        '--account',
        'alice',
        '--rtm-user-id',
        'alice',
      ]).stdout.trim();

    it('should rebuild the identical token with the certificate from --app-certificate', () => {
      const token = made();
      const inspected = cli([
        'inspect',
        token,
        '--json',
        '--app-certificate',
        CERT,
        '--channel',
        CHANNEL,
        '--at',
        '1111112',
      ]);
      expect(inspected.status).toBe(0);
      const rebuilt = cli(['build', '--spec', '-', '--app-certificate', CERT], {
        input: inspected.stdout,
      });
      expect(rebuilt).toEqual({ status: 0, stdout: `${token}\n`, stderr: '' });
    });

    it('should take the certificate from the environment', () => {
      const token = made();
      const inspected = cli(['inspect', token, '--json']).stdout;
      const env = { AGORA_APP_CERTIFICATE: CERT };
      expect(cli(['build', '--spec', '-'], { input: inspected, env }).stdout).toBe(`${token}\n`);
      // Never borrowed across App IDs: AGORA_APP_ID names another project here.
      const other = { ...env, AGORA_APP_ID: '0'.repeat(32) };
      const refused = cli(['build', '--spec', '-'], { input: inspected, env: other });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('the spec has no appCertificate');
    });

    it('should say what is missing without a certificate, and refuse a 006 inspection', () => {
      const inspected = cli(['inspect', made(), '--json']).stdout;
      const run = cli(['build', '--spec', '-', '--json'], { input: inspected });
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout).error.message).toContain('--app-certificate');
      const from006 = cli(['inspect', RTC_006, '--json']).stdout;
      const refused = cli(['build', '--spec', '-', '--app-certificate', CERT], { input: from006 });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('a 006 token carries only CRC-32s');
    });
  });

  describe('accounts and JWT lifetimes the service would refuse', () => {
    it('should refuse an all-digit account, pointing at --uid, unless allowed', () => {
      const run = cli([...RTC_FLAGS, '--account', '123']);
      expect(run).toMatchObject({ status: 2, stdout: '' });
      expect(run.stderr).toContain('use --uid 123');
      expect(run.stderr).toContain('(ACCOUNT_LOOKS_NUMERIC)');
      // Allowed, it is byte for byte the uid token: why the service refuses it.
      const allowed = cli([...RTC_FLAGS, '--account', '123', '--allow-numeric-account']);
      expect(allowed.stdout).toBe(cli([...RTC_FLAGS, '--uid', '123']).stdout);
      expect(allowed.status).toBe(0);
    });

    it.each([
      ['an RTM user id', ['build', 'rtm', ...COMMON, '--user-id', '123']],
      ['an RTM login of an rtc token', [...RTC_FLAGS, '--uid', '1', '--rtm-user-id', '77']],
      [
        'a spec account',
        [
          'build',
          '--spec',
          JSON.stringify({
            appId: APP_ID,
            appCertificate: CERT,
            expire: 60,
            services: [{ service: 'rtc', channel: 'c', account: '5' }],
          }),
        ],
      ],
    ])('should refuse %s that is all digits', (_what, args) => {
      const run = cli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('ACCOUNT_LOOKS_NUMERIC');
    });

    it('should refuse a JWT lifetime the service would refuse, from its setting', () => {
      const secret = ['--secret', 'a-development-secret'];
      expect(cli(['dev-jwt', ...secret, '--ttl', '86400']).status).toBe(0);
      expect(cli(['dev-jwt', ...secret, '--ttl', '86401']).stderr).toContain(
        '--ttl 86401 exceeds the 86400 seconds the service accepts',
      );
      const env = { AUTH_MAX_JWT_LIFETIME_SECONDS: '600' };
      expect(cli(['dev-jwt', ...secret, '--ttl', '601'], { env }).status).toBe(2);
      // The default lifetime (an hour) shrinks to the limit instead of failing.
      const jwt = cli(['dev-jwt', ...secret], { env }).stdout.trim();
      const claims = verify(jwt, 'a-development-secret') as JwtPayload;
      expect(claims.exp! - claims.iat!).toBe(600);
    });
  });

  describe('text that is not UTF-8', () => {
    const token = rawRtcToken({
      appId: APP_ID,
      appCertificate: CERT,
      issuedAt: 1111111,
      expire: 600,
      salt: 1,
      channel: Buffer.concat([Buffer.from('room'), LONE_SURROGATE]),
      user: Buffer.from('42'),
      privileges: [[1, 600]],
    });

    it('should show the stray bytes escaped and verify the token', () => {
      const run = cli(['inspect', token, '--app-certificate', CERT]);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout).toContain('    channel        : room\\xED\\xA0\\x80\n');
      expect(run.stdout).toContain('Signature       : valid\n');
      expect(run.stdout).toContain('[!] 1 string(s) are not valid UTF-8');
      const json = inspectJson(token, '--app-certificate', CERT);
      expect(json).toMatchObject({
        escapedStrings: 1,
        services: [{ channel: 'room\\xED\\xA0\\x80' }],
      });
    });

    it('should refuse to rebuild it from JSON rather than sign the escapes', () => {
      const inspected = cli(['inspect', token, '--json']).stdout;
      const run = cli(['build', '--spec', '-', '--app-certificate', CERT, '--json'], {
        input: inspected,
      });
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'ERR_SPEC_INVALID' });
    });
  });

  describe('development credentials (.agora-dev/credentials.json)', () => {
    let cwd: string;
    beforeAll(() => {
      cwd = mkdtempSync(join(dir, 'creds-'));
      mkdirSync(join(cwd, '.agora-dev'));
      const file = { jwtSecret: 'a-development-secret', appId: APP_ID, appCertificate: CERT };
      writeFileSync(join(cwd, '.agora-dev', 'credentials.json'), JSON.stringify(file));
    });

    it('should verify a development token without any certificate given', () => {
      const run = cli(['inspect', RTC_007], { cwd });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(
        'Signature       : valid (certificate from .agora-dev/credentials.json)\n',
      );
    });

    it('should verify with AGORA_APP_CERTIFICATE unless AGORA_APP_ID names another App ID', () => {
      const env = { AGORA_APP_CERTIFICATE: CERT };
      expect(cli(['inspect', RTC_007], { env }).stdout).toContain(
        'Signature       : valid (certificate from AGORA_APP_CERTIFICATE)\n',
      );
      const other = { ...env, AGORA_APP_ID: '0'.repeat(32) };
      expect(cli(['inspect', RTC_007], { env: other }).stdout).toContain(
        'Signature       : not checked (pass --app-certificate)\n',
      );
    });

    it('should say where the certificate came from on the signature verdict of legacy tokens too', () => {
      const env = { AGORA_APP_CERTIFICATE: CERT };
      const run = cli(['inspect', RTC_006, '--channel', CHANNEL, '--uid', UID], { env });
      expect(run.stdout).toContain(
        'Signature       : valid (certificate from AGORA_APP_CERTIFICATE)\n',
      );
      expect(run.stdout).toMatch(/Signature \(hex\) : [0-9a-f]+\n/);
    });

    it('should not use it for a token of another App ID', () => {
      const other = cli([
        'build',
        'rtm',
        '--app-id',
        '0'.repeat(32),
        '--app-certificate',
        CERT,
        '--user-id',
        'u',
      ]).stdout.trim();
      const run = cli(['inspect', other], { cwd });
      expect(run.stdout).toContain('Signature       : not checked (pass --app-certificate)\n');
    });

    it('should build with the development App ID and certificate', () => {
      const run = cli(['build', 'rtc', '--channel', 'demo-1', '--uid', '7'], { cwd });
      expect(run.status).toBe(0);
      const json = inspectJson(run.stdout.trim(), '--app-certificate', CERT);
      expect(json).toMatchObject({ appId: APP_ID, signatureValid: true });
    });

    it('should tolerate a file with only the JWT secret', () => {
      const bare = mkdtempSync(join(dir, 'bare-'));
      mkdirSync(join(bare, '.agora-dev'));
      writeFileSync(join(bare, '.agora-dev', 'credentials.json'), '{"jwtSecret":"s"}');
      const run = cli(['inspect', RTC_007], { cwd: bare });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Signature       : not checked (pass --app-certificate)\n');
    });
  });
});
