import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { adjustMaxclients, clientsForFdLimit, installMaxclientsLimit, openFilesLimit } from '../../../../src/node/net/fd-limit.js'
import { Config } from '../../../../src/node/config/config.js'

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             94527                94527                processes
Max open files            128                  4096                 files
Max locked memory         8388608              8388608              bytes
`

describe('maxclients against the descriptor limit', () => {
  it('reads the soft open-files limit from /proc/self/limits text', () => {
    assert.equal(openFilesLimit(LIMITS), 128)
    assert.equal(openFilesLimit(LIMITS.replace('128  ', 'unlimited')), Infinity)
    assert.equal(openFilesLimit('nothing here'), Infinity)
    assert.ok(openFilesLimit() > 0)
  })

  it('keeps maxclients when the limit covers it and its 32 reserved descriptors', () => {
    const lines: string[] = []
    assert.equal(adjustMaxclients(10000, 10032, (l) => lines.push(l)), 10000)
    assert.deepEqual(lines, [])
  })

  it('lowers maxclients to the limit less 32, with Redis warnings', () => {
    const lines: string[] = []
    assert.equal(adjustMaxclients(10000, 128, (l) => lines.push(l)), 96)
    assert.deepEqual(lines, [
      'You requested maxclients of 10000 requiring at least 10032 max file descriptors.',
      "Server can't set maximum open files to 10032 because of OS error: Operation not permitted.",
      "Current maximum open files is 128. maxclients has been reduced to 96 to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.",
    ])
    assert.equal(clientsForFdLimit(20), 0)
  })

  it('refuses CONFIG SET maxclients beyond the limit and keeps the old value', () => {
    const config = new Config()
    installMaxclientsLimit(config, () => undefined, 128)
    assert.equal(config.numbers.maxclients, 96)
    assert.equal(config.setMany([['maxclients', '97']], { local: true }),
      "CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is not able to handle the specified number of clients, try with 96")
    assert.equal(config.get('maxclients'), '96')
    assert.equal(config.numbers.maxclients, 96)
    assert.equal(config.setMany([['maxclients', '50']], { local: true }), null)
    assert.equal(config.numbers.maxclients, 50)
  })
})
