import { createServer } from 'node:net';
import type { MetricsConfig } from '../config/metrics.config';
import { bearerMatches, MetricsServer } from './metrics-server';
import type { MetricsService } from './metrics.service';

const TOKEN = 'scrape-token-0123456789';

describe(MetricsServer.name, () => {
  const servers: MetricsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.onApplicationShutdown()));
  });

  const metrics = {
    exposition: () => Promise.resolve('ata_up 1\n'),
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
  } as unknown as MetricsService;

  async function start(config: Partial<MetricsConfig> = {}) {
    const server = new MetricsServer(
      { port: 0, host: '127.0.0.1', token: undefined, ...config },
      metrics,
    );
    servers.push(server);
    const address = await server.start();
    return { server, url: address ? `http://127.0.0.1:${address.port}` : '' };
  }

  it('should serve the exposition on GET /metrics, on a port of its own', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toBe('ata_up 1\n');
  });

  it('should answer 404 elsewhere and 405 to other methods', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics/x`)).status).toBe(404);
    const post = await fetch(`${url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('should require the bearer token when METRICS_TOKEN is set', async () => {
    const { url } = await start({ token: TOKEN });
    const scrape = (authorization?: string) =>
      fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
    const refused = await scrape();
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain('ata_up');
    expect((await scrape(`Bearer ${TOKEN.slice(0, -1)}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    const allowed = await scrape(`Bearer ${TOKEN}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe('ata_up 1\n');
  });

  it('should not listen at all with METRICS_PORT=off', async () => {
    const { server } = await start({ port: null });
    await expect(server.listening()).resolves.toBeNull();
  });

  it('should start once, and report the address to whoever waits for it', async () => {
    const { server } = await start();
    const [first, second] = await Promise.all([server.start(), server.listening()]);
    expect(first).toBe(second);
    expect(first?.port).toBeGreaterThan(0);
  });

  it('should reject listening() when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const server = new MetricsServer({ port, host: '127.0.0.1', token: undefined }, metrics);
      await expect(server.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await expect(server.listening()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      blocker.close();
    }
  });

  it('should stop listening on shutdown, even with a keep-alive scraper connected', async () => {
    const { server, url } = await start();
    await fetch(`${url}/metrics`, { keepalive: true });
    await server.onApplicationShutdown();
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  });
});

describe(bearerMatches.name, () => {
  const token = 'metrics-token-0123456789';

  it('should accept the exact token, with the scheme in any case', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another token', 'Bearer metrics-token-0123456780'],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${token}x`],
    ['the token without the scheme', token],
    ['another scheme', `Basic ${token}`],
    ['two tokens', `Bearer ${token} ${token}`],
  ])('should refuse %s', (_case, header) => {
    expect(bearerMatches(header, token)).toBe(false);
  });
});
