import type { Static, TObject } from '@sinclair/typebox';

/** A named request example, as OpenAPI's `examples` map holds it. */
export interface BodyExample {
  readonly summary: string;
  readonly value: unknown;
}

/** A body type: one TypeBox schema as check, TypeScript type and OpenAPI component of that name. */
export interface SchemaDto<S extends TObject = TObject> {
  new (): Static<S>;
  readonly schema: S;
  readonly examples: Readonly<Record<string, BodyExample>>;
}

const registry = new Map<string, SchemaDto>();

/** `@Body() body: XDto` names the class in its design type, where the pipe finds the schema. */
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
