import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mintDevJwt } from '../auth/dev-jwt';
import { parseFlags, UsageError, type Flags } from './args';
import { EXIT_OK, type CliIo } from './io';

export const DEV_JWT_USAGE = `Usage: agora-token dev-jwt [options]

Mints a development HS256 JWT for the local service and prints it with a newline.

Options:
  --claims JSON        extra claims (a JSON object), applied over the defaults
  --sub S              subject (default "dev-user")
  --uid N              agora_uid claim (default 1001)
  --channels a,b       agora_channels claim (default "demo-*")
  --scope "s1 s2"      scope claim (default "rtc:publish tokens:inspect")
  --ttl SECONDS        lifetime (default 3600)
  --secret S           HS256 secret (default: env AUTH_JWT_SECRET, then the jwtSecret of
                       .agora-dev/credentials.json in the current directory)
  -h, --help           show this help

Issuer and audience: env AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE, else the credentials file,
else agora-token-authority-dev / agora-token-authority. iss, aud, iat and exp are always set
from these and --ttl, whatever --claims says.
`;

const CREDENTIALS_FILE = join('.agora-dev', 'credentials.json');
const DEFAULT_ISSUER = 'agora-token-authority-dev';
const DEFAULT_AUDIENCE = 'agora-token-authority';

interface DevCredentials {
  jwtSecret: string;
  issuer?: string;
  audience?: string;
}

/** `agora-token dev-jwt`: a JWT the local service accepts, for curl and manual testing. */
export async function devJwtCommand(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    claims: 'string',
    sub: 'string',
    uid: 'string',
    channels: 'string',
    scope: 'string',
    ttl: 'string',
    secret: 'string',
  });
  if (flags.has('help')) {
    io.stdout(DEV_JWT_USAGE);
    return EXIT_OK;
  }
  if (flags.positionals.length > 0) {
    throw new UsageError('dev-jwt takes no positional arguments');
  }
  const claims = claimsFrom(flags);
  const ttlSeconds = flags.uint('ttl', { min: 1 }) ?? 3600;
  // The credentials file is read only when it is needed, so a broken one cannot block --secret.
  const explicit = flags.text('secret') || io.env.AUTH_JWT_SECRET;
  const fromFile = explicit ? undefined : await readCredentials(io);
  const secret = explicit || fromFile?.jwtSecret;
  if (!secret) {
    throw new UsageError(
      `no JWT secret: pass --secret, set AUTH_JWT_SECRET, or create ${CREDENTIALS_FILE} ` +
        '(the service writes it when it starts in development with no AUTH_JWT_* settings)',
    );
  }
  const token = mintDevJwt({
    secret,
    issuer: io.env.AUTH_JWT_ISSUER || fromFile?.issuer || DEFAULT_ISSUER,
    audience: io.env.AUTH_JWT_AUDIENCE || fromFile?.audience || DEFAULT_AUDIENCE,
    claims,
    ttlSeconds,
  });
  io.stdout(`${token}\n`);
  return EXIT_OK;
}

function claimsFrom(flags: Flags): Record<string, unknown> {
  let claims: Record<string, unknown> = {
    sub: 'dev-user',
    agora_uid: 1001,
    agora_channels: ['demo-*'],
    scope: 'rtc:publish tokens:inspect',
  };
  const extra = flags.text('claims');
  if (extra !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(extra);
    } catch {
      throw new UsageError('--claims is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError('--claims must be a JSON object');
    }
    // jsonwebtoken looks claim names up in a plain object, so these two would break signing.
    if (Object.hasOwn(parsed, '__proto__') || Object.hasOwn(parsed, 'constructor')) {
      throw new UsageError('--claims cannot name __proto__ or constructor');
    }
    claims = { ...claims, ...parsed };
  }
  const channels = flags.text('channels');
  return {
    ...claims,
    ...(flags.has('sub') && { sub: flags.text('sub') }),
    ...(flags.has('uid') && { agora_uid: flags.uint('uid', { min: 1 }) }),
    ...(channels !== undefined && { agora_channels: channels.split(',').filter(Boolean) }),
    ...(flags.has('scope') && { scope: flags.text('scope') }),
  };
}

/** The development credentials file, if there is one; a broken file is a usage error. */
async function readCredentials(io: CliIo): Promise<DevCredentials | undefined> {
  let text: string;
  try {
    text = await readFile(join(io.cwd, CREDENTIALS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${CREDENTIALS_FILE} is not valid JSON`);
  }
  const record = (typeof parsed === 'object' && parsed) as Partial<Record<string, unknown>>;
  const { jwtSecret, issuer, audience } = record || {};
  if (typeof jwtSecret !== 'string' || jwtSecret === '') {
    throw new UsageError(`${CREDENTIALS_FILE} has no jwtSecret string`);
  }
  const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { jwtSecret, issuer: optional(issuer), audience: optional(audience) };
}
