// keyPositions() of the movable-keys commands, pinned to what redis-server 7.0's COMMAND GETKEYS answers
// (test/interop/getkeys.test.ts checks the same against a live server). Cluster routing reads these
// positions, so a change here is a MOVED/CROSSSLOT decision changing: this fails fast without Redis.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CommandRegistry, keyPositions } from '../../../../src/node/commands/core/command-table.js'
import { FAMILIES } from '../../../../src/node/commands/registry.js'

const REGISTRY = new CommandRegistry(FAMILIES)

/** The key names keyPositions finds in `argv` (by name, so a wrong position reads clearly). */
function keysOf(...argv: string[]): string[] {
  const e = REGISTRY.lookup(argv[0])
  if (!e) throw new Error(`no command ${argv[0]}`)
  return keyPositions(e.spec, argv).map((p) => argv[p])
}

describe('keyPositions of the numkeys commands', () => {
  for (const cmd of ['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']) {
    it(`${cmd}: destination first, then numkeys sources; odd counts as Redis reads them`, () => {
      assert.deepEqual(keysOf(cmd, 'd', '2', 'a', 'b'), ['d', 'a', 'b'])
      assert.deepEqual(keysOf(cmd, 'd', '1', 'a', 'WEIGHTS', '2'), ['d', 'a'])
      // the key specs reject these counts; Redis's atoi() fallback lists the destination last
      assert.deepEqual(keysOf(cmd, 'd', '+2', 'a', 'b'), ['a', 'b', 'd'])
      assert.deepEqual(keysOf(cmd, 'd', ' 1', 'a', 'b'), ['a', 'd'])
      assert.deepEqual(keysOf(cmd, 'd', '02', 'a', 'b'), ['a', 'b', 'd'])
      assert.deepEqual(keysOf(cmd, 'd', '1x', 'a'), ['a', 'd'])
      // counts are cut to 32 bits
      assert.deepEqual(keysOf(cmd, 'd', '4294967297', 'a', 'b'), ['d', 'a'])
      for (const bad of ['0', '-1', '-0', '3', 'x', '', '2147483648', '4294967296', '99999999999999999999']) {
        assert.deepEqual(keysOf(cmd, 'd', bad, 'a', 'b'), [], `numkeys ${JSON.stringify(bad)}`)
      }
    })
  }

  for (const cmd of ['ZUNION', 'ZINTER', 'ZDIFF', 'ZINTERCARD', 'SINTERCARD', 'LMPOP', 'ZMPOP']) {
    it(`${cmd}: numkeys at argv[1]`, () => {
      assert.deepEqual(keysOf(cmd, '2', 'a', 'b', 'MIN'), ['a', 'b'])
      assert.deepEqual(keysOf(cmd, '1', 'a', 'b'), ['a'])
      assert.deepEqual(keysOf(cmd, '+1', 'a', 'b'), ['a'])
      assert.deepEqual(keysOf(cmd, '4', 'a', 'b', 'c'), [])
      assert.deepEqual(keysOf(cmd, '0', 'a', 'b'), [])
      assert.deepEqual(keysOf(cmd, '-1', 'a', 'b'), [])
    })
  }

  for (const cmd of ['BLMPOP', 'BZMPOP']) {
    it(`${cmd}: the timeout, then numkeys at argv[2]`, () => {
      assert.deepEqual(keysOf(cmd, '0', '2', 'a', 'b', 'LEFT'), ['a', 'b'])
      assert.deepEqual(keysOf(cmd, '1.5', '1', 'a', 'MAX', 'COUNT', '2'), ['a'])
      assert.deepEqual(keysOf(cmd, '-1', '+1', 'a', 'LEFT'), ['a'])
      assert.deepEqual(keysOf(cmd, '0', '3', 'a', 'b'), [])
      assert.deepEqual(keysOf(cmd, '0', 'x', 'a', 'b'), [])
    })
  }
})

describe('keyPositions of MIGRATE', () => {
  const head = ['MIGRATE', 'h', '1']
  it('the key argument in the one-key form', () => {
    assert.deepEqual(keysOf(...head, 'k', '0', '1000'), ['k'])
    assert.deepEqual(keysOf(...head, 'k', '0', '1000', 'COPY', 'REPLACE', 'AUTH', 'pw'), ['k'])
  })
  it('every argument after KEYS, AUTH and AUTH2 values skipped, when the key argument is empty', () => {
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'KEYS', 'a', 'b'), ['a', 'b'])
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'COPY', 'AUTH', 'KEYS', 'KEYS', 'a'), ['a'])
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'AUTH2', 'keys', 'keys', 'KEYS', 'x', 'y'), ['x', 'y'])
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'keys', 'KEYS', 'x'), ['KEYS', 'x'])
  })
  it('no keys when KEYS comes with a key argument; the key argument when KEYS is the last word', () => {
    assert.deepEqual(keysOf(...head, 'k', '0', '1000', 'KEYS', 'a'), [])
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'KEYS'), [''])
    assert.deepEqual(keysOf(...head, '', '0', '1000', 'AUTH', 'KEYS', 'KEYS'), [])
  })
})

describe('keyPositions of fixed key ranges and shard channels', () => {
  it('first/last/step rows', () => {
    assert.deepEqual(keysOf('MSET', 'a', '1', 'b', '2'), ['a', 'b'])
    assert.deepEqual(keysOf('BLPOP', 'a', 'b', '0'), ['a', 'b'])
    assert.deepEqual(keysOf('BITOP', 'AND', 'd', 'a', 'b'), ['d', 'a', 'b'])
    assert.deepEqual(keysOf('BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'), ['a', 'b'])
    assert.deepEqual(keysOf('SET', 'k', 'v', 'GET'), ['k'])
    assert.deepEqual(keysOf('BITFIELD', 'k', 'GET', 'u8', '0'), ['k'])
  })
  it('shard channels route like keys, though GETKEYS says those commands have none', () => {
    assert.deepEqual(keysOf('SPUBLISH', 'ch', 'm'), ['ch'])
    assert.deepEqual(keysOf('SSUBSCRIBE', 'a', 'b'), ['a', 'b'])
  })
})
