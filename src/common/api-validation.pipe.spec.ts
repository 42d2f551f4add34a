import {
  ValidationPipe,
  type ArgumentMetadata,
  type Type as Class,
  type ValidationError,
} from '@nestjs/common';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  ValidatePromise,
} from 'class-validator';
import fc from 'fast-check';
import { FetchRtcTokenDto } from '../tokens/dto/fetch-rtc-token.dto';
import { GetTokenDto } from '../tokens/dto/get-token.dto';
import { InspectTokenDto } from '../tokens/dto/inspect-token.dto';
import { IssueChatTokenDto } from '../tokens/dto/issue-chat-token.dto';
import { IssueRtcTokenDto } from '../tokens/dto/issue-rtc-token.dto';
import { IssueRtmTokenDto } from '../tokens/dto/issue-rtm-token.dto';
import { IssueTokenDto } from '../tokens/dto/issue-token.dto';
import { ApiException } from './api-error';
import { API_VALIDATION_OPTIONS, ApiValidationPipe } from './api-validation.pipe';

class PrivilegesDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  joinChannel?: number;
}

class ProbeDto {
  @IsString()
  channel!: string;

  @IsInt()
  @Min(0)
  @Max(2 ** 32 - 1)
  uid!: number;

  @IsIn(['publisher', 'subscriber'])
  role!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PrivilegesDto)
  privileges?: PrivilegesDto;
}

describe(ApiValidationPipe.name, () => {
  const pipe = new ApiValidationPipe();
  const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: ProbeDto });
  const failure = async (value: unknown) => {
    const error = await run(value).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiException);
    return error as ApiException;
  };

  it('should return a DTO instance for a valid body', async () => {
    const dto = await run({
      channel: 'c',
      uid: 1,
      role: 'publisher',
      privileges: { joinChannel: 60 },
    });
    expect(dto).toBeInstanceOf(ProbeDto);
    expect((dto as ProbeDto).privileges).toBeInstanceOf(PrivilegesDto);
  });

  it('should answer 400 VALIDATION_FAILED with one message per problem', async () => {
    const error = await failure({ channel: 5, uid: -1, role: 'admin', extra: true });
    expect(error.getStatus()).toBe(400);
    expect(error.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.arrayContaining([
        'property extra should not exist',
        'channel must be a string',
        'uid must not be less than 0',
        expect.stringMatching(/^role must be one of the following values/),
      ]),
      code: 'VALIDATION_FAILED',
    });
  });

  it('should name nested fields by their path', async () => {
    const error = await failure({
      channel: 'c',
      uid: 1,
      role: 'publisher',
      privileges: { joinChannel: 'x' },
    });
    expect((error.getResponse() as { message: string[] }).message).toContain(
      'privileges.joinChannel must be an integer number',
    );
  });

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['false', false],
    ['a numeric string', '1'],
  ])('should never coerce %s into a number', async (_case, uid) => {
    const error = await failure({ channel: 'c', uid, role: 'publisher' });
    expect((error.getResponse() as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('should never echo the rejected values', async () => {
    const error = await failure({
      channel: 'SECRET-VALUE',
      uid: 'SECRET-UID',
      role: 'SECRET-ROLE',
    });
    expect(JSON.stringify(error.getResponse())).not.toContain('SECRET');
  });
});

/** The pipe as it was before the fast path: Nest's own, same options, same error shape. */
class ReferencePipe extends ValidationPipe {
  constructor() {
    super(API_VALIDATION_OPTIONS);
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) =>
      new ApiException(400, 'VALIDATION_FAILED', this.flattenValidationErrors(errors));
  }
}

type Plain = Record<string, unknown>;

/** A deep copy that keeps what JSON cannot say: holes, own `__proto__` keys, null prototypes. */
function clone(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (const key of Object.keys(value)) {
      copy[Number(key)] = clone(value[Number(key)]);
    }
    return copy;
  }
  if (proto !== Object.prototype && proto !== null) {
    return value; // Date, Buffer, Map, class instances: neither pipe changes them
  }
  const copy = Object.create(proto) as Plain;
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: clone((value as Plain)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Object.isFrozen(value) ? Object.freeze(copy) : copy;
}

/** Class and contents of a value, for deep comparison (own keys in order, holes, prototypes). */
function snapshot(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'function' ? { function: String(value) } : value;
  }
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  return {
    class: proto === null ? null : proto.constructor,
    ...(value instanceof Date ? { time: value.getTime() } : {}),
    ...(ArrayBuffer.isView(value)
      ? { bytes: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) }
      : {}),
    ...(value instanceof Map || value instanceof Set ? { items: snapshot([...value]) } : {}),
    ...(Array.isArray(value) ? { length: value.length } : {}),
    entries: Object.keys(value).map((key) => [key, snapshot((value as Plain)[key])]),
  };
}

