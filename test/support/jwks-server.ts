import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonWebKey } from 'node:crypto';

export interface JwksServer {
  readonly url: string;
  /** Requests served so far. */
  readonly requests: () => number;
  /** Replaces the published keys. */
  setKeys(keys: readonly JsonWebKey[]): void;
  /** Replaces the handler (slow, huge, redirecting responses...). */
  setHandler(handler: (request: IncomingMessage, response: ServerResponse) => void): void;
  /** Stops listening and drops open connections: the URL becomes unreachable. */
  stop(): Promise<void>;
}

/** A JWKS endpoint on 127.0.0.1 with a free port, for tests. */
export async function startJwksServer(
  initialKeys: readonly JsonWebKey[] = [],
): Promise<JwksServer> {
  let keys = initialKeys;
  let count = 0;
  let handler = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  };
  const server = createServer((request, response) => {
    count += 1;
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => count,
    setKeys: (next) => {
      keys = next;
    },
    setHandler: (next) => {
      handler = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
