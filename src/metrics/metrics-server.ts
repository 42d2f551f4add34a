import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type MetricsConfig, metricsConfig } from '../config/metrics.config';
import { MetricsService } from './metrics.service';

/** Prometheus scrapes take well under a second; anything slower is a stuck client. */
const SCRAPE_TIMEOUT_MS = 10_000;

/** `GET /metrics` on its own port, so it can stay private; METRICS_TOKEN requires a bearer. */
@Injectable()
export class MetricsServer implements OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;
  private started: Promise<AddressInfo | null> | undefined;
  private settle!: (started: Promise<AddressInfo | null>) => void;
  private readonly whenStarted = new Promise<AddressInfo | null>((resolve) => {
    this.settle = resolve;
  });

  constructor(
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
    private readonly metrics: MetricsService,
  ) {
    // Awaited by whoever needs the outcome (main.ts, tests); never an unhandled rejection.
    this.whenStarted.catch(() => undefined);
  }

  /** Starts serving (once). Resolves with the bound address, or null with METRICS_PORT=off. */
  start(): Promise<AddressInfo | null> {
    this.started ??= this.listen();
    this.settle(this.started);
    return this.started;
  }

  /** The bound address (the port for METRICS_PORT=0), null when off; rejects if binding failed. */
  listening(): Promise<AddressInfo | null> {
    return this.whenStarted;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server?.listening) {
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Prometheus keeps its connection alive between scrapes.
    server.closeAllConnections();
    await closed;
  }

  private async listen(): Promise<AddressInfo | null> {
    const { port, host, token } = this.config;
    if (port === null) {
      return null;
    }
    const server = createServer((request, response) => void this.handle(request, response));
    server.requestTimeout = SCRAPE_TIMEOUT_MS;
    server.headersTimeout = SCRAPE_TIMEOUT_MS;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      const fail = (error: NodeJS.ErrnoException) => {
        // Names the variables to check; keeps the code (EADDRINUSE...) for callers.
        const message = `metrics server (METRICS_PORT, METRICS_HOST): ${error.message}`;
        reject(Object.assign(new Error(message), { code: error.code }));
      };
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const auth = token === undefined ? 'no token' : 'bearer token required';
    this.logger.log(`metrics on http://${host}:${address.port}/metrics (${auth})`);
    return address;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== '/metrics') {
      return end(response, 404, 'not found\n');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return end(response, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    const { token } = this.config;
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      return end(response, 401, 'unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    try {
      const body = await this.metrics.exposition();
      end(response, 200, request.method === 'HEAD' ? '' : body, {
        'content-type': this.metrics.contentType,
      });
    } catch (error) {
      this.logger.warn(
        `metrics collection failed: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
      end(response, 500, 'metrics unavailable\n');
    }
  }
}

/** Constant time: both sides hashed first, so no comparison or length mismatch leaks a guess. */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer +(\S+)$/i.exec(authorization ?? '');
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(expected)) && match !== null;
}

function end(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(body);
}
