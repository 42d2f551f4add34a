/**
 * The global validation pipe against a plain Nest `ValidationPipe` with the same options and
 * exception factory, on identical `POST /v1/tokens/rtc` bodies, in one process, alternating
 * rounds so both see the same machine state. Prints µs per call and the ratio old / new.
 *
 *   node -r ts-node/register/transpile-only bench/validation.bench.ts
 */
import 'reflect-metadata';
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiException } from '../src/common/api-error';
import { API_VALIDATION_OPTIONS, ApiValidationPipe } from '../src/common/api-validation.pipe';
import { IssueRtcTokenDto } from '../src/tokens/dto/issue-rtc-token.dto';
// Every DTO and config class registers its rules, as in the running service: class-validator
// scans all of them on each lookup, so the store's size is part of the cost.
import '../src/app.module';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);
const BATCH = 256;

/** The pipe as it was: Nest's ValidationPipe, the same options, the same error shape. */
class BaselinePipe extends ValidationPipe {
  constructor() {
    super(API_VALIDATION_OPTIONS);
  }

  override createExceptionFactory() {
    return (errors: ValidationError[] = []) =>
      new ApiException(400, 'VALIDATION_FAILED', this.flattenValidationErrors(errors));
  }
}

const metadata: ArgumentMetadata = { type: 'body', metatype: IssueRtcTokenDto, data: undefined };

/** What clients send: uid and account tokens, some with per-privilege lifetimes or RTM. */
const valid: object[] = Array.from({ length: 16 }, (_, i) => ({
  channel: `room-${i}`,
  ...(i % 2 === 0 ? { uid: 1000 + i } : { account: `user-${i}` }),
  role: i % 3 === 0 ? 'subscriber' : 'publisher',
  ...(i % 4 === 1 ? { ttlSeconds: 3600 } : {}),
  ...(i % 4 === 2 ? { privileges: { joinChannel: 600, publishAudioStream: 300 } } : {}),
  ...(i % 8 === 3 ? { rtm: { userId: `user-${i}` } } : {}),
  ...(i % 5 === 4 ? { project: 'default' } : {}),
}));

const invalid: object[] = [
  { channel: 'room', uid: 1, account: 'a', role: 'publisher' },
  { channel: 'room', role: 'publisher' },
  { channel: '', uid: -1, role: 'admin', extra: true },
  { channel: 'room', uid: '1', role: 'publisher', privileges: { joinChannel: 0 } },
  { channel: 'x'.repeat(64), account: null, role: 'subscriber', rtm: [] },
];

type Pipe = { transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> };

/** One timed round: fresh copies of the bodies (as a parser makes them), built outside the clock. */
async function round(pipe: Pipe, bodies: object[]): Promise<{ calls: number; ms: number }> {
  let calls = 0;
  let ms = 0;
  while (ms < ROUND_MS) {
    const batch = Array.from({ length: BATCH }, (_, i) =>
      JSON.parse(JSON.stringify(bodies[i % bodies.length])),
    );
    const start = process.hrtime.bigint();
    for (const body of batch) {
      await pipe.transform(body, metadata).catch((error: unknown) => {
        if (!(error instanceof ApiException)) {
          throw error;
        }
      });
    }
    ms += Number(process.hrtime.bigint() - start) / 1e6;
    calls += BATCH;
  }
  return { calls, ms };
}

async function compare(name: string, bodies: object[]): Promise<void> {
  const pipes: Record<'old' | 'new', Pipe> = {
    old: new BaselinePipe(),
    new: new ApiValidationPipe(),
  };
  const totals = { old: { calls: 0, ms: 0 }, new: { calls: 0, ms: 0 } };
  for (const key of ['old', 'new'] as const) {
    await round(pipes[key], bodies); // warm-up
  }
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
    for (const key of order) {
      const { calls, ms } = await round(pipes[key], bodies);
      totals[key].calls += calls;
      totals[key].ms += ms;
    }
  }
  const us = (key: 'old' | 'new') => (totals[key].ms * 1000) / totals[key].calls;
  console.log(
    `${name.padEnd(8)} old ${us('old').toFixed(2)} µs/call   new ${us('new').toFixed(2)} µs/call   ` +
      `old/new ${(us('old') / us('new')).toFixed(2)}x`,
  );
}

/** Both pipes must give the same answer, or the figures would compare different work. */
async function checkAgreement(pipes: Pipe[], bodies: object[]): Promise<void> {
  for (const body of bodies) {
    const answers = await Promise.all(
      pipes.map((pipe) =>
        pipe.transform(structuredClone(body), metadata).then(
          (dto) => JSON.stringify(dto),
          (error: ApiException) => JSON.stringify(error.getResponse()),
        ),
      ),
    );
    if (new Set(answers).size !== 1) {
      throw new Error(`pipes disagree on ${JSON.stringify(body)}: ${answers.join(' / ')}`);
    }
  }
}

async function main(): Promise<void> {
  await checkAgreement([new BaselinePipe(), new ApiValidationPipe()], [...valid, ...invalid]);
  console.log(`IssueRtcTokenDto, ${ROUNDS} alternating rounds of ${ROUND_MS} ms each`);
  await compare('valid', valid);
  await compare('invalid', invalid);
}

void main();
