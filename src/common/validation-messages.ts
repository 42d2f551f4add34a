import type { ErrorObject } from 'ajv';
import { isRecord } from './is-record';

type Schema = Record<string, unknown>;

/** One message per problem, naming the field by dotted path, never quoting the rejected value. */
export function validationMessages(errors: readonly ErrorObject[]): string[] {
  const composites = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const inside = (e: ErrorObject) =>
    composites.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  // A value of the wrong type is told that, not the rules for the type it should have been.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const messages = new Set<string>();
  for (const error of errors) {
    if (inside(error) || (error.keyword !== 'type' && mistyped.has(error.instancePath))) {
      continue; // told by its oneOf/anyOf below, or by its type
    }
    const path = fieldPath(error.instancePath);
    const told = composites.includes(error)
      ? compositeMessages(error, path, errors)
      : [message(error, path)];
    told.forEach((text) => messages.add(text));
  }
  return [...messages];
}

function message(error: ErrorObject, path: string): string {
  const { keyword, params } = error;
  const parent = (error.parentSchema ?? {}) as Schema;
  switch (keyword) {
    case 'type': {
      const type = String(params.type);
      return `${path} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
    }
    case 'required':
      return `${join(path, String(params.missingProperty))} is required`;
    case 'additionalProperties':
      return `property ${join(path, String(params.additionalProperty))} should not exist`;
    case 'minimum':
      return `${path} must not be less than ${String(params.limit)}`;
    case 'maximum':
      return `${path} must not be greater than ${String(params.limit)}`;
    case 'minLength':
    case 'maxLength': {
      const { minLength: min, maxLength: max } = parent;
      if (typeof max !== 'number') {
        return min === 1
          ? `${path} must not be empty`
          : `${path} must be at least ${String(min)} characters`;
      }
      return typeof min === 'number' && min > 0
        ? `${path} must be ${min} to ${max} characters`
        : `${path} must be at most ${max} characters`;
    }
    case 'pattern': {
      const charset = parent['x-charset'];
      const rule =
        typeof charset === 'string' ? charset : `characters of /${String(params.pattern)}/`;
      return `${path} must use only ${rule}`;
    }
    case 'enum':
      return `${path} must be one of the following values: ${(parent.enum as unknown[]).join(', ')}`;
    case 'maxItems':
      return `${path} must contain no more than ${String(params.limit)} elements`;
    case 'x-maxUtf8Bytes':
      return typeof error.data === 'string' && !error.data.isWellFormed()
        ? `${path} must be well-formed Unicode text (no lone surrogates)`
        : `${path} must be at most ${String(parent['x-maxUtf8Bytes'])} UTF-8 bytes`;
    case 'not': {
      const not = (parent.not ?? {}) as Schema;
      const names = Array.isArray(not.required)
        ? not.required.map((n) => join(path, String(n)))
        : [];
      if (names.length === 1) {
        return `${names[0]} must be omitted`;
      }
      return names.length > 1
        ? `${names.join(' and ')} cannot both be given`
        : `${path} is invalid`;
    }
    default:
      return `${path} is invalid`;
  }
}

// Branches all `{ required: [x] }`: exactly one of those fields. Branches tagged by a one-value
// enum (`kind: { enum: ['app'] }`): the rules of the body's own branch, "when kind is app".
function compositeMessages(
  composite: ErrorObject,
  path: string,
  errors: readonly ErrorObject[],
): string[] {
  const branches = (composite.schema as Schema[]) ?? [];
  const exclusive = branches.map(onlyRequired);
  if (exclusive.every((name): name is string => name !== undefined)) {
    return [
      `exactly one of ${exclusive.map((name) => join(path, name)).join(' and ')} is required`,
    ];
  }
  return branches.flatMap((branch, index) => {
    const prefix = `${composite.schemaPath}/${index}/`;
    const own = errors.filter((e) => e.schemaPath.startsWith(prefix));
    const tag = tagOf(branch);
    if (!tag || own.some((e) => e.schemaPath.startsWith(`${prefix}properties/${tag.name}/`))) {
      return []; // not this body's case (its tag differs; a wrong tag is told on its own)
    }
    const when = ` when ${tag.name} is ${tag.value}`;
    return own.map((error) => message(error, fieldPath(error.instancePath)) + when);
  });
}

/** `'x'` when the branch is exactly `{ required: ['x'] }`. */
function onlyRequired(branch: Schema): string | undefined {
  const { required } = branch;
  return Object.keys(branch).length === 1 && Array.isArray(required) && required.length === 1
    ? String(required[0])
    : undefined;
}

function tagOf(branch: Schema): { name: string; value: string } | undefined {
  const properties = isRecord(branch.properties) ? branch.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    if (isRecord(property) && Array.isArray(property.enum) && property.enum.length === 1) {
      return { name, value: String(property.enum[0]) };
    }
  }
  return undefined;
}

/** `/permissions/0/names` → `permissions.0.names`; the whole body is `body`. */
function fieldPath(instancePath: string): string {
  if (instancePath === '') {
    return 'body';
  }
  const parts = instancePath.slice(1).split('/');
  return parts.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
}

function join(path: string, name: string): string {
  return path === 'body' ? name : `${path}.${name}`;
}
