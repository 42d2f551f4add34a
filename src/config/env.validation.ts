import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { type ConfigObject, registerAs } from '@nestjs/config';

/** The raw environment handed to `createApp()`: `process.env` in production, a fixed map in tests. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

export type ConfigIssue = Readonly<{ variable: string; message: string }>;

/** Thrown at boot; its message lists each variable and the rule it broke, never a value. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      [
        'Invalid configuration (values are never shown):',
        ...issues.map((issue) => `  - ${issue.variable}: ${issue.message}`),
      ].join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** `parse` answers undefined when the text breaks `message`, which never quotes the value. */
export type Rule<T> = Readonly<{ parse: (text: string) => T | undefined; message: string }>;

/** Reads an operator's file (secrets, projects). Throws Node's errors; over 1 MiB is `EFBIG`. */
export function readConfigFile(path: string): string {
  if (statSync(path).size > 1024 * 1024) {
    throw Object.assign(new Error('file too large'), { code: 'EFBIG' });
  }
  return readFileSync(path, 'utf8');
}

/** A Node error's code (`ENOENT`), never its text (which carries the path). */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}

/** `.env.example` values: they pass the format rules so a copy runs, so production refuses them. */
export const EXAMPLE_VALUES = {
  AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
  AGORA_APP_CERTIFICATE: 'fedcba9876543210fedcba9876543210',
  AUTH_JWT_SECRET: 'change-me-to-at-least-32-random-bytes',
} as const;

/** Each problem is an issue naming the variable; reading goes on. Empty is unset. Never writes. */
export class EnvReader {
  readonly issues: ConfigIssue[] = [];
  /** Every variable asked for, in order: the configuration's schema. */
  readonly names = new Set<string>();
  readonly production: boolean;
  private readonly invalid = new Set<string>();

  constructor(private readonly raw: RawEnv) {
    this.production = raw.NODE_ENV === 'production';
  }

  issue(variable: string, message: string): void {
    variable.split(', ').forEach((name) => this.invalid.add(name));
    if (!this.issues.some((i) => i.variable === variable && i.message === message)) {
      this.issues.push({ variable, message });
    }
  }

  get<T>(name: string, rule: Rule<T>): T | undefined {
    return this.parse(name, this.value(name), rule);
  }

  /** From `name` or from the file `name_FILE` names, never both; one trailing newline is cut. */
  secret<T>(name: string, rule: Rule<T>): T | undefined {
    const fileVariable = `${name}_FILE`;
    const direct = this.value(name);
    const path = this.value(fileVariable);
    if (path === undefined) {
      return this.parse(name, direct, rule);
    }
    if (direct !== undefined) {
      this.issue(`${name}, ${fileVariable}`, 'set exactly one of them');
      return undefined;
    }
    let text: string | undefined;
    try {
      text = readConfigFile(path).replace(/\r?\n$/, '');
    } catch (error) {
      this.issue(fileVariable, `cannot be read (${errorCode(error)})`);
    }
    if (text === '') {
      this.issue(fileVariable, 'names an empty file');
    }
    const value = text ? this.parse(fileVariable, text, rule) : undefined;
    if (value === undefined) {
      this.invalid.add(name);
    }
    return value;
  }

  /** Set (or its `_FILE`), valid or not. */
  isSet(name: string): boolean {
    return !!(this.raw[name] || this.raw[`${name}_FILE`]);
  }

  /** None of `names` broke a rule: rules relating variables run only on valid ones. */
  valid(...names: string[]): boolean {
    return names.every((name) => !this.invalid.has(name));
  }

  /** In production, an issue (and true) when `value` is the `.env.example` value of `name`. */
  refuseExample(name: keyof typeof EXAMPLE_VALUES, value: string | undefined): boolean {
    if (this.production && value === EXAMPLE_VALUES[name]) {
      this.issue(name, 'is the placeholder from .env.example; set a real value in production');
      return true;
    }
    return false;
  }

  private value(name: string): string | undefined {
    this.names.add(name);
    const value = Object.hasOwn(this.raw, name) ? this.raw[name] : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  private parse<T>(name: string, text: string | undefined, rule: Rule<T>): T | undefined {
    const value = text === undefined ? undefined : rule.parse(text);
    if (text !== undefined && value === undefined) {
      this.issue(name, rule.message);
    }
    return value;
  }
}

/** `registerAs` token plus loader; AppConfigModule.forRoot(env) loads, the factory never runs. */
export function configNamespace<N extends string, T extends ConfigObject>(
  namespace: N,
  load: (env: EnvReader) => T,
) {
  const token = registerAs<T, () => T>(namespace, (): T => {
    throw new Error(`config namespace "${namespace}" is loaded by AppConfigModule.forRoot(env)`);
  });
  return Object.assign(token, { namespace, load } as const);
}

export const check = (message: string, test: (text: string) => boolean): Rule<string> => ({
  message,
  parse: (text) => (test(text) ? text : undefined),
});

export const anyText = check('', () => true);

/** A decimal integer in `min..max` (no sign, spaces, exponent or leading zeros). */
export const integer = (min: number, max: number): Rule<number> => ({
  message: `must be an integer from ${min} to ${max}`,
  parse: (text) =>
    /^(0|[1-9]\d*)$/.test(text) && +text >= min && +text <= max ? +text : undefined,
});

export const oneOf = <V extends string>(values: readonly V[]) =>
  check(`must be one of: ${values.join(', ')}`, (text) => values.includes(text as V)) as Rule<V>;

export const boolean = oneOf(['true', 'false']);

export const splitList = (value: string): string[] => value.split(',').map((item) => item.trim());

/** A comma-separated list whose items (trimmed, non-empty) each pass `test`. */
export const listOf = (test: (item: string) => boolean, itemRule: string): Rule<string[]> => ({
  message: `must be a comma-separated list; each item ${itemRule}`,
  parse: (text) =>
    splitList(text).every((item) => item !== '' && test(item)) ? splitList(text) : undefined,
});

export const printable = (max: number) =>
  check(
    `must be at most ${max} characters without control characters (newlines included)`,
    // eslint-disable-next-line no-control-regex
    (text) => text.length <= max && !/[\x00-\x1f\x7f]/.test(text),
  );

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export const host = check(
  'must be an IP address or a host name',
  (text) => isIP(text) !== 0 || HOST_NAME.test(text),
);

export const urlWith = (protocols: readonly string[]) =>
  check(
    `must be a URL (${protocols.map((p) => `${p}//`).join(' or ')})`,
    (text) => URL.canParse(text) && protocols.includes(new URL(text).protocol),
  );