interface Pipe {
  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown>;
}

/** What a pipe answered for a fresh copy of `input`, and what it left of that copy. */
async function outcome(pipe: Pipe, input: unknown, metadata: ArgumentMetadata) {
  const value = clone(input);
  try {
    const result = await pipe.transform(value, metadata);
    return { result: snapshot(result), input: snapshot(value) };
  } catch (error: unknown) {
    const thrown = error as Error & Partial<ApiException>;
    return {
      thrown: thrown.constructor,
      message: thrown.message,
      status: thrown.getStatus?.(),
      response: thrown.getResponse?.(),
      input: snapshot(value),
    };
  }
}

const reference = new ReferencePipe();
const pipe = new ApiValidationPipe();
const body = (metatype: Class): ArgumentMetadata => ({ type: 'body', metatype });

/** Runs every input through both pipes; returns the first mismatches and how many were accepted. */
async function compare(cases: ReadonlyArray<readonly [ArgumentMetadata, unknown]>) {
  const mismatches: unknown[] = [];
  let accepted = 0;
  for (const [metadata, input] of cases) {
    const expected = await outcome(reference, input, metadata);
    const actual = await outcome(pipe, input, metadata);
    if ('result' in expected) {
      accepted++;
    }
    try {
      expect(actual).toEqual(expected);
    } catch {
      if (mismatches.length < 3) {
        mismatches.push({ metatype: metadata.metatype?.name, input, expected, actual });
      }
    }
  }
  return { mismatches, accepted };
}

const withOwnKey = (object: Plain, key: string, value: unknown): Plain =>
  Object.defineProperty({ ...object }, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });

const sparse = (...items: unknown[]): unknown[] => {
  const array: unknown[] = [];
  items.forEach((item, i) => (array[i * 2 + 1] = item));
  return array;
};

/** Wrong values of every kind, JSON or not (the pipe also serves non-JSON callers). */
const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  Number.MAX_SAFE_INTEGER + 2,
  NaN,
  Infinity,
  '',
  ' ',
  '*',
  '1',
  '0x10',
  'publisher',
  'user',
  'rtc',
  'a'.repeat(63),
  'a'.repeat(64),
  'a'.repeat(255),
  'a'.repeat(256),
  'é'.repeat(32),
  'bad/char',
  'tab\there',
  [],
  ['a'],
  [1, 2],
  [{}],
  sparse('a'),
  {},
  { a: 1 },
  { userId: 'u' },
  Object.create(null) as unknown,
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  new Date(0),
  Buffer.from('ab'),
  new Map([['a', 1]]),
  new Set([1]),
  { then: (resolve: (value: unknown) => void) => resolve('settled') },
];

