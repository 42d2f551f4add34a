/**
 * HMAC-SHA256 in plain JavaScript for the short inputs of token signing. A token costs three
 * HMACs; through node:crypto each pays ~3 µs of object set-up for under 1 µs of hashing, which made
 * signing and verification slower than everything else together. Checked against node:crypto by
 * the property tests in sha256.spec.ts; every operation here is independent of the data's value.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const BLOCK = 64;
const W = new Int32Array(64);
const state = new Int32Array(8);
const pad = new Uint8Array(BLOCK);
const tail = new Uint8Array(2 * BLOCK);
const innerDigest = new Uint8Array(32);

function compress(block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** Hashes `message` after one already-processed block (the HMAC pad), then pads (FIPS 180-4). */
function finish(message: Uint8Array, out: Uint8Array): void {
  const full = message.length - (message.length % BLOCK);
  for (let offset = 0; offset < full; offset += BLOCK) {
    compress(message, offset);
  }
  const rest = message.length - full;
  tail.fill(0);
  tail.set(message.subarray(full), 0);
  tail[rest] = 0x80;
  const tailLength = rest + 9 > BLOCK ? 2 * BLOCK : BLOCK;
  const bits = (BLOCK + message.length) * 8;
  tail[tailLength - 4] = bits >>> 24;
  tail[tailLength - 3] = bits >>> 16;
  tail[tailLength - 2] = bits >>> 8;
  tail[tailLength - 1] = bits;
  tail[tailLength - 5] = Math.floor(bits / 2 ** 32);
  for (let offset = 0; offset < tailLength; offset += BLOCK) {
    compress(tail, offset);
  }
  for (let i = 0; i < 8; i++) {
    const word = state[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = word >>> 16;
    out[i * 4 + 2] = word >>> 8;
    out[i * 4 + 3] = word;
  }
}

function keyBlock(key: Uint8Array, xor: number): void {
  state.set(IV);
  pad.fill(xor);
  for (let i = 0; i < key.length; i++) {
    pad[i] = key[i]! ^ xor;
  }
  compress(pad, 0);
}

/** HMAC-SHA256 for keys of at most 64 bytes (token keys are 4 or 32). Returns a new 32-byte Buffer. */
export function hmacSha256Small(key: Uint8Array, message: Uint8Array): Buffer {
  if (key.length > BLOCK) {
    throw new RangeError('hmacSha256Small takes keys of at most 64 bytes');
  }
  keyBlock(key, 0x36);
  finish(message, innerDigest);
  keyBlock(key, 0x5c);
  const out = Buffer.allocUnsafe(32);
  finish(innerDigest, out);
  return out;
}
