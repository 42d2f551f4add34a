/**
 * `npm run bench:codec`: our token library against the `agora-token` npm package on identical
 * inputs, in one process, alternating rounds so both see the same machine state. Prints
 * throughput and the ratio ours / package for build and for parse + verify, with the goal (at
 * least 3× for each) as PASS/MISS lines.
 */
import {
  RtcRole as PkgRtcRole,
  RtcTokenBuilder,
  RtmTokenBuilder,
  ChatTokenBuilder,
} from 'agora-token';
import { parseAccessToken2, verifyAccessToken2 } from '../src/agora-token/access-token2';
import { goal, printGoalTally, report } from './goals';
import { median } from './support/stats';
import type { Compression } from '../src/agora-token/compression';
import {
  buildChatUserToken,
  buildRtcTokenWithRtm,
  buildRtcTokenWithUid,
  buildRtcTokenWithUserAccount,
  buildRtmToken,
  RtcRole,
} from '../src/agora-token/builders';
// The package's parser is not part of its public index; it is the same module its builders use.
// A benchmark against that parser is the one place a private path is acceptable (never in src/).
// eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-syntax
const { AccessToken2: PkgAccessToken2 } = require('agora-token/src/AccessToken2.js') as {
  AccessToken2: new () => { from_string(t: string): boolean; verifySignature(c: string): boolean };
};

const APP_ID = '970CA35de60c44645bbae8a215061b33';
const CERT = '5CFd2fd1755d40ecb72977518be15d3b';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);

/** The mix a token service issues: RTC by uid and account, RTC+RTM, RTM and Chat. */
interface Input {
  kind: 'rtcUid' | 'rtcAccount' | 'rtcRtm' | 'rtm' | 'chat';
  channel: string;
  uid: number;
  account: string;
  publisher: boolean;
}

const inputs: Input[] = Array.from({ length: 64 }, (_, i) => ({
  kind: (['rtcUid', 'rtcUid', 'rtcAccount', 'rtcRtm', 'rtm', 'chat'] as const)[i % 6]!,
  channel: `room-${(i * 7919) % 10007}-${'x'.repeat(i % 24)}`,
  uid: 1 + ((i * 2654435761) % 4294967294),
  account: `user-${i}-${(i * 31) % 97}`,
  publisher: i % 3 !== 0,
}));

function ours(input: Input, compression: Compression, issuedAt?: number): string {
  const base = { appId: APP_ID, appCertificate: CERT, compression, issuedAt };
  const role = input.publisher ? RtcRole.Publisher : RtcRole.Subscriber;
  const common = {
    ...base,
    channelName: input.channel,
    role,
    tokenExpireSeconds: 3600,
    privilegeExpireSeconds: 3600,
  };
  switch (input.kind) {
    case 'rtcUid':
      return buildRtcTokenWithUid({ ...common, uid: input.uid });
    case 'rtcAccount':
      return buildRtcTokenWithUserAccount({ ...common, account: input.account });
    case 'rtcRtm':
      return buildRtcTokenWithRtm({ ...common, account: input.account });
    case 'rtm':
      return buildRtmToken({ ...base, userId: input.account, expireSeconds: 3600 });
    case 'chat':
      return buildChatUserToken({ ...base, userId: input.account, expireSeconds: 3600 });
  }
}

function pkg(input: Input): string {
  const role = input.publisher ? PkgRtcRole.PUBLISHER : PkgRtcRole.SUBSCRIBER;
  switch (input.kind) {
    case 'rtcUid':
      return RtcTokenBuilder.buildTokenWithUid(
        APP_ID,
        CERT,
        input.channel,
        input.uid,
        role,
        3600,
        3600,
      );
    case 'rtcAccount':
      return RtcTokenBuilder.buildTokenWithUserAccount(
        APP_ID,
        CERT,
        input.channel,
        input.account,
        role,
        3600,
        3600,
      );
    case 'rtcRtm':
      return RtcTokenBuilder.buildTokenWithRtm(
        APP_ID,
        CERT,
        input.channel,
        input.account,
        role,
        3600,
        3600,
      );
    case 'rtm':
      return RtmTokenBuilder.buildToken(APP_ID, CERT, input.account, 3600);
    case 'chat':
      return ChatTokenBuilder.buildUserToken(APP_ID, CERT, input.account, 3600);
  }
}