/** Keys that are not fields: unknown ones and the ones Nest or class-transformer treat apart. */
const ODD_KEYS = [
  'extra',
  '',
  '0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'then',
];

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** `base`, and `base` with one thing changed: a field removed, replaced or added, at any depth. */
function variants(base: Plain): Plain[] {
  const out: Plain[] = [base];
  for (const key of Object.keys(base)) {
    const { [key]: value, ...rest } = base;
    out.push(rest);
    for (const odd of ODD_VALUES) {
      out.push({ ...base, [key]: odd });
    }
    if (isPlain(value)) {
      for (const nested of variants(value)) {
        out.push({ ...base, [key]: nested });
      }
    }
    if (Array.isArray(value) && isPlain(value[0])) {
      out.push({ ...base, [key]: [...value, ...value] }, { ...base, [key]: sparse(value[0]) });
      for (const nested of variants(value[0])) {
        out.push({ ...base, [key]: [nested] });
      }
    }
  }
  for (const key of ODD_KEYS) {
    out.push(withOwnKey(base, key, 1), withOwnKey(base, key, {}));
  }
  return out;
}

/** Valid bodies of every request DTO the controllers take (src/tokens/*.controller.ts). */
const VALID: ReadonlyArray<readonly [Class, Plain[]]> = [
  [
    IssueRtcTokenDto,
    [
      { channel: 'demo-room', uid: 1001, role: 'publisher' },
      {
        channel: 'demo room!',
        account: 'alice',
        role: 'subscriber',
        ttlSeconds: 600,
        privileges: {
          joinChannel: 300,
          publishAudioStream: 100,
          publishVideoStream: 100,
          publishDataStream: 100,
        },
        rtm: { userId: 'alice', ttlSeconds: 60 },
        version: '007',
        project: 'default',
      },
      { channel: '*', uid: 0, role: 'publisher', version: '006', privileges: {}, rtm: {} },
    ],
  ],
  [
    IssueTokenDto,
    [
      {
        services: {
          rtc: { channel: 'c', uid: 1, role: 'publisher', privileges: { joinChannel: 10 } },
          rtm: { userId: 'u' },
        },
        ttlSeconds: 60,
        project: 'default',
      },
      {
        services: {
          rtm2: {
            userId: 'u',
            permissions: [{ resource: 'messageChannels', permission: 'read', names: ['a', 'b'] }],
          },
          chat: { kind: 'user', userId: 'u' },
          fpa: {},
          apaas: { roomUuid: 'r', userUuid: '', role: -1 },
          streaming: { channel: 'c', account: 'a', privileges: { publishMixStream: 10 } },
          convoai: {},
          stt: {},
          fcdn: { channel: 'c', uid: 5, role: 'subscriber' },
        },
      },
      { services: { chat: { kind: 'app' } } },
    ],
  ],
  [
    IssueRtmTokenDto,
    [
      { userId: 'alice' },
      {
        userId: 'alice',
        ttlSeconds: 60,
        permissions: [{ resource: 'users', permission: 'write', names: ['bob'] }],
        project: 'p-1',
      },
    ],
  ],
  [
    IssueChatTokenDto,
    [
      { kind: 'user', userId: 'alice', ttlSeconds: 1 },
      { kind: 'app', project: 'default' },
    ],
  ],
  [
    InspectTokenDto,
    [{ token: '007abc' }, { token: '006x', channel: 'c', uid: 1 }, { token: 't', account: 'a' }],
  ],
  [
    FetchRtcTokenDto,
    [
      { uid: 1, ChannelName: 'c', role: 1 },
      { uid: 0, channelName: 'c', role: 2 },
    ],
  ],
  [
    GetTokenDto,
    [
      { tokenType: 'rtc', channel: 'c', role: 'publisher', uid: '1001', expire: 0 },
      { tokenType: 'rtm', uid: 'alice', channel: 's' },
      { tokenType: 'chat' },
      { tokenType: 'chat', uid: '', expire: 60 },
    ],
  ],
];

/** Whole values in place of a body. */
const ODD_BODIES = (valid: Plain): unknown[] => [
  ...ODD_VALUES,
  [valid],
  Object.assign(Object.create(null) as Plain, valid),
  Object.freeze({ ...valid }),
  Promise.resolve(valid),
  // A thenable that never settles would hang both pipes alike.
  { ...valid, then: (resolve: (value: unknown) => void) => resolve('settled') },
];

