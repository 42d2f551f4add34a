import { devClaims, mintDevJwt } from '../auth/dev-jwt';
import { DEV_CREDENTIALS_PATH, readDevCredentials } from '../config/dev-credentials';
import { EXIT, parseFlags, PROGRAM, usage, UsageError, type CliIo } from './command';

export const DEV_JWT_USAGE = `Usage: ${PROGRAM} dev-jwt [options]

Mints a development HS256 JWT for the local service and prints it with a newline.

Options:
  --claims JSON        extra claims (a JSON object), applied over the defaults
  --sub S              subject (default "dev-user")
  --uid N              agora_uid claim (default 1001)
  --channels a,b       agora_channels claim (default "demo-*")
  --scope "s1 s2"      scope claim (default "rtc:publish tokens:inspect rtm:permissions
                       chat:app"); agora_account is "alice" unless --claims says otherwise
  --ttl SECONDS        lifetime (default 3600); at most what the service accepts:
                       env AUTH_MAX_JWT_LIFETIME_SECONDS, else 86400 (also caps the default)
  --secret S           HS256 secret (default: env AUTH_JWT_SECRET, then the jwtSecret of
                       ${DEV_CREDENTIALS_PATH} in the current directory)
  --json               print {"jwt": "..."}; errors as {"error": {"code", "message"}}
  -h, --help           show this help

Issuer and audience: env AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE, else the credentials file,
else agora-token-authority-dev / agora-token-authority. iss, aud, iat and exp are always set
from these and --ttl, whatever --claims says.
`;

/** `dev-jwt`: a JWT the local service accepts, for curl and manual testing. */
export function devJwtCommand(args: readonly string[], io: CliIo): number {
  const names = ['claims', 'sub', 'uid', 'channels', 'scope', 'ttl', 'secret', 'json'];
  const flags = parseFlags(args, names);
  if (flags.has('help')) {
    io.stdout(DEV_JWT_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length > 0) {
    throw new UsageError('dev-jwt takes no positional arguments');
  }
  const extra = flags.text('claims');
  const channels = flags.text('channels');
  const claims = {
    ...devClaims(),
    ...(extra !== undefined && parseClaims(extra)),
    ...(flags.has('sub') && { sub: flags.text('sub') }),
    ...(flags.has('uid') && { agora_uid: flags.uint('uid', 1) }),
    ...(channels !== undefined && { agora_channels: channels.split(',').filter(Boolean) }),
    ...(flags.has('scope') && { scope: flags.text('scope') }),
  };
  // The service's limit; 86400 is its default (src/config/auth.config.ts).
  const configured = io.env.AUTH_MAX_JWT_LIFETIME_SECONDS ?? '';
  const maxLifetime = /^[1-9][0-9]*$/.test(configured) ? Number(configured) : 86_400;
  const ttlSeconds = flags.uint('ttl', 1) ?? Math.min(3600, maxLifetime);
  if (ttlSeconds > maxLifetime) {
    // The service refuses a JWT whose exp - iat exceeds this: better said now than as a 401.
    throw new UsageError(
      `--ttl ${ttlSeconds} exceeds the ${maxLifetime} seconds the service accepts ` +
        '(AUTH_MAX_JWT_LIFETIME_SECONDS)',
      'JWT_LIFETIME_TOO_LONG',
    );
  }
  // The credentials file is read only when it is needed, so a broken one cannot block --secret.
  const explicit = flags.text('secret') || io.env.AUTH_JWT_SECRET;
  const fromFile = explicit ? undefined : readDevCredentials(io.cwd);
  const secret =
    explicit ||
    fromFile?.jwtSecret ||
    usage(
      `no JWT secret: pass --secret, set AUTH_JWT_SECRET, or let ${DEV_CREDENTIALS_PATH} hold ` +
        'one (the service writes it when it starts in development with no AUTH_JWT_* settings)',
    );
  const token = mintDevJwt({
    secret,
    issuer: io.env.AUTH_JWT_ISSUER || fromFile?.issuer || 'agora-token-authority-dev',
    audience: io.env.AUTH_JWT_AUDIENCE || fromFile?.audience || 'agora-token-authority',
    claims,
    ttlSeconds,
  });
  io.stdout(flags.has('json') ? `${JSON.stringify({ jwt: token })}\n` : `${token}\n`);
  return EXIT.ok;
}

function parseClaims(text: string): object {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
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
  return parsed;
}
