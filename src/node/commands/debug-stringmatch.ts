// The glob matcher's fuzz test behind DEBUG STRINGMATCH-TEST, as Redis's stringmatchlen_fuzz_test runs
// it: random patterns against random strings (each shorter than 32 bytes, bytes below 128), to find
// input that crashes the matcher. Kept apart from the matcher (util/glob.ts) so tests can hand it theirs.

/** A source of 32-bit random numbers. */
export type Random = () => number

/** xorshift32: fast and good enough to draw test input (seed must not be 0). */
export function xorshift32(seed: number): Random {
  let x = seed >>> 0 || 0x9e3779b9
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
}

/** Input sizes are below this, as in Redis's char[32] buffers. */
const MAX_LEN = 32

/** Runs `cycles` random matches; returns how many matched (Redis's total_matches). */
export function stringmatchFuzz(match: (pattern: string, str: string) => boolean, cycles: number, random: Random): number {
  const bytes = Buffer.allocUnsafe(MAX_LEN * 2)
  let matches = 0
  for (let i = 0; i < cycles; i++) {
    const strLen = random() % MAX_LEN
    const patLen = random() % MAX_LEN
    for (let j = 0; j < strLen + patLen; j++) bytes[j] = random() % 128
    if (match(bytes.latin1Slice(strLen, strLen + patLen), bytes.latin1Slice(0, strLen))) matches++
  }
  return matches
}
