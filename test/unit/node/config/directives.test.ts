import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Config } from '../../../../src/node/config/config.js'
import { DIRECTIVES } from '../../../../src/node/config/directives.js'

const fixture = new Map(
  readFileSync(new URL('../../../fixtures/redis-7.0.15-config-get-all.tsv', import.meta.url), 'latin1')
    .split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]),
)

/** The fixture was taken from a server started with these settings, not the defaults. */
const NOT_DEFAULT_IN_FIXTURE: Record<string, string> = {
  bind: '* -::*', daemonize: 'no', pidfile: '', port: '6379', save: '3600 1 300 100 60 10000',
}

describe('directive table', () => {
  it('lists exactly the names real CONFIG GET * lists', () => {
    const ours = new Config().names().sort()
    assert.deepEqual(ours, [...fixture.keys()].sort())
  })

  it('gives every directive the default Redis 7.0.15 prints', () => {
    const config = new Config()
    for (const name of config.names()) {
      if (name === 'dir') continue
      const expected = NOT_DEFAULT_IN_FIXTURE[name] ?? fixture.get(name)
      assert.equal(config.display(name), expected, name)
    }
  })

  it('starts dir at the working directory', () => {
    assert.equal(new Config().get('dir'), process.cwd())
  })

  it('has no directive twice', () => {
    const names = DIRECTIVES.flatMap((d) => [d.name, ...(d.aliases ?? [])])
    assert.equal(new Set(names).size, names.length)
  })

  it('accepts every default back as a value', () => {
    const config = new Config()
    for (const d of config.directives) {
      if (d.name === 'dir') continue
      let args = d.multiArg ? (d.default === '' ? [''] : d.default.split(' ')) : [d.default]
      if (d.name === 'replicaof') args = ['no', 'one']
      assert.doesNotThrow(() => config.set(d.name, args, true), d.name)
      assert.equal(config.get(d.name), d.default, d.name)
    }
  })
})
