import type { Static, TObject } from '@sinclair/typebox';

/** A named request example, as OpenAPI's `examples` map holds it. */
export interface BodyExample {
  readonly summary: string;
  readonly value: unknown;
}

/**
 * A request body type: one TypeBox schema that is the check, the TypeScript type and the OpenAPI
 * component of the same name. `examples[0]` is what Swagger UI shows first.
 */
export interface SchemaDto<S extends TObject = TObject> {
  new (): Static<S>;
  readonly schema: S;
  readonly examples: Readonly<Record<string, BodyExample>>;
}

const registry = new Map<string, SchemaDto>();

/**
 * `export const XDto = schemaDto('XDto', schema, examples)` beside `type XDto = Static<...>`: the
 * class is what `@Body() body: XDto` names in its design type, where the pipe finds the schema.
 */
export function schemaDto<S extends TObject>(
  name: string,
  schema: S,
  examples: Readonly<Record<string, BodyExample>>,
): SchemaDto<S> {
  if (registry.has(name)) {
    throw new Error(`schemaDto ${name} is declared twice`);
  }
  const dto = { [name]: class {} }[name] as unknown as SchemaDto<S>;
  Object.defineProperties(dto, { schema: { value: schema }, examples: { value: examples } });
  registry.set(name, dto);
  return dto;
}

/** The schema DTO a parameter's design type names, if it is one. */
export function schemaDtoOf(metatype: unknown): SchemaDto | undefined {
  const dto = typeof metatype === 'function' ? registry.get(metatype.name) : undefined;
  return dto === metatype ? dto : undefined;
}

/** Every schema DTO by name (for the OpenAPI document). */
export function schemaDtos(): ReadonlyMap<string, SchemaDto> {
  return registry;
}
