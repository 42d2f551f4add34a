import { extname } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isRecord } from '../common/is-record';
import { check, errorCode, readConfigFile } from './env.validation';

export type CertificateSlot = 'primary' | 'secondary';

export const CERTIFICATE_SLOTS: readonly CertificateSlot[] = ['primary', 'secondary'];

/** One Agora project as configured (single-project variables or `AGORA_PROJECTS_FILE`). */
export interface AgoraProjectConfig {
  /** What clients pass as `project`; `default` for the single-project variables. */
  readonly name: string;
  readonly appId: string;
  readonly certificates: { readonly primary: string; readonly secondary?: string };
  /** Signs new tokens; inspect verifies against all of them. */
  readonly active: CertificateSlot;
  readonly isDefault: boolean;
}

/** Nothing is trimmed: a trailing newline would become part of the HMAC key. */
export const isHex32 = (value: unknown): value is string =>
  typeof value === 'string' && /^[0-9a-fA-F]{32}$/.test(value);

export const HEX32 = check(
  'must be exactly 32 hex characters (nothing is trimmed: check for a trailing newline or spaces)',
  isHex32,
);

export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type ProjectsFileResult =
  { readonly projects: readonly AgoraProjectConfig[] } | { readonly errors: readonly string[] };

/** JSON, or YAML for any other extension. Errors never quote the parser (it quotes the input). */
export function readProjectsFile(path: string): ProjectsFileResult {
  const json = extname(path).toLowerCase() === '.json';
  let document: unknown;
  try {
    const text = readConfigFile(path);
    try {
      document = json ? JSON.parse(text) : loadYaml(text, { schema: CORE_SCHEMA });
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
      return { errors: [`is not valid ${json ? 'JSON' : 'YAML'}${where}`] };
    }
  } catch (error) {
    const code = errorCode(error);
    return {
      errors: [code === 'EFBIG' ? 'is larger than 1048576 bytes' : `cannot be read (${code})`],
    };
  }
  return parseProjects(document);
}

export function parseProjects(document: unknown): ProjectsFileResult {
  const list = isRecord(document) ? document.projects : document;
  if (isRecord(document) && Object.keys(document).some((key) => key !== 'projects')) {
    return { errors: ['must be a list of projects or an object with only `projects`'] };
  }
  if (!Array.isArray(list) || list.length === 0) {
    return { errors: ['must contain a non-empty list of projects'] };
  }
  const errors: string[] = [];
  const projects = list.flatMap((entry: unknown, index) => parseProject(entry, index, errors));
  for (const field of ['name', 'appId'] as const) {
    const key = (p: AgoraProjectConfig) => (field === 'name' ? p.name : p.appId.toLowerCase());
    projects
      .filter((p, i) => projects.findIndex((q) => key(q) === key(p)) < i)
      .forEach((p) => errors.push(`project "${p.name}" ${field}: is used by another project too`));
  }
  const defaults = projects.filter((p) => p.isDefault).length;
  if (defaults > 1) {
    errors.push('more than one project has `default: true`');
  }
  if (errors.length > 0) {
    return { errors };
  }
  return {
    projects: projects.map((p, i) => (i === 0 && defaults === 0 ? { ...p, isDefault: true } : p)),
  };
}

function parseProject(entry: unknown, index: number, errors: string[]): AgoraProjectConfig[] {
  if (!isRecord(entry)) {
    errors.push(`projects[${index}]: must be an object`);
    return [];
  }
  const { name, appId, active = 'primary' } = entry;
  const named = typeof name === 'string' && PROJECT_NAME.test(name);
  const before = errors.length;
  const fail = (field: string, rule: string) =>
    errors.push(`${named ? `project "${name}"` : `projects[${index}]`} ${field}: ${rule}`);
  const knownOnly = (record: Record<string, unknown>, known: readonly string[], prefix = '') =>
    Object.keys(record)
      .filter((key) => !known.includes(key))
      .forEach((key) => fail(prefix + key, `is not a known field (${known.join(', ')})`));
  const hex32 = (value: unknown, field: string) =>
    isHex32(value) || fail(field, `${HEX32.message}; quote it in YAML`);

  knownOnly(entry, ['name', 'appId', 'certificates', 'active', 'default']);
  if (!named) {
    fail('name', 'must be 1-64 characters: letters, digits, ".", "_", "-" (not first)');
  }
  hex32(appId, 'appId');
  const certificates = isRecord(entry.certificates) ? entry.certificates : undefined;
  const { primary, secondary }: Record<string, unknown> = certificates ?? {};
  if (!certificates) {
    fail('certificates', 'must be an object with `primary` (and optionally `secondary`)');
  } else {
    knownOnly(certificates, CERTIFICATE_SLOTS, 'certificates.');
    hex32(primary, 'certificates.primary');
    if (secondary !== undefined && hex32(secondary, 'certificates.secondary') === true) {
      if (secondary === primary) {
        fail('certificates.secondary', 'must differ from certificates.primary');
      }
    }
  }
  if (active !== 'primary' && active !== 'secondary') {
    fail('active', 'must be "primary" or "secondary"');
  } else if (active === 'secondary' && certificates && secondary === undefined) {
    fail('active', 'is "secondary" but certificates.secondary is not set');
  }
  if (entry.default !== undefined && typeof entry.default !== 'boolean') {
    fail('default', 'must be true or false');
  }
  if (errors.length > before || !certificates) {
    return [];
  }
  return [
    {
      name: name as string,
      appId: appId as string,
      certificates: {
        primary: primary as string,
        ...(secondary ? { secondary: secondary as string } : {}),
      },
      active: active === 'secondary' ? 'secondary' : 'primary',
      isDefault: entry.default === true,
    },
  ];
}
