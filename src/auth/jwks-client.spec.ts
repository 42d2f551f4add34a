import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JwksSource } from '../config/auth.config';
import { JwksClient, JwksUnavailableError, parseJwks } from './jwks-client';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const rsaJwk = (kid: string): JsonWebKey => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }),
  kid,
  alg: 'RS256',
  use: 'sig',
});
const ecJwk = (kid: string): JsonWebKey => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  kid,
});

const RSA = rsaJwk('rsa-1');
const EC = ecJwk('ec-1');

describe(JwksClient.name, () => {
  let server: Server;
  let url: string;
  let requests: string[];
  let handler: Handler;
  let keys: JsonWebKey[];
  let clock: number;
  let outcomes: Array<{ ok: boolean; reason?: string }>;

  const serveKeys: Handler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  };

  const client = (options: Partial<JwksSource> = {}) =>
    new JwksClient(
      {
        kind: 'jwks',
        url,
        timeoutMs: 300,
        cooldownSeconds: 30,
        maxBytes: 64 * 1024,
        cacheTtlSeconds: 600,
        maxStaleSeconds: 86_400,
        ...options,
      },
      { now: () => clock, onFetch: (outcome) => outcomes.push(outcome) },
    );

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    // fetch's first request loads undici (slow on a busy machine); the 300 ms bound below is meant
    // for the server's answers only.
    [requests, handler, keys] = [[], serveKeys, []];
    await (await fetch(url)).text();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
    keys = [RSA, EC];
    handler = serveKeys;
    clock = 1_000_000;
    outcomes = [];
  });

  describe('caching', () => {
    it('should fetch once and serve known kids from the cache', async () => {
      const jwks = client();
      expect((await jwks.getKey('rsa-1'))?.algorithms).toEqual(['RS256']);
      expect((await jwks.getKey('ec-1'))?.algorithms).toEqual(['ES256']);
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      expect(requests).toHaveLength(1);
      expect(outcomes).toEqual([{ ok: true, keys: 2 }]);
    });

    it('should share one fetch between concurrent callers', async () => {
      const jwks = client();
      const results = await Promise.all([
        jwks.getKey('rsa-1'),
        jwks.getKey('ec-1'),
        jwks.getKey('nope'),
      ]);
      expect(results.map((key) => key?.kid)).toEqual(['rsa-1', 'ec-1', undefined]);
      expect(requests).toHaveLength(1);
    });

    it('should use the only key for a token without kid, and no key when there are several', async () => {
      keys = [RSA];
      const single = client();
      expect((await single.getKey(undefined))?.kid).toBe('rsa-1');
      keys = [RSA, EC];
      expect(await client().getKey(undefined)).toBeUndefined();
    });

    it('should refetch before answering once the TTL has passed, so a removed kid stops working', async () => {
      const jwks = client({ cacheTtlSeconds: 60, cooldownSeconds: 1 });
      await jwks.getKey('rsa-1');
      keys = [EC];
      clock += 59_999;
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      expect(requests).toHaveLength(1);
      clock += 1;
      expect(await jwks.getKey('rsa-1')).toBeUndefined();
      expect(await jwks.getKey('ec-1')).toBeDefined();
      expect(requests).toHaveLength(2);
    });

    it('should share the refetch after the TTL between concurrent callers', async () => {
      const jwks = client({ cacheTtlSeconds: 60, cooldownSeconds: 1 });
      await jwks.getKey('rsa-1');
      clock += 60_000;
      const found = await Promise.all([jwks.getKey('rsa-1'), jwks.getKey('ec-1')]);
      expect(found.map((key) => key?.kid)).toEqual(['rsa-1', 'ec-1']);
      expect(requests).toHaveLength(2);
    });
  });

  describe('cooldown', () => {
    it('should refetch for an unknown kid at most once per cooldown', async () => {
      const jwks = client();
      await jwks.getKey('rsa-1');
      expect(await jwks.getKey('unknown-1')).toBeUndefined();
      expect(await jwks.getKey('unknown-2')).toBeUndefined();
      expect(requests).toHaveLength(1);

      clock += 30_000;
      expect(await jwks.getKey('unknown-3')).toBeUndefined();
      expect(requests).toHaveLength(2);
    });

    it('should find a rotated key once the cooldown allows a refetch', async () => {
      const jwks = client({ cooldownSeconds: 5 });
      await jwks.getKey('rsa-1');
      keys = [RSA, EC, ecJwk('ec-2')];
      expect(await jwks.getKey('ec-2')).toBeUndefined();
      clock += 5000;
      expect((await jwks.getKey('ec-2'))?.algorithms).toEqual(['ES256']);
    });
  });

  describe('bounds', () => {
    it('should give up after the timeout, headers or body', async () => {
      handler = () => undefined; // never answers
      await expect(client().getKey('rsa-1')).rejects.toBeInstanceOf(JwksUnavailableError);

      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keys": ['); // and never finishes
      };
      await expect(client().getKey('rsa-1')).rejects.toBeInstanceOf(JwksUnavailableError);
      expect(outcomes).toEqual([
        { ok: false, reason: 'timed out' },
        { ok: false, reason: 'timed out' },
      ]);
    });

    it('should refuse a body over the size bound, declared or streamed', async () => {
      const big = JSON.stringify({ keys, padding: 'x'.repeat(2048) });
      handler = (_request, response) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(big),
        });
        response.end(big);
      };
      await expect(client({ maxBytes: 1024 }).getKey('rsa-1')).rejects.toBeInstanceOf(
        JwksUnavailableError,
      );

      handler = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }); // chunked, no length
        for (let i = 0; i < 8; i += 1) {
          response.write(' '.repeat(512));
        }
        response.end(JSON.stringify({ keys }));
      };
      await expect(client({ maxBytes: 1024 }).getKey('rsa-1')).rejects.toBeInstanceOf(
        JwksUnavailableError,
      );
      expect(outcomes).toEqual([
        { ok: false, reason: 'body larger than 1024 bytes' },
        { ok: false, reason: 'body larger than 1024 bytes' },
      ]);
    });

    it('should refuse to follow a redirect', async () => {
      handler = (request, response) => {
        if (request.url === '/jwks') {
          response.writeHead(302, { location: '/elsewhere' });
          response.end();
        } else {
          serveKeys(request, response);
        }
      };
      await expect(client().getKey('rsa-1')).rejects.toBeInstanceOf(JwksUnavailableError);
      expect(requests).toEqual(['/jwks']);
      expect(outcomes).toEqual([{ ok: false, reason: expect.stringMatching(/redirect/) }]);
    });

    it.each([
      [
        'an HTTP error',
        (_q: IncomingMessage, r: ServerResponse) => r.writeHead(500).end('{"keys":[]}'),
        'HTTP 500',
      ],
      [
        'a body that is not JSON',
        (_q: IncomingMessage, r: ServerResponse) => r.end('<html>'),
        'body is not JSON',
      ],
      [
        'a JSON body that is not a key set',
        (_q: IncomingMessage, r: ServerResponse) => r.end('{"k":[]}'),
        'body is not a JWK set',
      ],
      [
        'a key set without usable keys',
        (_q: IncomingMessage, r: ServerResponse) =>
          r.end('{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}'),
        'JWK set has no usable signing key',
      ],
    ])('should treat %s as a failed fetch', async (_case, failing, reason) => {
      handler = failing;
      await expect(client().getKey('rsa-1')).rejects.toBeInstanceOf(JwksUnavailableError);
      expect(outcomes).toEqual([{ ok: false, reason }]);
    });
  });

  describe('outage', () => {
    it('should keep serving cached keys and answer unavailable for unknown kids', async () => {
      const jwks = client({ cooldownSeconds: 10 });
      expect(await jwks.ready()).toBe(true);
      handler = (request) => request.socket.destroy(); // connection dropped: the URL is "down"

      clock += 10_000;
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      const error = await jwks.getKey('rotated').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect((error as JwksUnavailableError).retryAfterSeconds).toBe(10);

      // Within the cooldown no new fetch is tried; Retry-After counts down.
      clock += 4000;
      const again = await jwks.getKey('rotated').catch((caught: unknown) => caught);
      expect((again as JwksUnavailableError).retryAfterSeconds).toBe(6);
      expect(requests).toHaveLength(2);
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      expect(await jwks.ready()).toBe(true);
    });

    it('should stop serving cached keys once the last good fetch is older than maxStaleSeconds', async () => {
      const jwks = client({ cooldownSeconds: 10, cacheTtlSeconds: 60, maxStaleSeconds: 3600 });
      expect(await jwks.ready()).toBe(true);
      handler = (request) => request.socket.destroy();

      clock += 3_599_999;
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      expect(await jwks.ready()).toBe(true);
      clock += 1;
      const error = await jwks.getKey('rsa-1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect(await jwks.ready()).toBe(false);

      // The URL is back: the next fetch (after the cooldown) restores the keys.
      handler = serveKeys;
      clock += 10_000;
      expect(await jwks.getKey('rsa-1')).toBeDefined();
      expect(await jwks.ready()).toBe(true);
    });

    it('should not be ready when no key was ever fetched', async () => {
      handler = (request) => request.socket.destroy();
      expect(await client().ready()).toBe(false);
    });
  });
});

