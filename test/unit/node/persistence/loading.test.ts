// The pieces of loading at start-up that need no process: INFO's loading figures, the AOF reader's
// pauses, the "#TS:" annotation rule, and Redis's log lines for each kind of damaged file.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readAofCommands } from '../../../../src/node/persistence/aof-commands.js'
import { AofTimestamp } from '../../../../src/node/persistence/aof-writer.js'
import { LoadingState } from '../../../../src/node/persistence/loading.js'
import { dumpDamaged, rdbFaultLines } from '../../../../src/node/persistence/load-errors.js'
import { RdbFileError } from '../../../../src/node/persistence/rdb-file.js'
import { encodeCommand } from '../../../../src/node/resp/encoder.js'

describe('LoadingState', () => {
  it('reports the loading_* fields as Redis computes them, with a fake 1 s ETA in the first second', () => {
    const l = new LoadingState()
    l.start(1_000_000_500, 1000)
    l.rdbUsedMem = 4096
    l.loadedBytes = 250
    assert.deepEqual(l.infoFields(1_000_000_900), [
      ['loading_start_time', 1_000_000], ['loading_total_bytes', 1000], ['loading_rdb_used_mem', 4096],
      ['loading_loaded_bytes', 250], ['loading_loaded_perc', '25.00'], ['loading_eta_seconds', 1],
    ])
    // 10 s for 250 bytes: 750 more take (10 * 750) / 251 = 29 s
    assert.deepEqual(l.infoFields(1_000_010_000).at(-1), ['loading_eta_seconds', 29])
    l.stop()
    assert.equal(l.active, false)
  })
})

describe('readAofCommands in pieces', () => {
  it('pauses after maxLines lines (annotations count) and resumes where it stopped, as one read would', () => {
    const text = `#TS:1700000000\r\n${[['SELECT', '0'], ['SET', 'a', '1'], ['INCR', 'n'], ['DEL', 'a']].map(encodeCommand).join('')}#TS:1700000001\r\n${encodeCommand(['SET', 'b', '2'])}`
    const buf = Buffer.from(text, 'latin1')
    const whole: string[][] = []
    assert.deepEqual(readAofCommands(buf, (argv) => { whole.push(argv) }), { kind: 'done' })
    for (const lines of [1, 2, 3]) {
      const pieces: string[][] = []
      let offset = 0
      let pauses = 0
      for (;;) {
        const r = readAofCommands(buf, (argv) => { pieces.push(argv) }, offset, lines)
        if (r.kind !== 'paused') { assert.equal(r.kind, 'done'); break }
        assert.ok(r.offset > offset)
        offset = r.offset
        pauses++
      }
      assert.deepEqual(pieces, whole, `${lines} lines at a time`)
      assert.equal(pauses, Math.ceil(7 / lines) - 1) // 7 lines: two annotations, five commands
    }
  })
})

describe('AofTimestamp', () => {
  it('annotates once per new second, never for a clock going back, and always when forced', () => {
    const t = new AofTimestamp()
    assert.equal(t.next(100), '#TS:100\r\n')
    assert.equal(t.next(100), null)
    assert.equal(t.next(99), null)
    assert.equal(t.next(101), '#TS:101\r\n')
    assert.equal(t.next(101, true), '#TS:101\r\n')
  })
})

describe("Redis's lines for a dump it cannot load", () => {
  it('words each fault as redis-server 7.0.15 logs it, with the progress offset', () => {
    const crc = new RdbFileError('Wrong RDB checksum', 96, 'checksum', { computed: 0x340cb8157e4f5fe5n, stored: 0x340cb8007e4f5fe5n })
    assert.deepEqual(rdbFaultLines(crc, 0), [
      'Wrong RDB checksum expected: (340cb8157e4f5fe5) but got (340cb8007e4f5fe5). Aborting now.',
      'Internal error in RDB reading offset 0, function at rdb.c:3225 -> RDB CRC error',
    ])
    assert.deepEqual(rdbFaultLines(new RdbFileError('unexpected end of payload', 55, 'eof'), 2097152), [
      'Short read or OOM loading DB. Unrecoverable error, aborting now.',
      'Internal error in RDB reading offset 2097152, function at rdb.c:3249 -> Unexpected EOF reading RDB file',
    ])
    assert.deepEqual(rdbFaultLines(new RdbFileError('Unknown RDB encoding type 99', 85, 'type'), 0), [
      'Internal error in RDB reading offset 0, function at rdb.c:2681 -> Unknown RDB encoding type 99',
    ])
    assert.deepEqual(dumpDamaged('/d/dump.rdb', new RdbFileError("Can't handle RDB format version 99", 5, 'version'), 0).lines, [
      "Can't handle RDB format version 99",
      "Can't load the dump /d/dump.rdb: Can't handle RDB format version 99 (at offset 5)",
      'Fatal error loading the DB: Invalid argument. Exiting.',
    ])
  })
})
