import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAccessToken2, verifyAccessToken2 } from '../src/agora-token';
import { registerSecrets } from './log-capture/capture-dir';
import { signCallerJwt } from './support/jwt';
import {
  freePort,
  type MainProcess,
  spawnMain,
  waitForExit,
  waitForOutput,
} from './support/main-process';
import {
  TEST_AGORA_APP_ID,
  TEST_AGORA_CERTIFICATE as PRIMARY,
  TEST_AGORA_CERTIFICATE_SECONDARY as SECONDARY,
  TEST_AUDIENCE,
  TEST_ISSUER,
  TEST_JWT_SECRET,
} from './support/test-env';

jest.setTimeout(60_000);

const METRICS_TOKEN = 'rotation-metrics-token-0123456789';

/**
 * Secrets from files and hot certificate rotation, on the real process (src/main.ts in a child)
 * over real HTTP: the certificates, the active pointer, the caller JWT secret and the metrics
 * token all come from files; the active certificate flips primary → secondary by SIGHUP, back by a
 * Kubernetes-style symlink swap seen by the watcher, while requests never stop. Every token must
 * verify with the certificate active when it was issued, and none may fail.
 */
describe('certificate rotation (secret files, SIGHUP, file watch)', () => {
  let dir: string;
  let child: MainProcess;
  let port: number;
  let metricsPort: number;
  /** The mounted-secret directory: `active -> ..data/active`, `..data -> ..<version>`. */
  let mounted: string;
  let version = 0;

  /** What the kubelet does: write a new version directory, then swap `..data` atomically. */
  const swapActive = (content: string) => {
    version += 1;
    const next = join(mounted, `..v${version}`);
    mkdirSync(next);
    writeFileSync(join(next, 'active'), content);
    symlinkSync(`..v${version}`, join(mounted, '..data_tmp'));
    renameSync(join(mounted, '..data_tmp'), join(mounted, '..data'));
  };

  const occurrences = (pattern: RegExp) =>
    child.output().match(new RegExp(pattern.source, 'g'))?.length ?? 0;

  /** Resolves once `pattern` has appeared `count` times in the child's output. */
  const waitForCount = async (pattern: RegExp, count: number) => {
    const deadline = Date.now() + 15_000;
    while (occurrences(pattern) < count) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern} x${count}:\n${child.output()}`);
      }
      await new Promise((done) => setTimeout(done, 20));
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rotation-'));
    mounted = join(dir, 'mounted');
    mkdirSync(mounted);
    swapActive('primary\n');
    symlinkSync('..data/active', join(mounted, 'active'));
    // One trailing newline (either kind) is the file format; it is not part of the value.
    writeFileSync(join(dir, 'primary'), `${PRIMARY}\n`);
    writeFileSync(join(dir, 'secondary'), `${SECONDARY}\r\n`);
    writeFileSync(join(dir, 'jwt-secret'), `${TEST_JWT_SECRET}\n`);
    writeFileSync(join(dir, 'metrics-token'), METRICS_TOKEN);
    registerSecrets(PRIMARY, SECONDARY, TEST_JWT_SECRET, METRICS_TOKEN);
    [port, metricsPort] = [await freePort(), await freePort()];
    child = spawnMain({
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN_FILE: join(dir, 'metrics-token'),
      AGORA_APP_ID: TEST_AGORA_APP_ID,
      AGORA_APP_CERTIFICATE_FILE: join(dir, 'primary'),
      AGORA_APP_CERTIFICATE_SECONDARY_FILE: join(dir, 'secondary'),
      AGORA_ACTIVE_CERTIFICATE_FILE: join(mounted, 'active'),
      AUTH_JWT_SECRET_FILE: join(dir, 'jwt-secret'),
      AUTH_JWT_ISSUER: TEST_ISSUER,
      AUTH_JWT_AUDIENCE: TEST_AUDIENCE,
      THROTTLE_IP_LIMIT: '1000000',
      THROTTLE_USER_LIMIT: '1000000',
      LOG_LEVEL: 'info',
    });
    await waitForOutput(child, /metrics on http/);
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await waitForExit(child);
    rmSync(dir, { recursive: true, force: true });
  });

  const jwt = signCallerJwt(
    { agora_uid: 42, agora_channels: ['room-*'], scope: 'tokens:inspect' },
    { ttlSeconds: 600 },
  );
  const issue = async (): Promise<{ status: number; token?: string }> => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/tokens/rtc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'room-1', uid: 42, role: 'subscriber' }),
    });
    const body = (await response.json()) as { token?: string };
    return { status: response.status, token: body.token };
  };
  const signedWith = (token: string): string => {
    const parsed = parseAccessToken2(token);
    const slots = [
      ...(verifyAccessToken2(parsed, PRIMARY) ? ['primary'] : []),
      ...(verifyAccessToken2(parsed, SECONDARY) ? ['secondary'] : []),
    ];
    return slots.join('+') || 'none';
  };
  const ready = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
    return (await response.json()) as { info: { config: { degraded: boolean } } };
  };
  const reloadMetrics = async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    return ['applied', 'rejected'].map((outcome) =>
      Number(
        new RegExp(`ata_config_reloads_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1],
      ),
    );
  };

  it('should flip the active certificate under load without failing a request', async () => {
    type Sample = { worker: number; sentAt: number; doneAt: number; status: number; slot: string };
    const samples: Sample[] = [];
    let running = true;
    const worker = async (id: number) => {
      while (running) {
        const sentAt = performance.now();
        const { status, token } = await issue();
        samples.push({
          worker: id,
          sentAt,
          doneAt: performance.now(),
          status,
          slot: token ? signedWith(token) : 'none',
        });
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    const settle = () => new Promise((done) => setTimeout(done, 400));
    try {
      await settle();
      // Primary → secondary: the file changes, SIGHUP applies it at once (the watcher, firing
      // after its debounce, then finds nothing new).
      const flip1 = performance.now();
      writeFileSync(join(mounted, `..v${version}`, 'active'), 'secondary\n');
      child.kill('SIGHUP');
      await waitForCount(
        /configuration reloaded \(SIGHUP\); active certificates: default: secondary/,
        1,
      );
      const applied1 = performance.now();
      await settle();
      // Secondary → primary: a Kubernetes-style symlink swap, no signal; the watcher sees it.
      const flip2 = performance.now();
      swapActive('primary\n');
      await waitForCount(
        /configuration reloaded \(file change\); active certificates: default: primary/,
        1,
      );
      const applied2 = performance.now();
      await settle();
      running = false;
      await Promise.all(workers);

      expect(samples.length).toBeGreaterThan(50);
      expect(samples.filter((s) => s.status !== 201)).toEqual([]);
      const slotsBetween = (from: number, to: number) =>
        new Set(samples.filter((s) => s.sentAt >= from && s.doneAt <= to).map((s) => s.slot));
      expect(slotsBetween(0, flip1)).toEqual(new Set(['primary']));
      expect(slotsBetween(applied1, flip2)).toEqual(new Set(['secondary']));
      expect(slotsBetween(applied2, Infinity)).toEqual(new Set(['primary']));
      // Per connection, in order: primary, then secondary, then primary again, never back and forth.
      for (const id of [0, 1, 2, 3]) {
        const sequence = samples.filter((s) => s.worker === id).map((s) => s.slot);
        const runs = sequence.filter((slot, i) => slot !== sequence[i - 1]);
        expect(runs).toEqual(['primary', 'secondary', 'primary']);
      }
      expect(await reloadMetrics()).toEqual([2, 0]);
      expect((await ready()).info.config).toEqual({ status: 'up', degraded: false });
    } finally {
      running = false;
      await Promise.all(workers);
    }
  });

  it('should keep the running certificates on an invalid reload, say so, and recover', async () => {
    swapActive('tertiary\n');
    child.kill('SIGHUP');
    await waitForCount(/reload \(SIGHUP\) rejected/, 1);
    expect(child.output()).toMatch(
      /AGORA_ACTIVE_CERTIFICATE_FILE: must be one of: primary, secondary/,
    );
    expect(child.output()).not.toContain('tertiary');
    const during = await issue();
    expect(during.status).toBe(201);
    expect(signedWith(during.token ?? '')).toBe('primary');
    expect((await ready()).info.config).toEqual({ status: 'up', degraded: true });
    expect(await reloadMetrics()).toEqual([2, 1]);

    swapActive('secondary\n');
    await waitForCount(/active certificates: default: secondary/, 2);
    expect((await ready()).info.config).toEqual({ status: 'up', degraded: false });
    const after = await issue();
    expect(signedWith(after.token ?? '')).toBe('secondary');
    expect(await reloadMetrics()).toEqual([3, 1]);
  });
});
