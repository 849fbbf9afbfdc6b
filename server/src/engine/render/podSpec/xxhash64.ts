/** XXH64 with seed 0 (the xxHash specification), over BigInt: the hash the operator puts in some volume names. */
const mask = (1n << 64n) - 1n;
const prime1 = 11400714785074694791n;
const prime2 = 14029467366897019727n;
const prime3 = 1609587929392839161n;
const prime4 = 9650029242287828579n;
const prime5 = 2870177450012600261n;

const rotl = (value: bigint, bits: bigint) => ((value << bits) | (value >> (64n - bits))) & mask;
const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * prime2) & mask, 31n) * prime1) & mask;
const merge = (acc: bigint, lane: bigint) => (((acc ^ round(0n, lane)) * prime1) + prime4) & mask;

function read(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

export function xxhash64(text: string): bigint {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  let hash: bigint;
  if (bytes.length >= 32) {
    let v1 = (prime1 + prime2) & mask;
    let v2 = prime2;
    let v3 = 0n;
    let v4 = (mask + 1n - prime1) & mask;
    for (; offset + 32 <= bytes.length; offset += 32) {
      v1 = round(v1, read(bytes, offset, 8));
      v2 = round(v2, read(bytes, offset + 8, 8));
      v3 = round(v3, read(bytes, offset + 16, 8));
      v4 = round(v4, read(bytes, offset + 24, 8));
    }
    hash = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & mask;
    for (const lane of [v1, v2, v3, v4]) hash = merge(hash, lane);
  } else {
    hash = prime5;
  }
  hash = (hash + BigInt(bytes.length)) & mask;
  for (; offset + 8 <= bytes.length; offset += 8) {
    hash ^= round(0n, read(bytes, offset, 8));
    hash = ((rotl(hash, 27n) * prime1) + prime4) & mask;
  }
  if (offset + 4 <= bytes.length) {
    hash ^= (read(bytes, offset, 4) * prime1) & mask;
    hash = ((rotl(hash, 23n) * prime2) + prime3) & mask;
    offset += 4;
  }
  for (; offset < bytes.length; offset++) {
    hash ^= (BigInt(bytes[offset]) * prime5) & mask;
    hash = (rotl(hash, 11n) * prime1) & mask;
  }
  hash ^= hash >> 33n;
  hash = (hash * prime2) & mask;
  hash ^= hash >> 29n;
  hash = (hash * prime3) & mask;
  hash ^= hash >> 32n;
  return hash;
}
