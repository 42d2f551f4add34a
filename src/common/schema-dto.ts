import type { Static, TObject } from '@sinclair/typebox';

/** A named request example, as OpenAPI's `examples` map holds it. */
export interface BodyExample {
  readonly summary: string;
  readonly value: unknown;
}

/**
 * A request body type: one JSON Schema (built with TypeBox) that is at once the check (compiled
 * by the global pipe), the TypeScript type (`Static<typeof schema>`) and the OpenAPI component
 * of the same name. `examples[0]` is what Swagger UI shows first.
 */
export interface SchemaDto<S extends TObject = TObject> {
  new (): Static<S>;
  readonly schema: S;
  readonly examples: Readonly<Record<string, BodyExample>>;
}

const registry = new Map<string, SchemaDto>();

/**
 * Declares a body DTO: `export const XDto = schemaDto('XDto', schema, examples)` beside
 * `export type XDto = Static<typeof XDto.schema>`. The class exists so that `@Body() body: XDto`
 * names it in the parameter's design type, which is how the global pipe finds the schema.
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
  if (typeof metatype !== 'function') {
    return undefined;
  }
  const dto = registry.get(metatype.name);
  return dto === metatype ? dto : undefined;
}

/** Every schema DTO by name (for the OpenAPI document). */
export function schemaDtos(): ReadonlyMap<string, SchemaDto> {
  return registry;
}
