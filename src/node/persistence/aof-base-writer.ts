// A rewritten AOF base in command form (aof-use-rdb-preamble no): each key becomes the commands that
// rebuild it, aggregates in batches of 64 items as Redis writes them (AOF_REWRITE_ITEMS_PER_CMD), then
// PEXPIREAT for a TTL. It offers the same calls as RdbFileWriter, so a snapshot can produce either.
import { formatG17 } from '../util/double.js'
import { encodeCommand } from '../resp/encoder.js'
import type { RdbValue } from './rdb-value.js'

const ITEMS_PER_COMMAND = 64

export class AofBaseWriter {
  private parts: string[] = []

  /** `timestamp` (aof-timestamp-enabled): the file begins with "#TS:<it>", as rewriteAppendOnlyFileRio() writes it. */
  constructor(timestamp?: number) {
    if (timestamp !== undefined) this.parts.push(`#TS:${timestamp}\r\n`)
  }

  selectDb(db: number): this {
    this.parts.push(encodeCommand(['SELECT', String(db)]))
    return this
  }

  entry(key: string, value: RdbValue, expireAt: number | null = null): this {
    switch (value.type) {
      case 'string': this.parts.push(encodeCommand(['SET', key, value.value])); break
      case 'list': this.batches('RPUSH', key, value.items, (x) => [x]); break
      case 'set': this.batches('SADD', key, value.members, (m) => [m]); break
      case 'hash': this.batches('HMSET', key, value.entries, ([f, v]) => [f, v]); break
      case 'zset': this.batches('ZADD', key, value.entries, ([m, s]) => [formatG17(s), m]); break
    }
    if (expireAt !== null) this.parts.push(encodeCommand(['PEXPIREAT', key, String(expireAt)]))
    return this
  }

  private batches<T>(command: string, key: string, items: readonly T[], words: (item: T) => string[]): void {
    for (let i = 0; i < items.length; i += ITEMS_PER_COMMAND) {
      const argv = [command, key]
      for (const item of items.slice(i, i + ITEMS_PER_COMMAND)) argv.push(...words(item))
      this.parts.push(encodeCommand(argv))
    }
  }

  append(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes).toString('latin1'))
    return this
  }

  /** A command file has no trailer. */
  finish(): this {
    return this
  }

  take(): Buffer {
    const out = Buffer.from(this.parts.join(''), 'latin1')
    this.parts = []
    return out
  }
}
