// BusReader: framing of a cluster-bus stream as Redis 7.0's clusterReadHandler does it, fed in
// arbitrary chunks: every split point, pipelined messages, link-closing prefixes, EOF, huge totlen.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BusReader, type BusReadEvent } from '../../../../src/node/cluster/bus-reader.js'
import { decodeBusMessage } from '../../../../src/node/cluster/bus-codec.js'
import { fixture, fixtureNames } from '../../../helpers/cluster-bus.js'

const CLOSE = { kind: 'close', log: { level: 'warning', text: 'Bad message length or signature received from Cluster bus.' } }

function feedAll(chunks: Buffer[], r = new BusReader()): BusReadEvent[] {
  return chunks.flatMap((c) => r.feed(c))
}

/** A frame prefix: signature and announced total length. */
function prefix(sig: string, totlen: number): Buffer {
  const b = Buffer.alloc(8)
  b.write(sig, 0, 'latin1')
  b.writeUInt32BE(totlen, 4)
  return b
}

describe('BusReader', () => {
  it('decodes every fixture split in two at every byte offset', () => {
    for (const name of fixtureNames()) {
      const bytes = fixture(name)
      const want = [decodeBusMessage(bytes)]
      for (let i = 1; i < bytes.length; i++) {
        const r = new BusReader()
        assert.deepEqual(r.feed(bytes.subarray(0, i)), [], `${name} @${i}`)
        assert.equal(r.hasPartial, true)
        assert.deepEqual(r.feed(bytes.subarray(i)), want, `${name} @${i}`)
        assert.equal(r.hasPartial, false)
      }
    }
  })

  it('decodes a stream fed one byte at a time', () => {
    const names = fixtureNames()
    const stream = Buffer.concat(names.map(fixture))
    const bytes = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1))
    assert.deepEqual(feedAll(bytes), names.map((n) => decodeBusMessage(fixture(n))))
  })

  it('decodes pipelined messages in one chunk and keeps the tail of the next one', () => {
    const [a, b, c] = [fixture('ping-gossip'), fixture('publish'), fixture('update')]
    const r = new BusReader()
    const events = r.feed(Buffer.concat([a, b, c.subarray(0, 100)]))
    assert.deepEqual(events, [decodeBusMessage(a), decodeBusMessage(b)])
    assert.deepEqual([r.hasPartial, r.bufferedBytes], [true, 100])
    assert.deepEqual(r.feed(c.subarray(100)), [decodeBusMessage(c)])
    assert.deepEqual([r.hasPartial, r.bufferedBytes], [false, 0])
  })

  it('copies what it keeps, so the chunks it is fed may be reused', () => {
    const msg = fixture('ping-hostname')
    const shared = Buffer.from(msg.subarray(0, 1000))
    const r = new BusReader()
    r.feed(shared)
    shared.fill(0x55)
    assert.deepEqual(r.feed(msg.subarray(1000)), [decodeBusMessage(msg)])
  })

  it('closes the link on a bad signature as soon as 8 bytes are in, and reads nothing after', () => {
    const r = new BusReader()
    assert.deepEqual(r.feed(Buffer.from('RCmB')), [], 'waits for 8 bytes like Redis')
    assert.deepEqual(r.feed(Buffer.from([0, 0, 9, 0])), [CLOSE])
    assert.equal(r.closed, true)
    assert.deepEqual(r.feed(fixture('fail')), [])
    assert.equal(r.bufferedBytes, 0)
  })

  it('closes the link when totlen is below the header size, after the messages before it', () => {
    const fail = fixture('fail')
    assert.deepEqual(feedAll([Buffer.concat([fail, prefix('RCmb', 2255), fail])]), [decodeBusMessage(fail), CLOSE])
    assert.deepEqual(feedAll([prefix('RCmb', 0)]), [CLOSE])
    assert.deepEqual(feedAll([prefix('XXXX', 2296)]), [CLOSE])
    assert.deepEqual(feedAll([Buffer.from('GET / HTTP/1.1\r\n\r\n')]), [CLOSE])
  })

  it('keeps the link after ignored, dropped and unknown-type messages', () => {
    const fail = fixture('fail')
    const v2 = Buffer.from(fail)
    v2.writeUInt16BE(2, 8)
    const long = Buffer.concat([fail, Buffer.alloc(8)])
    long.writeUInt32BE(long.length, 4)
    const unknown = Buffer.from(fail)
    unknown.writeUInt16BE(42, 12)
    const kinds = feedAll([Buffer.concat([v2, long, unknown, fail])]).map((e) => e.kind)
    assert.deepEqual(kinds, ['ignored', 'dropped', 'unknown-type', 'message'])
  })

  it('reports on EOF whether a message was cut in half', () => {
    const fail = fixture('fail')
    const whole = new BusReader()
    whole.feed(fail)
    assert.deepEqual(whole.eof(), { kind: 'free', partial: false, log: { level: 'debug', text: 'I/O error reading from node link: connection closed' } })
    for (const cut of [3, 8, 2000]) {
      const r = new BusReader()
      r.feed(fail.subarray(0, cut))
      assert.equal(r.eof().partial, true, `cut at ${cut}`)
      assert.deepEqual([r.closed, r.bufferedBytes, r.feed(fail).length], [true, 0, 0])
    }
  })

  it('holds only the bytes that arrived when a peer announces a 4 GB message', () => {
    const sizes: number[] = []
    const spied = ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const
    const originals = spied.map((k) => Buffer[k])
    spied.forEach((k, i) => {
      const orig = originals[i] as (size: number, ...rest: unknown[]) => Buffer
      ;(Buffer as unknown as Record<string, unknown>)[k] = (size: number, ...rest: unknown[]) => { sizes.push(size); return orig.call(Buffer, size, ...rest) }
    })
    const r = new BusReader()
    const before = process.memoryUsage().arrayBuffers
    try {
      r.feed(prefix('RCmb', 0xffffffff))
      const kb = Buffer.alloc(1024, 7)
      for (let i = 0; i < 256; i++) assert.deepEqual(r.feed(kb), [])
    } finally {
      spied.forEach((k, i) => { (Buffer as unknown as Record<string, unknown>)[k] = originals[i] })
    }
    assert.deepEqual([r.hasPartial, r.bufferedBytes], [true, 8 + 256 * 1024])
    assert.ok(Math.max(...sizes) <= 2 * (8 + 256 * 1024), `largest allocation ${Math.max(...sizes)}`)
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024)
  })
})
