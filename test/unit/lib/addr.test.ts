import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { bindAddress, formatAddr, isLocalHost, parseAddr } from '../../../src/lib/addr.js'

describe('addresses', () => {
  it('parses host:port, names and bracketed IPv6', () => {
    assert.deepEqual(parseAddr('127.0.0.1:7000'), { host: '127.0.0.1', port: 7000 })
    assert.deepEqual(parseAddr('localhost:6379'), { host: 'localhost', port: 6379 })
    assert.deepEqual(parseAddr('[::1]:7000'), { host: '::1', port: 7000 })
    assert.equal(formatAddr({ host: '::1', port: 7000 }), '[::1]:7000')
  })

  it('rejects a missing or out-of-range port', () => {
    for (const bad of ['localhost', '127.0.0.1:', ':7000', '127.0.0.1:0', '127.0.0.1:65536', '::1:7000', '127.0.0.1:70a']) {
      assert.throws(() => parseAddr(bad), /Invalid address/, bad)
    }
  })

  it('knows the loopback hosts a node may be started on, and binds names to 127.0.0.1', () => {
    assert.ok(isLocalHost('127.0.0.1') && isLocalHost('127.0.0.2') && isLocalHost('localhost') && isLocalHost('::1'))
    assert.ok(!isLocalHost('0.0.0.0') && !isLocalHost('10.0.0.1') && !isLocalHost('example.com'))
    assert.equal(bindAddress('localhost'), '127.0.0.1')
  })
})
