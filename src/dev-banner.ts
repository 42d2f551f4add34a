import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEV_CALLER, devClaims, mintDevJwt } from './auth/dev-jwt';
import { type AppConfig, appConfig } from './config/app.config';
import { type AuthConfig, authConfig } from './config/auth.config';
import { type PolicyConfig, policyConfig } from './config/policy.config';

/** The sample request the banner's curl sends; it matches the `POST /v1/tokens/rtc` contract. */
const DEMO_UID = DEV_CALLER.uid;
export const DEMO_RTC_REQUEST = { channel: 'demo-room', uid: DEMO_UID, role: 'publisher' } as const;

/** What `npm start` prints in development: Swagger's address, a dev JWT and a working curl. */
export function devBannerText(input: {
  readonly baseUrl: string;
  readonly swaggerEnabled: boolean;
  readonly auth: AuthConfig;
  readonly policy: PolicyConfig;
}): string {
  const { baseUrl, swaggerEnabled, auth, policy } = input;
  const lines = ['', 'Agora Token Authority (development)'];
  if (swaggerEnabled) {
    lines.push(`  Swagger UI: ${baseUrl}/docs`);
  }
  if (auth.keys.kind !== 'secret') {
    lines.push(
      '  Caller JWTs are verified with public keys: no development JWT can be minted here.',
    );
    return `${lines.join('\n')}\n\n`;
  }
  const ttlSeconds = Math.min(86_400, auth.maxJwtLifetimeSeconds);
  const jwt = mintDevJwt({
    secret: auth.keys.key,
    issuer: auth.issuer,
    audience: auth.audience,
    ttlSeconds,
    claims: devClaims(policy.claims),
  });
  const { uid, account, channels, scopes } = DEV_CALLER;
  lines.push(
    `  Development JWT (HS256, valid ${ttlSeconds} s; uid ${uid}, account ${account}, channels ${channels.join(',')}, scope "${scopes.join(' ')}"):`,
    `    ${jwt}`,
    '  Try it:',
    `    curl -sS -X POST '${baseUrl}/v1/tokens/rtc' -H 'Authorization: Bearer ${jwt}' -H 'Content-Type: application/json' -d '${JSON.stringify(DEMO_RTC_REQUEST)}'`,
    '  Other development JWTs: npx agora-token-authority dev-jwt --help',
  );
  return `${lines.join('\n')}\n\n`;
}

/** Wildcard hosts as an address a browser or curl can reach. */
const LOOPBACK = new Map([
  ['0.0.0.0', '127.0.0.1'],
  ['::', '[::1]'],
]);

/** The banner for a listening app. */
export function devBanner(app: NestFastifyApplication): string {
  const { host, swaggerEnabled } = app.get<AppConfig>(appConfig.KEY);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const shown = LOOPBACK.get(host) ?? (host.includes(':') ? `[${host}]` : host);
  return devBannerText({
    baseUrl: `http://${shown}:${port}`,
    swaggerEnabled,
    auth: app.get<AuthConfig>(authConfig.KEY),
    policy: app.get<PolicyConfig>(policyConfig.KEY),
  });
}