describe(`${ApiValidationPipe.name} equivalence with Nest's ValidationPipe`, () => {
  it.each(VALID.map(([metatype, bodies]) => [metatype.name, metatype, bodies] as const))(
    'should answer exactly as Nest does for %s bodies, valid and altered',
    async (_name, metatype, bodies) => {
      const inputs = [...bodies.flatMap(variants), ...ODD_BODIES(bodies[0]!)];
      const { mismatches, accepted } = await compare(
        inputs.map((input) => [body(metatype), input]),
      );
      expect(mismatches).toEqual([]);
      expect(accepted).toBeGreaterThan(bodies.length);
    },
  );

  it('should answer exactly as Nest does for random bodies', async () => {
    const valid = VALID.flatMap(([metatype, bodies]) => bodies.map((b) => [metatype, b] as const));
    const field = (values: unknown[]) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...values) },
        { weight: 1, arbitrary: fc.constantFrom(...ODD_VALUES) },
        { weight: 1, arbitrary: fc.jsonValue() },
      );
    // Each field takes its value from a valid body of the same DTO, an odd value or random JSON.
    const arbitrary = fc.constantFrom(...VALID).chain(([metatype, bodies]) => {
      const keys = [...new Set(bodies.flatMap((b) => Object.keys(b)))];
      const shape = Object.fromEntries(
        keys.map((key) => [key, field(bodies.filter((b) => key in b).map((b) => b[key]))]),
      );
      const extra = fc.dictionary(fc.constantFrom(...ODD_KEYS, 'x'), fc.jsonValue(), {
        maxKeys: 1,
      });
      return fc.tuple(
        fc.constant(metatype),
        fc.oneof(
          { weight: 8, arbitrary: fc.record(shape, { requiredKeys: [] }) },
          {
            weight: 1,
            arbitrary: fc.tuple(fc.record(shape), extra).map(([b, e]) => ({ ...b, ...e })),
          },
          { weight: 1, arbitrary: fc.anything({ withNullPrototype: true, withSparseArray: true }) },
        ),
      );
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([metatype, input]) => {
        const result = await compare([[body(metatype), input]]);
        accepted += result.accepted;
        expect(result.mismatches).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    expect(valid.length).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(300);
  });

  it('should leave custom decorators and primitive params as Nest does', async () => {
    const session = { appId: 'a', subject: 's', scopes: ['x'] };
    const values: unknown[] = [undefined, null, '', 'x', '1', 'true', 'false', 0, 1, session, []];
    const params: ArgumentMetadata[] = [
      { type: 'custom', metatype: Object },
      { type: 'custom', metatype: String },
      { type: 'custom', metatype: IssueRtcTokenDto },
      { type: 'custom', metatype: undefined },
      { type: 'param', metatype: String, data: 'id' },
      { type: 'param', metatype: Number, data: 'id' },
      { type: 'query', metatype: Boolean, data: 'flag' },
      { type: 'query', metatype: IssueRtcTokenDto },
      { type: 'body', metatype: undefined },
      { type: 'body', metatype: Object },
      { type: 'body', metatype: String },
    ];
    const { mismatches } = await compare(
      params.flatMap((metadata) => values.map((value) => [metadata, value] as const)),
    );
    expect(mismatches).toEqual([]);
  });

  it('should build valid bodies without falling back to Nest', async () => {
    const fallback = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      for (const [metatype, bodies] of VALID) {
        for (const valid of bodies) {
          await expect(pipe.transform(clone(valid), body(metatype))).resolves.toBeInstanceOf(
            metatype,
          );
        }
      }
      expect(fallback).not.toHaveBeenCalled();
    } finally {
      fallback.mockRestore();
    }
  });
});

// Decorators and shapes the project's DTOs do not use (yet): the pipe must still answer as Nest.
class LeafDto {
  @IsString()
  name!: string;
}

class ParentDto {
  @IsInt()
  id!: number;
}

class ChildDto extends ParentDto {
  @IsDefined()
  @IsString()
  label!: string;

  @IsOptional()
  @IsArray()
  tags?: unknown[];