/** Operations per second of `fn` over the inputs for about `ms` milliseconds. */
function throughput(ms: number, fn: (i: number) => unknown): number {
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 256; i++) {
      fn(ops++ & 63);
    }
    elapsed = process.hrtime.bigint() - start;
  }
  return ops / (Number(elapsed) / 1e9);
}

/** Alternates the contenders round by round and reports each one's median throughput. */
function race(
  name: string,
  contenders: Record<string, (i: number) => unknown>,
): Record<string, number> {
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(contenders).map((k) => [k, []]),
  );
  for (const fn of Object.values(contenders)) {
    throughput(200, fn); // warm-up
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(contenders);
    if (round % 2) {
      order.reverse();
    }
    for (const [key, fn] of order) {
      samples[key]!.push(throughput(ROUND_MS, fn));
    }
  }
  const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`\n${name}`);
  for (const [key, ops] of Object.entries(result)) {
    console.log(`  ${key.padEnd(34)} ${Math.round(ops).toString().padStart(9)} ops/s`);
  }
  return result;
}

function checkAcceptedByPackage(): void {
  // Every compression we ship must be read and verified by the reference parser.
  for (const compression of ['stored', 'zlib', 'canonical'] as const) {
    for (const input of inputs) {
      const parser = new PkgAccessToken2();
      if (!parser.from_string(ours(input, compression)) || !parser.verifySignature(CERT)) {
        throw new Error(
          `the agora-token package rejected our ${compression} token (${input.kind})`,
        );
      }
    }
  }
}

checkAcceptedByPackage();
console.log(
  `agora-token codec benchmark: node ${process.version}, ${ROUNDS} alternating rounds of ${ROUND_MS} ms, 64 mixed inputs`,
);

const build = race('build (RTC uid/account, RTC+RTM, RTM, Chat)', {
  'ours (stored, default)': (i) => ours(inputs[i]!, 'stored'),
  'ours (zlib)': (i) => ours(inputs[i]!, 'zlib'),
  'agora-token package': (i) => pkg(inputs[i]!),
});

// Tokens issued across a day, not within one second: a verifier cannot reuse signing keys.
const realNow = Date.now;
const pkgTokens = inputs.map((input, i) => {
  Date.now = () => realNow() - i * 1_337_000;
  try {
    return pkg(input);
  } finally {
    Date.now = realNow;
  }
});
const ourTokens = inputs.map((input, i) =>
  ours(input, 'stored', Math.floor(realNow() / 1000) - i * 1337),
);
const verifyOurs = (token: string) => verifyAccessToken2(parseAccessToken2(token), CERT);
const verifyPkg = (token: string) => {
  const parser = new PkgAccessToken2();
  return parser.from_string(token) && parser.verifySignature(CERT);
};
const parse = race('parse + verify (the same token strings for both)', {
  'ours on package tokens': (i) => verifyOurs(pkgTokens[i]!),
  'package on package tokens': (i) => verifyPkg(pkgTokens[i]!),
  'ours on our tokens': (i) => verifyOurs(ourTokens[i]!),
  'package on our tokens': (i) => verifyPkg(ourTokens[i]!),
});

console.log(`\ngoals (issue 13; ours / package, same inputs, node ${process.version})`);
goal(
  'build (stored, our default)',
  build['ours (stored, default)']! / build['agora-token package']!,
  '>=',
  3,
  {
    unit: '×',
  },
);
goal(
  'parse + verify, package tokens',
  parse['ours on package tokens']! / parse['package on package tokens']!,
  '>=',
  3,
  {
    unit: '×',
  },
);
goal(
  'parse + verify, our tokens',
  parse['ours on our tokens']! / parse['package on our tokens']!,
  '>=',
  3,
  {
    unit: '×',
  },
);
report(
  'build with Node zlib',
  `${(build['ours (zlib)']! / build['agora-token package']!).toFixed(2)} ×`,
);
printGoalTally('bench:codec');
