import type { ValidationPipeOptions } from '@nestjs/common';
import { TransformationType, type TypeMetadata } from 'class-transformer';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

// The store the `@Type()` decorators write to; not exported by the package index
// (@nestjs/mapped-types reads it the same way).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: transformerStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
};

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];
type Plain = Record<string, unknown>;

/** A class-validator check: its metadata (options, constraints) and validator instance. */
interface Check {
  readonly metadata: ValidationMetadata;
  readonly validator: { validate(value: unknown, args: ValidationArguments): unknown };
}

/** A `@ValidateIf()` (or `@IsOptional()`) condition. */
type Condition = (object: object, value: unknown) => unknown;

/** One validated property, from its class-validator and class-transformer metadata. */
interface PropertyPlan {
  readonly name: string;
  readonly conditions: readonly Condition[];
  /** `@IsDefined()` checks first, then the others, as class-validator runs them. */
  readonly checks: readonly Check[];
  /** How many `@ValidateNested()` the property has. */
  readonly nested: number;
  readonly type: TypeMetadata | undefined;
}

interface ClassPlan {
  readonly target: new () => object;
  readonly properties: readonly PropertyPlan[];
  /** Properties class-transformer copies from a body key of the same name. */
  readonly byKey: ReadonlyMap<string, PropertyPlan>;
}

/** "Let the real pipe decide": a value the fast path does not handle. */
const DECLINE: unique symbol = Symbol('decline');

/** Keys Nest's `stripProtoKeys()` deletes from the body, or class-transformer never copies. */
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Types class-transformer converts primitives to (`String(value)`, `new Date(value)`, ...). */
const CONVERTING_TYPES = new Set<unknown>([String, Number, Boolean, Date, Buffer, Map, Set]);

const isThenable = (value: object) => typeof (value as { then?: unknown }).then === 'function';

/**
 * A fast accept path for the global `ValidationPipe`. For a plain JSON body it builds the DTO
 * (as class-transformer's `plainToInstance` would) and checks it (as class-validator's `validate`
 * would) in one pass, driven by the same decorator metadata, calling the same validator
 * instances. It only ever answers "valid, here is the DTO": anything else (a failed check, a
 * value or decorator it does not model) returns `undefined`, and the pipe then runs Nest's own
 * code on the untouched body, so every error, and every unusual input, is the original's.
 *
 * The per-class plans are compiled on first use and kept: all decorators run when their class is
 * defined, at import time, and every DTO is imported by its controller before the app listens.
 * Validator instances are taken once from class-validator's container, which keeps one per class.
 */
export class ValidationFastPath {
  private readonly plans = new Map<unknown, ClassPlan | null>();
  private readonly enabled: boolean;

  constructor(options: ValidationPipeOptions) {
    this.enabled = isModelled(options);
  }

  /** The DTO Nest's pipe would return for `value`, or `undefined` when the pipe must decide. */
  tryTransform(metatype: unknown, value: unknown): object | undefined {
    if (!this.enabled || !isPlainObject(value)) {
      return undefined;
    }
    try {
      const plan = this.planFor(metatype);
      if (!plan) {
        return undefined;
      }
      const dto = this.build(plan, value);
      return dto !== DECLINE && this.isValid(plan, dto) ? dto : undefined;
    } catch {
      // A validator or `@Type()` function that throws: the real pipe throws the same.
      return undefined;
    }
  }

  private planFor(target: unknown): ClassPlan | null {
    let plan = this.plans.get(target);
    if (plan === undefined) {
      plan = compile(target);
      this.plans.set(target, plan);
    }
    return plan;
  }

