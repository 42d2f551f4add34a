import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';

/** The raw environment handed to `createApp()`: `process.env` in production, a fixed map in tests. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

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

/** How a variable's text becomes a value: `parse` answers undefined when the text breaks `message`. */
export interface Rule<T> {
  readonly parse: (text: string) => T | undefined;
  /** What the value must be. Never interpolates the value: errors name the variable only. */
  readonly message: string;
}

/** Reads an operator's file (secrets, projects). Throws Node's errors; over 1 MiB is `EFBIG`. */
export type ReadFile = (path: string) => string;

export const readConfigFile: ReadFile = (path) => {
  if (statSync(path).size > 1024 * 1024) {
    throw Object.assign(new Error('file too large'), { code: 'EFBIG' });
  }
  return readFileSync(path, 'utf8');
};

/** A Node error's code for a message (`ENOENT`), never its text (which carries the path). */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown error';
}

/**
 * Reads variables for the namespaces: each namespace file asks for its variables with their
 * format rule, checks the rules relating them and applies defaults (see load-config.ts). Every
 * problem becomes an issue naming the variable; reading goes on, so one boot lists them all.
 * Unset and empty variables (`FOO=` in a compose file) are undefined. Nothing here writes.
 */
export class EnvReader {
  readonly issues: ConfigIssue[] = [];
  /** Every variable asked for, in order: the configuration's schema. */
  readonly names = new Set<string>();
  /** `NODE_ENV=production`: stricter rules, no generated credentials. */
  readonly production: boolean;
  private readonly invalid = new Set<string>();

  constructor(
    private readonly raw: RawEnv,
    private readonly readFile: ReadFile = readConfigFile,
  ) {
    this.production = raw.NODE_ENV === 'production';
  }

  issue(variable: string, message: string): void {
    variable.split(', ').forEach((name) => this.invalid.add(name));
    if (!this.issues.some((i) => i.variable === variable && i.message === message)) {
      this.issues.push({ variable, message });
    }
  }

  /** The variable's value by `rule`; undefined when unset, or when invalid (an issue). */
  get<T>(name: string, rule: Rule<T>): T | undefined {
    return this.parse(name, this.value(name), rule);
  }

  /**
   * A secret, from `name` or from the file `name_FILE` names (the Docker and Kubernetes secrets
   * convention), never both. One trailing newline (`\n` or `\r\n`) ends a file's line and is
   * removed; anything else is the value, checked by `rule` as if set directly. Issues about the
   * file name `name_FILE` and never quote the file.
   */
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
    this.invalid.add(name);
    let text: string;
    try {
      text = this.readFile(path).replace(/\r?\n$/, '');
    } catch (error) {
      this.issue(fileVariable, `cannot be read (${errorCode(error)})`);
      return undefined;
    }
    if (text === '') {
      this.issue(fileVariable, 'names an empty file');
      return undefined;
    }
    const value = this.parse(fileVariable, text, rule);
    if (value !== undefined) {
      this.invalid.delete(name);
    }
    return value;
  }

  /** A file the namespace reads itself (the projects file), through the same reader as secrets. */
  readonly read = (path: string): string => this.readFile(path);

  /** Whether the variable (or its `_FILE`) is set, valid or not. */
  isSet(name: string): boolean {
    return !!(this.raw[name] || this.raw[`${name}_FILE`]);
  }

  /** None of `names` broke a rule: rules relating variables run only on valid ones. */
  valid(...names: string[]): boolean {
    return names.every((name) => !this.invalid.has(name));
  }

  private value(name: string): string | undefined {
    this.names.add(name);
    const value = Object.hasOwn(this.raw, name) ? this.raw[name] : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  private parse<T>(name: string, text: string | undefined, rule: Rule<T>): T | undefined {
    if (text === undefined) {
      return undefined;
    }
    const value = rule.parse(text);
    if (value === undefined) {
      this.issue(name, rule.message);
    }
    return value;
  }
}

// Rules shared by several namespaces.

const check = (message: string, test: (text: string) => boolean): Rule<string> => ({
  message,
  parse: (text) => (test(text) ? text : undefined),
});

/** Any non-empty text. */
export const anyText: Rule<string> = check('', () => true);

const INTEGER = /^(0|[1-9][0-9]*)$/;

/** A decimal integer in `min..max` (no sign, spaces, exponent or leading zeros). */
export function integer(min: number, max: number): Rule<number> {
  return {
    message: `must be an integer from ${min} to ${max}`,
    parse: (text) => (INTEGER.test(text) && +text >= min && +text <= max ? +text : undefined),
  };
}

export function oneOf<V extends string>(values: readonly V[]): Rule<V> {
  return check(`must be one of: ${values.join(', ')}`, (text) =>
    (values as readonly string[]).includes(text),
  ) as Rule<V>;
}

/** Splits a comma-separated variable; whitespace around items is not part of them. */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** A comma-separated list whose items (trimmed, non-empty) each pass `test`. */
export function listOf(test: (item: string) => boolean, itemRule: string): Rule<string[]> {
  return {
    message: `must be a comma-separated list; each item ${itemRule}`,
    parse: (text) => {
      const items = splitList(text);
      return items.every((item) => item !== '' && test(item)) ? items : undefined;
    },
  };
}

/** Printable text without control characters (issuer, audience): up to `max` characters. */
export function printable(max: number): Rule<string> {
  return check(
    `must be at most ${max} characters without control characters (newlines included)`,
    // eslint-disable-next-line no-control-regex
    (text) => text.length <= max && !/[\x00-\x1f\x7f]/.test(text),
  );
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IP address or a DNS host name. */
export const host = check(
  'must be an IP address or a host name',
  (text) => isIP(text) !== 0 || HOST_NAME.test(text),
);

export function urlWith(protocols: readonly string[]): Rule<string> {
  return check(`must be a URL (${protocols.map((p) => `${p}//`).join(' or ')})`, (text) => {
    try {
      return protocols.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  });
}
