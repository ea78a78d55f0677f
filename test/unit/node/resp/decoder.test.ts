import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ProtocolError, RequestDecoder } from '../../../../src/node/resp/decoder.js'

function decodeAll(chunks: Buffer[], setup?: (d: RequestDecoder) => void): Array<string[] | ProtocolError> {
  const d = new RequestDecoder()
  setup?.(d)
  const out: Array<string[] | ProtocolError> = []
  for (const c of chunks) {
    d.push(c)
    for (;;) {
      const r = d.next()
      if (r === null) break
      out.push(r)
      if (r instanceof ProtocolError) return out
    }
  }
  return out
}

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

/**
 * Feeds `msg` through one reused buffer, as the socket reader does: each read is copied into `shared`,
 * pushed as borrowed, decoded, released, and then `shared` is scribbled over.
 */
function decodeBorrowed(msg: Buffer, readSizes: number[]): string[][] {
  const d = new RequestDecoder()
  const shared = Buffer.alloc(64 * 1024)
  const out: string[][] = []
  let at = 0
  for (let i = 0; at < msg.length; i++) {
    const n = Math.min(readSizes[i % readSizes.length], msg.length - at)
    msg.copy(shared, 0, at, at + n)
    at += n
    d.push(shared.subarray(0, n), true)
    for (let r = d.next(); r !== null; r = d.next()) {
      if (r instanceof ProtocolError) throw r
      out.push(r)
    }
    d.release()
    shared.fill(0x3f)
  }
  return out
}