  /** class-transformer's `plainToInstance` for a class (TransformOperationExecutor.transform). */
  private build(plan: ClassPlan, plain: Plain): object | typeof DECLINE {
    const dto = new plan.target() as Plain;
    if (dto.constructor !== plan.target) {
      return DECLINE;
    }
    for (const key of Object.keys(plain)) {
      const property = plan.byKey.get(key);
      if (!property) {
        return DECLINE;
      }
      const value = plain[key];
      const { type } = property;
      const target: unknown = type?.typeFunction
        ? type.typeFunction({ newObject: dto, object: plain, property: key })
        : type?.reflectedType;
      // class-transformer skips keys the instance has as methods.
      if (dto[key] instanceof Function) {
        return DECLINE;
      }
      const converted = this.convert(
        value,
        target,
        Array.isArray(value) ? type?.reflectedType : undefined,
      );
      if (converted === DECLINE) {
        return DECLINE;
      }
      dto[key] = converted;
    }
    return dto;
  }

  private convert(value: unknown, target: unknown, arrayType: unknown): unknown {
    if (CONVERTING_TYPES.has(target)) {
      return DECLINE;
    }
    if (Array.isArray(value)) {
      // Nest closes an array's gaps in place first; `arrayType` is the property's design type.
      if (arrayType !== undefined && arrayType !== Array) {
        return DECLINE;
      }
      const items: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = i in value ? this.convert(value[i], target, undefined) : DECLINE;
        if (item === DECLINE) {
          return DECLINE;
        }
        items.push(item);
      }
      return items;
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    if (!isPlainObject(value)) {
      return DECLINE;
    }
    if (target === undefined) {
      return this.copy(value);
    }
    const plan = this.planFor(target);
    return plan ? this.build(plan, value) : DECLINE;
  }

  /** An object without `@Type()`: copied as a plain object. */
  private copy(plain: Plain): unknown {
    const copy: Plain = {};
    for (const key of Object.keys(plain)) {
      // class-transformer skips the keys an object has from Object.prototype.
      if (PROTO_KEYS.has(key) || key in Object.prototype) {
        return DECLINE;
      }
      const item = this.convert(plain[key], undefined, undefined);
      if (item === DECLINE) {
        return DECLINE;
      }
      copy[key] = item;
    }
    return copy;
  }

  /** Whether class-validator's ValidationExecutor would report no error at all for `dto`. */
  private isValid(plan: ClassPlan, dto: object): boolean {
    const object = dto as Plain;
    for (const key of Object.keys(object)) {
      // whitelist + forbidNonWhitelisted
      if (!plan.byKey.has(key)) {
        return false;
      }
    }
    for (const property of plan.properties) {
      const value = object[property.name];
      // Every condition runs, as in class-validator's `conditionalValidations()`.
      let canValidate: unknown = true;
      for (const condition of property.conditions) {
        const result = condition(dto, value);
        canValidate = canValidate && result;
      }
      if (!canValidate) {
        continue;
      }
      for (const check of property.checks) {
        if (!passes(check, dto, value)) {
          return false;
        }
      }
      if (value !== undefined && property.nested > 0 && !this.isValidNested(value)) {
        return false;
      }
    }
    return true;
  }

  private isValidNested(value: unknown): boolean {
    if (Array.isArray(value)) {
      return value.every((item) => item === undefined || this.isValidNested(item));
    }
    if (!(value instanceof Object) || value instanceof Set || value instanceof Map) {
      return false;
    }
    const plan = this.planFor(value.constructor);
    return plan !== null && this.isValid(plan, value);
  }
}

/** class-validator's `customValidations()` for one check, without the error it would record. */
function passes({ metadata, validator }: Check, object: object, value: unknown): boolean {
  const args: ValidationArguments = {
    targetName: object.constructor.name,
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  };
  if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
    return isTrue(validator.validate(value, args));
  }
  const items: unknown[] = value instanceof Map ? [...value.values()] : [...value];
  return items.map((item) => validator.validate(item, args)).every(isTrue);
}

/** A validator that answers with a promise is left to the real (async) pipe. */
function isTrue(result: unknown): boolean {
  return !(result instanceof Object && isThenable(result)) && !!result;
}