describe(parseJwks.name, () => {
  it('should import RSA and EC signing keys', () => {
    const parsed = parseJwks({ keys: [RSA, EC] });
    expect(parsed.map((key) => [key.kid, key.key.asymmetricKeyType, key.algorithms])).toEqual([
      ['rsa-1', 'rsa', ['RS256']],
      ['ec-1', 'ec', ['ES256']],
    ]);
  });

  it('should offer every RSA algorithm when the key does not pin one', () => {
    const unpinned = { ...RSA };
    delete unpinned.alg;
    expect(parseJwks({ keys: [unpinned] })[0]?.algorithms).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ]);
  });

  it('should import only the public part of a published private key', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    });
    const [key] = parseJwks({ keys: [{ ...jwk, kid: 'leaked' }] });
    expect(key?.key.type).toBe('public');
  });

  it.each([
    ['symmetric (oct)', { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ', kid: 'hmac' }],
    ['an encryption key', { ...ecJwk('enc'), use: 'enc' }],
    ['a key without verify in key_ops', { ...ecJwk('ops'), key_ops: ['encrypt'] }],
    ['a key pinned to HS256', { ...ecJwk('hs'), alg: 'HS256' }],
    ['a key pinned to an algorithm it cannot verify', { ...ecJwk('mismatch'), alg: 'RS256' }],
    [
      'an Ed25519 key (no EdDSA in jsonwebtoken)',
      { ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid: 'ed' },
    ],
    [
      'an X25519 key',
      { ...generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }), kid: 'x' },
    ],
    [
      'an RSA key below 2048 bits',
      {
        ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }),
        kid: 'small',
      },
    ],
    ['a numeric kid', { ...ecJwk('n'), kid: 7 }],
    ['garbage', { kty: 'RSA', n: 'AQAB', e: 42 }],
  ])('should skip %s', (_case, jwk) => {
    expect(parseJwks({ keys: [jwk, RSA] }).map((key) => key.kid)).toEqual(['rsa-1']);
  });

  it('should keep the first of two keys with the same kid', () => {
    const other = rsaJwk('rsa-1');
    const [key, ...rest] = parseJwks({ keys: [RSA, other] });
    expect(rest).toHaveLength(0);
    expect(key?.key.export({ format: 'jwk' }).n).toBe(RSA.n);
  });
});
