import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { COMMAND_GATES, checkGates, insertGate, type CommandGate } from '../../../../../src/node/commands/core/gates.js'
import type { ClientContext } from '../../../../../src/node/commands/core/context.js'
import type { CommandEntry } from '../../../../../src/node/commands/core/command-table.js'
import { ReplyError } from '../../../../../src/node/resp/types.js'

const ENTRY = { spec: { name: 'set' }, isWrite: true } as unknown as CommandEntry

function ctxWith(gates: CommandGate[], isMaster = false): ClientContext {
  return { client: { isMaster }, server: { gates } } as unknown as ClientContext
}

function gate(name: string, refusal: ReplyError | null, seen: string[]): CommandGate {
  return { name, check: () => { seen.push(name); return refusal } }
}

describe('COMMAND_GATES', () => {
  it('runs in the order the replies are pinned to', () => {
    assert.deepEqual(COMMAND_GATES.map((g) => g.name), ['protected', 'readonly-replica', 'masterdown', 'disk-error', 'min-replicas', 'loading'])
  })
})

describe('insertGate', () => {
  it('puts a gate just before the named one', () => {
    const gates = [...COMMAND_GATES]
    insertGate(gates, { name: 'cluster-redirect', check: () => null }, 'readonly-replica')
    assert.deepEqual(gates.map((g) => g.name).slice(0, 3), ['protected', 'cluster-redirect', 'readonly-replica'])
  })

  it('appends when no gate has that name, or none is given', () => {
    const gates = [...COMMAND_GATES]
    insertGate(gates, { name: 'a', check: () => null }, 'no-such-gate')
    insertGate(gates, { name: 'b', check: () => null })
    assert.deepEqual(gates.map((g) => g.name).slice(-2), ['a', 'b'])
  })
})

describe('checkGates', () => {
  it('answers the first refusal and runs no gate after it', () => {
    const seen: string[] = []
    const refusal = new ReplyError('ERR second')
    const gates = [gate('one', null, seen), gate('two', refusal, seen), gate('three', new ReplyError('ERR third'), seen)]
    assert.equal(checkGates(ctxWith(gates), ENTRY, ['set', 'k', 'v']), refusal)
    assert.deepEqual(seen, ['one', 'two'])
  })

  it('lets everything through when no gate refuses', () => {
    const seen: string[] = []
    assert.equal(checkGates(ctxWith([gate('one', null, seen), gate('two', null, seen)]), ENTRY, ['set', 'k', 'v']), null)
    assert.deepEqual(seen, ['one', 'two'])
  })

  it('runs a list longer than the built-in six in order, up to the first refusal', () => {
    const seen: string[] = []
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
    const refusal = new ReplyError('ERR g')
    const gates = names.map((n) => gate(n, n === 'g' ? refusal : null, seen))
    assert.equal(checkGates(ctxWith(gates), ENTRY, ['set', 'k', 'v']), refusal)
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e', 'f', 'g'])
    seen.length = 0
    assert.equal(checkGates(ctxWith(names.map((n) => gate(n, null, seen))), ENTRY, ['set', 'k', 'v']), null)
    assert.deepEqual(seen, names)
  })

  it('stops at a refusal among the first six', () => {
    const seen: string[] = []
    const refusal = new ReplyError('ERR c')
    const gates = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => gate(n, n === 'c' ? refusal : null, seen))
    assert.equal(checkGates(ctxWith(gates), ENTRY, ['set', 'k', 'v']), refusal)
    assert.deepEqual(seen, ['a', 'b', 'c'])
  })

  it('applies what our master sends without asking any gate', () => {
    const seen: string[] = []
    assert.equal(checkGates(ctxWith([gate('one', new ReplyError('ERR no'), seen)], true), ENTRY, ['set', 'k', 'v']), null)
    assert.deepEqual(seen, [])
  })
})