function isPlainObject(value: unknown): value is Plain {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !isThenable(value)
  );
}

/** The pipe options this path models: the global pipe's (whitelist, forbid, transform, no groups). */
function isModelled(options: ValidationPipeOptions): boolean {
  const { transform, expectedType, validatorPackage, transformerPackage } = options;
  const { whitelist, forbidNonWhitelisted, groups, always, strictGroups } = options;
  const { skipMissingProperties, skipNullProperties, skipUndefinedProperties } = options;
  const transformKeys = Object.entries(options.transformOptions ?? {});
  return (
    transform === true &&
    !expectedType &&
    !validatorPackage &&
    !transformerPackage &&
    whitelist === true &&
    forbidNonWhitelisted === true &&
    !groups?.length &&
    !always &&
    !strictGroups &&
    !skipMissingProperties &&
    !skipNullProperties &&
    !skipUndefinedProperties &&
    transformKeys.every(([key, value]) => key === 'enableImplicitConversion' && value === false)
  );
}

/** The plan of a class, or `null` when it uses anything this path does not model. */
function compile(target: unknown): ClassPlan | null {
  if (typeof target !== 'function' || !(target.prototype instanceof Object)) {
    return null;
  }
  const ctor = target as new () => object;
  // The arguments class-validator's executor passes for the pipe's options (no schema, no groups).
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    ctor,
    undefined as unknown as string,
    false,
    false,
    undefined,
  );
  if (
    metadatas.length === 0 ||
    transformerStorage.getStrategy(ctor) !== 'none' ||
    transformerStorage.getExposedMetadatas(ctor).length > 0 ||
    transformerStorage.getExcludedMetadatas(ctor).length > 0
  ) {
    return null;
  }
  const grouped = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const group = grouped.get(metadata.propertyName) ?? [];
    group.push(metadata);
    grouped.set(metadata.propertyName, group);
  }
  const properties: PropertyPlan[] = [];
  for (const [name, group] of grouped) {
    const property = compileProperty(ctor, name, group);
    if (!property) {
      return null;
    }
    properties.push(property);
  }
  return {
    target: ctor,
    properties,
    byKey: new Map(properties.filter((p) => !PROTO_KEYS.has(p.name)).map((p) => [p.name, p])),
  };
}

function compileProperty(
  target: new () => object,
  name: string,
  group: ValidationMetadata[],
): PropertyPlan | null {
  const type = transformerStorage.findTypeMetadata(target, name);
  if (
    name === '__proto__' ||
    Object.getOwnPropertyDescriptor(target.prototype, name) ||
    transformerStorage.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS)
      .length > 0 ||
    type?.options?.discriminator ||
    type?.reflectedType === Map
  ) {
    return null;
  }
  const conditions: Condition[] = [];
  const defined: Check[] = [];
  const checks: Check[] = [];
  let nested = 0;
  for (const metadata of group) {
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION: {
        const condition: unknown = metadata.constraints[0];
        conditions.push(condition as Condition);
        break;
      }
      case ValidationTypes.IS_DEFINED:
      case ValidationTypes.CUSTOM_VALIDATION: {
        const list = metadata.type === ValidationTypes.IS_DEFINED ? defined : checks;
        for (const constraint of getMetadataStorage().getTargetValidatorConstraints(
          metadata.constraintCls,
        )) {
          // An async validator is awaited by the real pipe; this path is synchronous.
          if (constraint.async) {
            return null;
          }
          const validator: unknown = constraint.instance;
          list.push({ metadata, validator: validator as Check['validator'] });
        }
        break;
      }
      case ValidationTypes.NESTED_VALIDATION:
        nested++;
        break;
      case ValidationTypes.WHITELIST:
        break;
      default:
        // PROMISE_VALIDATION, and anything a later class-validator adds.
        return null;
    }
  }
  return { name, conditions, checks: [...defined, ...checks], nested, type };
}
