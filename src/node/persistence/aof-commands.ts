// Reading the command part of AOF files: each command is a RESP array of bulk strings, exactly as a
// client would send it (written with resp/encoder.ts encodeCommand); lines starting with '#' are
// annotations (aof-timestamp-enabled writes "#TS:<unix time>"). Stricter than the network decoder,
// because a file either holds whole commands, ends in the middle of one (a torn tail after a crash),
// or is damaged.

export type AofReadResult =
  | { kind: 'done' }
  /** `maxLines` lines were read; the next one starts at `offset`. */
  | { kind: 'paused'; offset: number }
  /** The file ends inside the command that starts at `offset`. */
  | { kind: 'truncated'; offset: number }
  /** Bytes at `offset` are not a command. */
  | { kind: 'corrupt'; offset: number }

/**
 * Calls `command` for every whole command in `buf` from `from`, in order, with the offset just past it.
 * Stops at the first incomplete or malformed one and says which it was, or after `maxLines` lines
 * (commands and annotations), so that a loader can pause there.
 */
export function readAofCommands(buf: Buffer, command: (argv: string[], end: number) => void, from = 0, maxLines = Infinity): AofReadResult {
  let pos = from
  let lines = 0
  while (pos < buf.length) {
    if (lines++ === maxLines) return { kind: 'paused', offset: pos }
    const start = pos
    if (buf[pos] === 0x23) { // '#': an annotation line, skipped as Redis skips it
      const eol = buf.indexOf(0x0a, pos)
      if (eol < 0) return { kind: 'truncated', offset: start }
      pos = eol + 1
      continue
    }
    const count = readHeader(buf, pos, 0x2a) // '*'
    if (count === 'short') return { kind: 'truncated', offset: start }
    if (count === 'bad' || count.value < 1) return { kind: 'corrupt', offset: start }
    pos = count.next
    const argv: string[] = []
    for (let i = 0; i < count.value; i++) {
      const len = readHeader(buf, pos, 0x24) // '$'
      if (len === 'short') return { kind: 'truncated', offset: start }
      if (len === 'bad') return { kind: 'corrupt', offset: start }
      const end = len.next + len.value
      if (end + 2 > buf.length) return { kind: 'truncated', offset: start }
      if (buf[end] !== 0x0d || buf[end + 1] !== 0x0a) return { kind: 'corrupt', offset: start }
      argv.push(buf.latin1Slice(len.next, end))
      pos = end + 2
    }
    command(argv, pos)
  }
  return { kind: 'done' }
}

/** `<marker><digits>\r\n` at `pos`: the number and where the next byte is. */
function readHeader(buf: Buffer, pos: number, marker: number): { value: number; next: number } | 'short' | 'bad' {
  if (pos >= buf.length) return 'short'
  if (buf[pos] !== marker) return 'bad'
  let value = 0
  let i = pos + 1
  for (; i < buf.length && buf[i] !== 0x0d; i++) {
    const d = buf[i] - 0x30
    if (d < 0 || d > 9 || i - pos > 12) return 'bad'
    value = value * 10 + d
  }
  if (i + 1 >= buf.length) return 'short'
  if (i === pos + 1 || buf[i + 1] !== 0x0a) return 'bad'
  return { value, next: i + 2 }
}
