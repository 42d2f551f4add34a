import { extname } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import {
  type AgoraProjectConfig,
  CERTIFICATE_SLOTS,
  HEX32_RULE,
  isHex32,
  PROJECT_NAME,
} from './agora-project';
import { type EnvReader, errorCode } from './env.validation';

const PROJECT_KEYS = ['name', 'appId', 'certificates', 'active', 'default'];

export type ProjectsFileResult =
  { readonly projects: readonly AgoraProjectConfig[] } | { readonly errors: readonly string[] };

/**
 * Reads and validates `AGORA_PROJECTS_FILE` (JSON, or YAML for any other extension):
 *
 * ```yaml
 * projects:            # or a top-level list
 *   - name: prod
 *     appId: "<32 hex>"
 *     certificates: { primary: "<32 hex>", secondary: "<32 hex>" }
 *     active: secondary   # default primary
 *     default: true       # at most one; else the first project is the default
 * ```
 *
 * Error messages name the project and field, never a value, and never quote the parser's message
 * (JSON and YAML parsers include a snippet of the input, which may be a certificate).
 */
export function readProjectsFile(env: Pick<EnvReader, 'read'>, path: string): ProjectsFileResult {
  let text: string;
  try {
    text = env.read(path);
  } catch (error) {
    const code = errorCode(error);
    return {
      errors: [code === 'EFBIG' ? 'is larger than 1048576 bytes' : `cannot be read (${code})`],
    };
  }
  let document: unknown;
  try {
    document =
      extname(path).toLowerCase() === '.json'
        ? JSON.parse(text)
        : loadYaml(text, { schema: CORE_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
    return { errors: [`is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}${where}`] };
  }
  return parseProjects(document);
}

/** Validates the parsed document; exported for tests. */
export function parseProjects(document: unknown): ProjectsFileResult {
  const list = isRecord(document) ? document.projects : document;
  if (isRecord(document) && Object.keys(document).some((key) => key !== 'projects')) {
    return { errors: ['must be a list of projects or an object with only `projects`'] };
  }
  if (!Array.isArray(list) || list.length === 0) {
    return { errors: ['must contain a non-empty list of projects'] };
  }
  const errors: string[] = [];
  const projects: AgoraProjectConfig[] = [];
  list.forEach((entry: unknown, index) => {
    const project = parseProject(entry, index, errors);
    if (project) {
      projects.push(project);
    }
  });
  checkUnique(projects, (p) => p.name, 'name', errors);
  checkUnique(projects, (p) => p.appId.toLowerCase(), 'appId', errors);
  const defaults = projects.filter((p) => p.isDefault);
  if (defaults.length > 1) {
    errors.push('more than one project has `default: true`');
  }
  if (errors.length > 0) {
    return { errors };
  }
  if (defaults.length === 0) {
    const [first, ...rest] = projects as [AgoraProjectConfig, ...AgoraProjectConfig[]];
    return { projects: [{ ...first, isDefault: true }, ...rest] };
  }
  return { projects };
}

function parseProject(entry: unknown, index: number, errors: string[]): AgoraProjectConfig | null {
  if (!isRecord(entry)) {
    errors.push(`projects[${index}]: must be an object`);
    return null;
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
    isHex32(value) || fail(field, `${HEX32_RULE}; quote it in YAML`);

  knownOnly(entry, PROJECT_KEYS);
  if (!named) {
    fail('name', 'must be 1-64 characters: letters, digits, ".", "_", "-" (not first)');
  }
  hex32(appId, 'appId');
  const certificates = isRecord(entry.certificates) ? entry.certificates : undefined;
  if (!certificates) {
    fail('certificates', 'must be an object with `primary` (and optionally `secondary`)');
  } else {
    knownOnly(certificates, CERTIFICATE_SLOTS, 'certificates.');
    hex32(certificates.primary, 'certificates.primary');
    const { primary, secondary } = certificates;
    if (secondary !== undefined && hex32(secondary, 'certificates.secondary') === true) {
      if (secondary === primary) {
        fail('certificates.secondary', 'must differ from certificates.primary');
      }
    }
  }
  if (active !== 'primary' && active !== 'secondary') {
    fail('active', 'must be "primary" or "secondary"');
  } else if (active === 'secondary' && certificates && certificates.secondary === undefined) {
    fail('active', 'is "secondary" but certificates.secondary is not set');
  }
  if (entry.default !== undefined && typeof entry.default !== 'boolean') {
    fail('default', 'must be true or false');
  }
  if (errors.length > before || !certificates) {
    return null;
  }
  const { primary, secondary } = certificates as { primary: string; secondary?: string };
  return {
    name: name as string,
    appId: appId as string,
    certificates: { primary, ...(secondary ? { secondary } : {}) },
    active: active === 'secondary' ? 'secondary' : 'primary',
    isDefault: entry.default === true,
  };
}

function checkUnique(
  projects: readonly AgoraProjectConfig[],
  key: (project: AgoraProjectConfig) => string,
  field: string,
  errors: string[],
): void {
  const seen = new Set<string>();
  for (const project of projects) {
    if (seen.has(key(project))) {
      errors.push(`project "${project.name}" ${field}: is used by another project too`);
    }
    seen.add(key(project));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
