#!/usr/bin/env node
// Lets `npm start` and `npm test` work right after `git clone`: installs the locked dependencies
// when node_modules is missing or older than package-lock.json. Plain Node, no dependencies.
//
// For `npm test` (run as its `pretest`, or with --test) it also prepares what the tests need
// outside Node: Redis answering on 127.0.0.1:6379 (started here, privately, when redis-server is
// installed but nothing listens) and Chromium at /usr/bin/chromium. What it cannot set up it
// names, with the command that installs it, and stops before a long run that could only fail.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, statSync } = require('node:fs');
const { connect } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;
// The Swagger UI test drives Debian's chromium through playwright-core, which downloads nothing.
const CHROMIUM = '/usr/bin/chromium';

function installed() {
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

function installDependencies() {
  if (installed()) {
    return;
  }
  console.error('[setup] installing dependencies with npm ci ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

/** True when a Redis server answers PING on host:port within a second. */
function redisAnswers() {
  return new Promise((resolve) => {
    const socket = connect({ host: REDIS_HOST, port: REDIS_PORT });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) {
        done(reply.startsWith('+PONG'));
      }
    });
  });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * A redis-server of our own on 127.0.0.1:6379: no persistence, files under the temp directory.
 * It is a daemon, so it outlives this script and serves the test run that follows.
 */
async function startRedis() {
  const dir = join(tmpdir(), 'agora-token-authority-redis');
  mkdirSync(dir, { recursive: true });
  const args = [
    '--bind',
    REDIS_HOST,
    '--port',
    String(REDIS_PORT),
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--dir',
    dir,
    '--pidfile',
    join(dir, 'redis.pid'),
    '--logfile',
    join(dir, 'redis.log'),
  ];
  const result = spawnSync('redis-server', args, { stdio: 'inherit' });
  if (result.status !== 0) {
    return false;
  }
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers()) {
      console.error(
        `[setup] started redis-server on ${REDIS_HOST}:${REDIS_PORT} for the tests ` +
          `(log: ${join(dir, 'redis.log')}; stop it with: redis-cli -p ${REDIS_PORT} shutdown)`,
      );
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** What the test suites need besides node_modules; exits non-zero naming what is missing. */
async function ensureTestServices() {
  const missing = [];
  if (!(await redisAnswers())) {
    if (!onPath('redis-server')) {
      missing.push({
        what: `redis-server (Redis on ${REDIS_HOST}:${REDIS_PORT} and the binary itself: the rate-limit tests start their own servers too)`,
        apt: 'redis-server',
      });
    } else if (!(await startRedis())) {
      console.error(
        `[setup] redis-server is installed but could not be started on ${REDIS_HOST}:${REDIS_PORT}; ` +
          'is the port taken by something that is not Redis?',
      );
      process.exit(1);
    }
  } else if (!onPath('redis-server')) {
    missing.push({
      what: 'redis-server (the binary: the rate-limit tests start throwaway servers of their own)',
      apt: 'redis-server',
    });
  }
  if (!existsSync(CHROMIUM)) {
    missing.push({
      what: `Chromium at ${CHROMIUM} (the Swagger UI browser test)`,
      apt: 'chromium',
    });
  }
  if (missing.length === 0) {
    return;
  }
  const sudo = typeof process.getuid === 'function' && process.getuid() === 0 ? '' : 'sudo ';
  const packages = missing.map((m) => m.apt).join(' ');
  console.error(
    [
      '[setup] npm test needs, and this machine lacks:',
      ...missing.map((m) => `  - ${m.what}`),
      'Install on Debian/Ubuntu with:',
      `  ${sudo}apt-get update && ${sudo}apt-get install -y ${packages}`,
      'then run npm test again (see README, Testing).',
    ].join('\n'),
  );
  process.exit(1);
}

async function main() {
  installDependencies();
  // npm sets npm_lifecycle_event to "pretest" while it runs this as `npm test`'s pretest.
  if (process.argv.includes('--test') || process.env.npm_lifecycle_event === 'pretest') {
    await ensureTestServices();
  }
}

main().catch((error) => {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
