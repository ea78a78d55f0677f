// LZF compression as Redis's bundled liblzf produces it (hash log 16, the "very fast" variant), and
// the decompressor. Matching the compressor step by step keeps our RDB/DUMP bytes equal to Redis's.

const HLOG = 16
const HSIZE = 1 << HLOG
const MAX_LIT = 1 << 5
const MAX_OFF = 1 << 13
const MAX_REF = (1 << 8) + (1 << 3)

/** Reused hash table of input positions (+1, so 0 means "empty"). */
const htab = new Int32Array(HSIZE)

const idx = (h: number): number => (((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1)) >>> 0

/**
 * Compresses `input` into at most `outLimit` bytes. Returns null when the output would not fit
 * (the caller then stores the data uncompressed), like lzf_compress returning 0.
 */
export function lzfCompress(input: Uint8Array, outLimit: number): Buffer | null {
  const inLen = input.length
  if (inLen === 0 || outLimit <= 0) return null
  htab.fill(0)
  const out = Buffer.allocUnsafe(outLimit + 16)
  const outEnd = outLimit
  let ip = 0
  let op = 1 // byte 0 is the control byte of the first literal run
  let lit = 0
  let hval = (input[0] << 8) | input[1]
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]) & 0xffffff
    const slot = idx(hval)
    const ref = htab[slot] - 1
    htab[slot] = ip + 1
    const off = ip - ref - 1
    if (ref > 0 && off < MAX_OFF && off >= 0 && input[ref + 2] === input[ip + 2] &&
        input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2
      let maxlen = inLen - ip - len
      if (maxlen > MAX_REF) maxlen = MAX_REF
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return null
      out[op - lit - 1] = lit - 1 // close the literal run
      if (lit === 0) op--
      len = matchLength(input, ref, ip, len, maxlen)
      len -= 2
      ip++
      if (len < 7) {
        out[op++] = (off >>> 8) + (len << 5)
      } else {
        out[op++] = (off >>> 8) + (7 << 5)
        out[op++] = len - 7
      }
      out[op++] = off & 0xff
      lit = 0
      op++
      ip += len + 1
      if (ip >= inLen - 2) break
      // the "very fast" variant re-hashes the last two positions of the match
      ip -= 2
      hval = (input[ip] << 8) | input[ip + 1]
      hval = ((hval << 8) | input[ip + 2]) & 0xffffff
      htab[idx(hval)] = ip + 1
      ip++
      hval = ((hval << 8) | input[ip + 2]) & 0xffffff
      htab[idx(hval)] = ip + 1
      ip++
    } else {
      if (op >= outEnd) return null
      lit++
      out[op++] = input[ip++]
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1
        lit = 0
        op++
      }
    }
  }
  if (op + 3 > outEnd) return null
  while (ip < inLen) {
    lit++
    out[op++] = input[ip++]
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1
      lit = 0
      op++
    }
  }
  out[op - lit - 1] = lit - 1
  if (lit === 0) op--
  return op > outLimit ? null : out.subarray(0, op)
}

/** Length of the match at ip against ref, stepping exactly like liblzf (including its unrolled first 16). */
function matchLength(input: Uint8Array, ref: number, ip: number, len: number, maxlen: number): number {
  if (maxlen > 16) {
    for (let k = 0; k < 16; k++) {
      len++
      if (input[ref + len] !== input[ip + len]) return len
    }
  }
  do len++
  while (len < maxlen && input[ref + len] === input[ip + len])
  return len
}

/** Decompresses LZF data that must expand to exactly `outLen` bytes; throws on malformed input. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen)
  let ip = 0
  let op = 0
  const inLen = input.length
  while (ip < inLen) {
    const ctrl = input[ip++]
    if (ctrl < 32) {
      const n = ctrl + 1
      if (op + n > outLen || ip + n > inLen) throw new Error('lzf: literal run out of bounds')
      for (let k = 0; k < n; k++) out[op++] = input[ip++]
    } else {
      let len = ctrl >>> 5
      if (len === 7) {
        if (ip >= inLen) throw new Error('lzf: truncated back reference')
        len += input[ip++]
      }
      if (ip >= inLen) throw new Error('lzf: truncated back reference')
      const ref = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1
      len += 2
      if (ref < 0 || op + len > outLen) throw new Error('lzf: back reference out of bounds')
      for (let k = 0; k < len; k++) out[op++] = out[ref + k]
    }
  }
  if (op !== outLen) throw new Error('lzf: decompressed length mismatch')
  return out
}
