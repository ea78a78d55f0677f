import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { rawReply } from '../../../../src/lib/ops/call.js'

describe('rawReply', () => {
  it('prints replies as redis-cli --raw does', () => {
    assert.equal(rawReply('OK'), 'OK')
    assert.equal(rawReply(42), '42')
    assert.equal(rawReply(null), '')
    assert.equal(rawReply(['master', 3, ['127.0.0.1', '7003', '0']]), 'master\n3\n127.0.0.1\n7003\n0')
    assert.equal(rawReply(Buffer.from([0xe9])), '\u00e9')
  })
})
