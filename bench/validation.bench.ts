/**
 * The two candidates for "one schema per body" side by side, on identical `POST /v1/tokens/rtc`
 * bodies, in one process, alternating rounds so both see the same machine state:
 *   typebox: the service's pipe (TypeBox JSON Schema compiled by ajv, src/common/);
 *   zod:     the same rules as a zod 4 schema, run as nestjs-zod's pipe runs it (`safeParse`,
 *            issues mapped to the same 400 body).
 * Prints µs per call and the ratio zod / typebox.
 *
 *   node -r ts-node/register/transpile-only bench/validation.bench.ts
 */
import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { z } from 'zod';
import { ApiException } from '../src/common/api-error';
import { ApiValidationPipe } from '../src/common/api-validation.pipe';
import { PROJECT_NAME } from '../src/config/projects-file';
import { CHANNEL_NAME_PATTERN, MAX_UID } from '../src/tokens/dto/agora-names';
import { IssueRtcTokenDto } from '../src/tokens/dto/rtc.dto';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);
const BATCH = 256;

const name = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(new RegExp(`${CHANNEL_NAME_PATTERN.source}|^\\*$`, 'u'));
const seconds = z.number().int().min(1);
const RtcBody = z
  .strictObject({
    channel: name(63),
    uid: z.number().int().min(0).max(MAX_UID).optional(),
    account: name(255).optional(),
    role: z.enum(['publisher', 'subscriber']),
    ttlSeconds: seconds.optional(),
    privileges: z
      .strictObject({
        joinChannel: seconds.optional(),
        publishAudioStream: seconds.optional(),
        publishVideoStream: seconds.optional(),
        publishDataStream: seconds.optional(),
      })
      .optional(),
    rtm: z.strictObject({ userId: name(63).optional(), ttlSeconds: seconds.optional() }).optional(),
    version: z.enum(['007', '006']).optional(),
    project: z.string().regex(PROJECT_NAME).optional(),
  })
  .refine((body) => (body.uid === undefined) !== (body.account === undefined), {
    message: 'exactly one of uid and account is required',
  });

/** What nestjs-zod's ZodValidationPipe does, with our error body. */
class ZodPipe {
  transform(value: unknown): unknown {
    const result = RtcBody.safeParse(value);
    if (!result.success) {
      const messages = result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
      throw new ApiException(400, 'VALIDATION_FAILED', messages);
    }
    return result.data;
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

type Pipe = { transform(value: unknown, metadata: ArgumentMetadata): unknown };
const PIPES = { typebox: new ApiValidationPipe(), zod: new ZodPipe() as Pipe };
type Key = keyof typeof PIPES;

/** One timed round: fresh copies of the bodies (as a parser makes them), built outside the clock. */
function round(pipe: Pipe, bodies: object[]): { calls: number; ms: number } {
  let calls = 0;
  let ms = 0;
  while (ms < ROUND_MS) {
    const batch = Array.from({ length: BATCH }, (_, i) =>
      JSON.parse(JSON.stringify(bodies[i % bodies.length])),
    );
    const start = process.hrtime.bigint();
    for (const body of batch) {
      try {
        pipe.transform(body, metadata);
      } catch (error: unknown) {
        if (!(error instanceof ApiException)) {
          throw error;
        }
      }
    }
    ms += Number(process.hrtime.bigint() - start) / 1e6;
    calls += BATCH;
  }
  return { calls, ms };
}

function compare(label: string, bodies: object[]): void {
  const keys = Object.keys(PIPES) as Key[];
  const totals = Object.fromEntries(keys.map((k) => [k, { calls: 0, ms: 0 }])) as Record<
    Key,
    { calls: number; ms: number }
  >;
  keys.forEach((key) => round(PIPES[key], bodies)); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const key of r % 2 === 0 ? keys : [...keys].reverse()) {
      const { calls, ms } = round(PIPES[key], bodies);
      totals[key].calls += calls;
      totals[key].ms += ms;
    }
  }
  const us = (key: Key) => (totals[key].ms * 1000) / totals[key].calls;
  console.log(
    `${label.padEnd(8)} typebox+ajv ${us('typebox').toFixed(2)} µs/call   zod ${us('zod').toFixed(2)} µs/call   ` +
      `zod/typebox ${(us('zod') / us('typebox')).toFixed(2)}x`,
  );
}

/** Both must accept and refuse the same bodies, or the figures would compare different work. */
function checkAgreement(bodies: object[]): void {
  for (const body of bodies) {
    const verdicts = Object.values(PIPES).map((pipe) => {
      try {
        pipe.transform(structuredClone(body), metadata);
        return 'accepted';
      } catch {
        return 'refused';
      }
    });
    if (new Set(verdicts).size !== 1) {
      throw new Error(`pipes disagree on ${JSON.stringify(body)}: ${verdicts.join(' / ')}`);
    }
  }
}

checkAgreement([...valid, ...invalid]);
console.log(`IssueRtcTokenDto, ${ROUNDS} alternating rounds of ${ROUND_MS} ms each`);
compare('valid', valid);
compare('invalid', invalid);
