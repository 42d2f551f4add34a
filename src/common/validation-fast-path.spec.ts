import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationPipeOptions } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationTypes,
} from 'class-validator';
import { ValidationFastPath } from './validation-fast-path';

class ItemDto {
  @IsString()
  name!: string;
}

class OrderDto {
  @IsInt()
  id!: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items?: ItemDto[];
}

class TrimmedDto {
  @Transform(({ value }: { value: unknown }) => value)
  @IsString()
  name!: string;
}

class AsyncDto {
  @IsString()
  name!: string;
}
registerDecorator({
  name: 'isFree',
  target: AsyncDto,
  propertyName: 'name',
  async: true,
  validator: { validate: () => Promise.resolve(true) },
});

class ThrowingDto {
  @ValidateIf((o: { id: unknown }) => {
    if (o.id === 13) {
      throw new Error('unlucky');
    }
    return true;
  })
  @IsInt()
  id!: number;
}

const OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
};

describe(ValidationFastPath.name, () => {
  const sut = new ValidationFastPath(OPTIONS);

  it('should build the DTO of a valid body', () => {
    const dto = sut.tryTransform(OrderDto, { id: 1, items: [{ name: 'a' }] });
    expect(dto).toBeInstanceOf(OrderDto);
    expect((dto as OrderDto).items?.[0]).toBeInstanceOf(ItemDto);
    expect(dto).toEqual({ id: 1, items: [{ name: 'a' }] });
  });

  it.each([
    ['a failed check', { id: '1' }],
    ['a failed nested check', { id: 1, items: [{ name: 2 }] }],
    ['an unknown field', { id: 1, extra: true }],
    ['a nested unknown field', { id: 1, items: [{ name: 'a', extra: true }] }],
    ['an own __proto__ key', JSON.parse('{"id":1,"__proto__":{}}')],
    ['a constructor key', { id: 1, items: [{ name: 'a', constructor: 1 }] }],
    ['a sparse array', { id: 1, items: Object.assign(new Array(2), { 1: { name: 'a' } }) }],
    ['a null-prototype body', Object.assign(Object.create(null) as object, { id: 1 })],
    ['a class instance', Object.assign(new ItemDto(), { name: 'a' })],
    ['a nested non-plain object', { id: 1, items: [new Date()] }],
    ['a thenable', { id: 1, then: () => undefined }],
    ['an array', [{ id: 1 }]],
    ['null', null],
    ['a string', 'x'],
  ])('should leave %s to the real pipe', (_case, body) => {
    expect(sut.tryTransform(OrderDto, body)).toBeUndefined();
  });

  it.each([
    ['a class with @Transform()', TrimmedDto, { name: 'a' }],
    ['a class with an async validator', AsyncDto, { name: 'a' }],
    ['a class without rules', class Bare {}, {}],
    ['a primitive metatype', String, {}],
    ['a missing metatype', undefined, {}],
  ])('should leave %s to the real pipe', (_case, metatype, body) => {
    expect(sut.tryTransform(metatype, body)).toBeUndefined();
  });

  it('should leave a body to the real pipe when a condition throws', () => {
    expect(sut.tryTransform(ThrowingDto, { id: 12 })).toBeInstanceOf(ThrowingDto);
    expect(sut.tryTransform(ThrowingDto, { id: 13 })).toBeUndefined();
  });

  it.each<[string, ValidationPipeOptions]>([
    ['without whitelist', { ...OPTIONS, whitelist: false }],
    ['when stripping unknown fields', { ...OPTIONS, forbidNonWhitelisted: false }],
    ['with groups', { ...OPTIONS, groups: ['a'] }],
    ['with always', { ...OPTIONS, always: true }],
    ['when skipping missing properties', { ...OPTIONS, skipMissingProperties: true }],
    ['without transform', { ...OPTIONS, transform: false }],
    ['with an expected type', { ...OPTIONS, expectedType: OrderDto }],
    [
      'with implicit conversion',
      { ...OPTIONS, transformOptions: { enableImplicitConversion: true } },
    ],
    [
      'with other transform options',
      { ...OPTIONS, transformOptions: { excludeExtraneousValues: true } },
    ],
  ])('should do nothing %s', (_case, options) => {
    expect(new ValidationFastPath(options).tryTransform(OrderDto, { id: 1 })).toBeUndefined();
  });

  it('should find only synchronous validators in the DTOs of this project', async () => {
    // The fast path leaves async rules to Nest's pipe; this says none of ours is async.
    const root = join(__dirname, '..');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.dto.ts'),
    );
    const modules = await Promise.all(
      files.map((file) => import(join(root, file)) as Promise<Record<string, unknown>>),
    );
    const classes = modules.flatMap((exports) =>
      Object.values(exports).filter(
        (value): value is new () => object => typeof value === 'function',
      ),
    );
    const storage = getMetadataStorage();
    const rules = classes.flatMap((target) =>
      storage.getTargetValidationMetadatas(target, '', false, false),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(rules.length).toBeGreaterThan(100);
    expect(rules.filter((rule) => rule.type === ValidationTypes.PROMISE_VALIDATION)).toEqual([]);
    const async = rules.filter((rule) =>
      storage.getTargetValidatorConstraints(rule.constraintCls).some((c) => c.async),
    );
    expect(async.map((rule) => rule.propertyName)).toEqual([]);
  });
});
