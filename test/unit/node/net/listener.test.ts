import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { isLoopback, protectedModeRefuses } from '../../../../src/node/net/listener.js'

describe('protected mode', () => {
  it('refuses non-local peers when on and no password is set', () => {
    assert.equal(protectedModeRefuses(true, false, '10.1.2.3'), true)
    assert.equal(protectedModeRefuses(true, false, '::ffff:192.168.0.9'), true)
  })

  it('lets loopback and unix-socket peers in', () => {
    for (const addr of ['127.0.0.1', '::1', '::ffff:127.0.0.1', undefined]) assert.equal(protectedModeRefuses(true, false, addr), false)
    assert.equal(isLoopback('127.5.5.5'), true)
  })

  it('lets everyone in when off or when a password is set', () => {
    assert.equal(protectedModeRefuses(false, false, '10.1.2.3'), false)
    assert.equal(protectedModeRefuses(true, true, '10.1.2.3'), false)
  })
})