describe('RequestDecoder', () => {
  it('keeps its own copy of unread bytes from a borrowed buffer that is then overwritten', () => {
    const big = 'v'.repeat(150_000)
    const msg = b(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${big.length}\r\n${big}\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`)
    const expected = [['SET', 'k', big], ['PING'], ['GET', 'k']]
    for (const sizes of [[1], [3, 7], [13], [1000], [65536], [5, 65536, 2]]) {
      assert.deepEqual(decodeBorrowed(msg, sizes), expected, `reads of ${sizes.join('/')} bytes`)
    }
  })

  it('keeps borrowed reads that arrive while nothing is decoded (a blocked client)', () => {
    const d = new RequestDecoder()
    const shared = Buffer.alloc(64)
    const read = (s: string): void => {
      shared.write(s, 'latin1')
      d.push(shared.subarray(0, s.length), true)
      d.release()
      shared.fill(0x3f)
    }
    read('*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nE')
    read('CHO\r\n$2\r\nhi\r\n')
    read('*1\r\n$4\r\nQUIT\r\n')
    const out: unknown[] = []
    for (let r = d.next(); r !== null; r = d.next()) out.push(r)
    assert.deepEqual(out, [['PING'], ['ECHO', 'hi'], ['QUIT']])
  })

  it('assembles a value arriving in many reads with linear copying', () => {
    // each read is copied once when queued and once when the value is joined: quadratic joining
    // (on every read) would copy ~32 times the message here
    const big = 'x'.repeat(4 * 1024 * 1024)
    const msg = b(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`)
    const { from, concat } = Buffer
    let copied = 0
    const count = (r: Buffer): Buffer => { copied += r.length; return r }
    Buffer.from = ((...a: unknown[]) => count((from as (...x: unknown[]) => Buffer)(...a))) as typeof Buffer.from
    Buffer.concat = ((...a: Parameters<typeof concat>) => count(concat(...a))) as typeof Buffer.concat
    try {
      assert.deepEqual(decodeBorrowed(msg, [65536]), [['ECHO', big]])
    } finally {
      Buffer.from = from
      Buffer.concat = concat
    }
    assert.ok(copied <= 3 * msg.length, `copied ${copied} bytes for a ${msg.length}-byte request`)
  })

  it('decodes a message split at every byte offset', () => {
    const msg = '*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$5\r\nb\x00\r\nr\r\n'
    for (let i = 1; i < msg.length; i++) {
      assert.deepEqual(decodeAll([b(msg.slice(0, i)), b(msg.slice(i))]), [['SET', 'foo', 'b\x00\r\nr']], `split at ${i}`)
    }
  })

  it('returns argv of exactly the announced length, small and past the pre-sized limit', () => {
    for (const n of [1, 3, 1024, 1025, 3000]) {
      const args = Array.from({ length: n }, (_, i) => `a${i}`)
      const msg = `*${n}\r\n` + args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')
      const [argv] = decodeAll([b(msg.slice(0, 7)), b(msg.slice(7))]) as string[][]
      assert.equal(argv.length, n)
      assert.deepEqual(argv, args)
    }
  })

  it('decodes two pipelined requests in one chunk, multibulk and inline', () => {
    assert.deepEqual(decodeAll([b('*1\r\n$4\r\nPING\r\nECHO hi\n')]), [['PING'], ['ECHO', 'hi']])
  })

  it('ignores empty inline lines and non-positive multibulk counts', () => {
    assert.deepEqual(decodeAll([b('\r\n\n*0\r\n*-1\r\nPING\r\n')]), [['PING']])
  })

  it('splits inline quoting like sdssplitargs', () => {
    assert.deepEqual(decodeAll([b('SET k "h\\x41\\n\\tz"\r\n')]), [['SET', 'k', 'hA\n\tz']])
    assert.deepEqual(decodeAll([b("SET k 'it\\'s \\n'\r\n")]), [['SET', 'k', "it's \\n"]])
    assert.deepEqual(decodeAll([b('SET ab"c d" x\r\n')]), [['SET', 'abc d', 'x']])
  })

  for (const [input, message] of [
    ['*abc\r\n', 'invalid multibulk length'],
    ['*2147483648\r\n', 'invalid multibulk length'],
    ['*1\r\nfoo\r\n', "expected '$', got 'f'"],
    ['*1\r\n$abc\r\n', 'invalid bulk length'],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'invalid bulk length'],
    ['SET "foo bar\r\n', 'unbalanced quotes in request'],
    ['SET "a"b c\r\n', 'unbalanced quotes in request'],
  ] as const) {
    it(`rejects ${JSON.stringify(input)} with "${message}"`, () => {
      const out = decodeAll([b(input)])
      assert.ok(out.at(-1) instanceof ProtocolError)
      assert.equal((out.at(-1) as ProtocolError).message, message)
    })
  }

  it('rejects a bulk length above proto-max-bulk-len before allocating', () => {
    const out = decodeAll([b('*1\r\n$2000000\r\n')], (d) => { d.maxBulkLen = 1024 * 1024 })
    assert.equal((out[0] as ProtocolError).message, 'invalid bulk length')
  })

  it('accepts 536870912 as a bulk length and waits for the data', () => {
    assert.deepEqual(decodeAll([b('*1\r\n$536870912\r\n')]), [])
  })

  it('applies the unauthenticated limits', () => {
    const many = decodeAll([b('*11\r\n')], (d) => { d.unauthenticated = true })
    assert.equal((many[0] as ProtocolError).message, 'unauthenticated multibulk length')
    const big = decodeAll([b('*1\r\n$16385\r\n')], (d) => { d.unauthenticated = true })
    assert.equal((big[0] as ProtocolError).message, 'unauthenticated bulk length')
  })

  it('rejects count lines and inline requests longer than 64 KB', () => {
    assert.equal((decodeAll([b('*' + '1'.repeat(70000))])[0] as ProtocolError).message, 'too big mbulk count string')
    assert.equal((decodeAll([b('*1\r\n$' + '1'.repeat(70000))])[0] as ProtocolError).message, 'too big bulk count string')
    assert.equal((decodeAll([b('A'.repeat(70000))])[0] as ProtocolError).message, 'too big inline request')
  })

  it('assembles a large bulk from many small chunks', () => {
    const value = 'x'.repeat(1_000_000)
    const msg = b(`*2\r\n$4\r\nECHO\r\n$${value.length}\r\n${value}\r\n`)
    const chunks: Buffer[] = []
    for (let i = 0; i < msg.length; i += 65536) chunks.push(msg.subarray(i, i + 65536))
    const out = decodeAll(chunks)
    assert.equal(out.length, 1)
    assert.equal((out[0] as string[])[1].length, value.length)
  })
})

describe('RequestDecoder inline NUL handling', () => {
  it('never completes an inline line with a NUL before the newline (as strchr-based Redis)', () => {
    assert.deepEqual(decodeAll([b('SET a\x00b c\r\nPING\r\n')]), [])
    const out = decodeAll([b('SET a\x00b\r\n' + 'x'.repeat(70000))])
    assert.equal((out[0] as ProtocolError).message, 'too big inline request')
  })
})

describe('RequestDecoder command-name reuse', () => {
  it('returns each command name exactly, whatever shares its cache slot', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `c${i.toString(36)}\xff`)
    const chunks = names.map((n) => b(`*1\r\n$${n.length}\r\n${n}\r\n`))
    const out = decodeAll([...chunks, ...chunks])
    assert.deepEqual(out, [...names, ...names].map((n) => [n]))
  })
})