  @IsOptional()
  @IsObject()
  meta?: object;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => LeafDto)
  leaves?: LeafDto[];

  @IsOptional()
  @ValidateNested()
  untyped?: object;

  @Allow()
  handler: unknown = () => 'default';

  @IsOptional()
  @IsInt()
  level?: number = 1;
}

class UndecoratedFieldDto {
  @IsString()
  name!: string;

  note?: string;
}

class TransformedDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  name!: string;
}

class ExposedDto {
  @Expose({ name: 'full_name' })
  @IsString()
  name!: string;
}

class ExcludedDto {
  @IsString()
  name!: string;

  @Exclude()
  @IsOptional()
  secret?: string;
}

class KindDto {
  @IsString()
  kind!: string;
}

class OtherKindDto extends KindDto {}

class DiscriminatedDto {
  @ValidateNested()
  @Type(() => KindDto, {
    keepDiscriminatorProperty: true,
    discriminator: { property: 'kind', subTypes: [{ name: 'other', value: OtherKindDto }] },
  })
  item!: KindDto;
}

class PromisedDto {
  @ValidatePromise()
  @IsOptional()
  later?: Promise<string>;
}

class AsyncCheckedDto {
  @IsString()
  name!: string;
}
registerDecorator({
  name: 'isNotBob',
  target: AsyncCheckedDto,
  propertyName: 'name',
  async: true,
  validator: { validate: (value: unknown) => Promise.resolve(value !== 'bob') },
});

class PromiseReturningDto {
  @IsString()
  name!: string;
}
registerDecorator({
  name: 'isNotEve',
  target: PromiseReturningDto,
  propertyName: 'name',
  validator: { validate: (value: unknown) => Promise.resolve(value !== 'eve') },
});

class GetterDto {
  @IsOptional()
  @IsString()
  get name(): string {
    return 'fixed';
  }
}

class DatedDto {
  @IsOptional()
  @Type(() => Date)
  at?: Date;

  @IsOptional()
  @Type(() => Set)
  set?: Set<string>;

  @IsOptional()
  @ValidateNested()
  @Type(() => LeafDto)
  leafSet?: Set<LeafDto>;
}

const SYNTHETIC: ReadonlyArray<readonly [Class, Plain[]]> = [
  [
    ChildDto,
    [
      { id: 1, label: 'a' },
      {
        id: 2,
        label: 'b',
        tags: ['x', 1, null],
        meta: { a: [1, { b: 2 }] },
        leaves: [{ name: 'l1' }, { name: 'l2' }],
        level: 3,
      },
      { id: 3, label: 'c', handler: 'overridden' },
    ],
  ],
  [UndecoratedFieldDto, [{ name: 'n' }, { name: 'n', note: 'x' }]],
  [TransformedDto, [{ name: ' n ' }]],
  [ExposedDto, [{ full_name: 'n' }, { name: 'n' }]],
  [ExcludedDto, [{ name: 'n' }, { name: 'n', secret: 's' }]],
  [DiscriminatedDto, [{ item: { kind: 'other' } }, { item: { kind: 'k' } }]],
  [PromisedDto, [{}, { later: 'x' }]],
  [AsyncCheckedDto, [{ name: 'alice' }, { name: 'bob' }]],
  [PromiseReturningDto, [{ name: 'alice' }, { name: 'eve' }]],
  [GetterDto, [{}, { name: 'x' }]],
  [DatedDto, [{}, { at: '2020-01-01T00:00:00Z' }, { set: ['a'] }, { leafSet: [{ name: 'a' }] }]],
];

describe(`${ApiValidationPipe.name} on decorators the project does not use yet`, () => {
  it.each(SYNTHETIC.map(([metatype, bodies]) => [metatype.name, metatype, bodies] as const))(
    'should answer exactly as Nest does for %s bodies',
    async (_name, metatype, bodies) => {
      const inputs = [...bodies.flatMap(variants), ...ODD_BODIES(bodies[0]!)];
      const { mismatches } = await compare(inputs.map((input) => [body(metatype), input]));
      expect(mismatches).toEqual([]);
    },
  );
});
