import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from './env.validation';
import { loadConfig as validate } from './load-config';
import { parseProjects, readProjectsFile } from './projects-file';

const A = '0123456789abcdef0123456789abcd01';
const B = '0123456789abcdef0123456789abcd02';
const C1 = 'abcdef0123456789abcdef0123456701';
const C2 = 'abcdef0123456789abcdef0123456702';

describe(readProjectsFile.name, () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'projects-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should read YAML with rotation and a marked default', () => {
    const path = write(
      'projects.yaml',
      [
        'projects:',
        '  - name: staging',
        `    appId: "${A}"`,
        `    certificates: { primary: "${C1}" }`,
        '  - name: prod',
        `    appId: "${B}"`,
        '    certificates:',
        `      primary: "${C1}"`,
        `      secondary: "${C2}"`,
        '    active: secondary',
        '    default: true',
      ].join('\n'),
    );
    expect(readProjectsFile(path)).toEqual({
      projects: [
        {
          name: 'staging',
          appId: A,
          certificates: { primary: C1 },
          active: 'primary',
          isDefault: false,
        },
        {
          name: 'prod',
          appId: B,
          certificates: { primary: C1, secondary: C2 },
          active: 'secondary',
          isDefault: true,
        },
      ],
    });
  });

  it('should read a JSON list and make the first project the default', () => {
    const path = write(
      'projects.json',
      JSON.stringify([
        { name: 'one', appId: A, certificates: { primary: C1 } },
        { name: 'two', appId: B, certificates: { primary: C2 } },
      ]),
    );
    const result = readProjectsFile(path);
    expect('projects' in result && result.projects.map((p) => [p.name, p.isDefault])).toEqual([
      ['one', true],
      ['two', false],
    ]);
  });

  it('should refuse a certificate with a trailing newline, naming file and project, not the value', () => {
    const path = write(
      'newline.yaml',
      ['- name: prod', `  appId: "${A}"`, '  certificates:', '    primary: |', `      ${C1}`].join(
        '\n',
      ),
    );
    let error: unknown;
    try {
      validate({ AGORA_PROJECTS_FILE: path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    expect(message).toContain(
      `AGORA_PROJECTS_FILE: (${path}) project "prod" certificates.primary:`,
    );
    expect(message).not.toContain(C1);
  });

  it('should refuse an unquoted numeric App ID (YAML reads it as a number)', () => {
    const path = write(
      'numeric.yaml',
      [
        '- name: p',
        '  appId: 12345678901234567890123456789012',
        `  certificates: { primary: "${C1}" }`,
      ].join('\n'),
    );
    expect(readProjectsFile(path)).toEqual({
      errors: [expect.stringMatching(/^project "p" appId: .*quote it in YAML/)],
    });
  });

  it('should report a syntax error by position without quoting the file', () => {
    const path = write('broken.yaml', `- name: p\n  appId: "${A}\n  certificates: [`);
    const result = readProjectsFile(path);
    expect(result).toEqual({
      errors: [expect.stringMatching(/^is not valid YAML at line \d+, column \d+$/)],
    });
    const json = write('broken.json', `{"projects": [{"appId": "${A}",}]}`);
    expect(readProjectsFile(json)).toEqual({ errors: ['is not valid JSON'] });
  });

  it('should report a missing file by error code', () => {
    expect(readProjectsFile(join(dir, 'missing.yaml'))).toEqual({
      errors: ['cannot be read (ENOENT)'],
    });
  });
});

describe(parseProjects.name, () => {
  const project = (overrides: Record<string, unknown> = {}) => ({
    name: 'p',
    appId: A,
    certificates: { primary: C1 },
    ...overrides,
  });
  const errorsOf = (document: unknown) => {
    const result = parseProjects(document);
    return 'errors' in result ? result.errors : [];
  };

  it.each([
    ['an empty list', [], 'must contain a non-empty list of projects'],
    [
      'an unknown top-level key',
      { projects: [project()], extra: 1 },
      'must be a list of projects or an object with only `projects`',
    ],
    ['a non-object entry', ['p'], 'projects[0]: must be an object'],
    [
      'an invalid name',
      [project({ name: '-bad' })],
      'projects[0] name: must be 1-64 characters: letters, digits, ".", "_", "-" (not first)',
    ],
    [
      'an unknown field',
      [project({ certificate: C1 })],
      'project "p" certificate: is not a known field (name, appId, certificates, active, default)',
    ],
    [
      'a __proto__ field',
      [JSON.parse(`{"name":"p","appId":"${A}","certificates":{"primary":"${C1}"},"__proto__":{}}`)],
      'project "p" __proto__: is not a known field (name, appId, certificates, active, default)',
    ],
    [
      'a missing primary',
      [project({ certificates: { secondary: C2 } })],
      'project "p" certificates.primary: must be exactly 32 hex characters (nothing is trimmed: check for a trailing newline or spaces); quote it in YAML',
    ],
    [
      'an active secondary without one',
      [project({ active: 'secondary' })],
      'project "p" active: is "secondary" but certificates.secondary is not set',
    ],
    [
      'an unknown active slot',
      [project({ active: 'tertiary' })],
      'project "p" active: must be "primary" or "secondary"',
    ],
    [
      'a non-boolean default',
      [project({ default: 'yes' })],
      'project "p" default: must be true or false',
    ],
    [
      'duplicate names',
      [project(), project({ appId: B })],
      'project "p" name: is used by another project too',
    ],
    [
      'duplicate App IDs',
      [project(), project({ name: 'q', appId: A.toUpperCase() })],
      'project "q" appId: is used by another project too',
    ],
    [
      'two defaults',
      [project({ default: true }), project({ name: 'q', appId: B, default: true })],
      'more than one project has `default: true`',
    ],
  ])('should refuse %s', (_case, document, message) => {
    expect(errorsOf(document)).toContain(message);
  });
});
