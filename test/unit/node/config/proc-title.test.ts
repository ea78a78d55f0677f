import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { expandProcTitle, validateProcTitle, type ProcTitleVars } from '../../../../src/node/config/proc-title.js'

const vars: ProcTitleVars = {
  title: 'rcl-node', 'listen-addr': '127.0.0.1:7911', 'server-mode': '', port: '7911', 'tls-port': '0',
  unixsocket: '', 'config-file': '-',
}

describe('expandProcTitle', () => {
  it('replaces each variable and trims the spaces an empty one leaves', () => {
    assert.equal(expandProcTitle('{title} {listen-addr} {server-mode}', vars), 'rcl-node 127.0.0.1:7911')
    assert.equal(expandProcTitle('{title} [{config-file}] {port} {tls-port} u={unixsocket}', vars), 'rcl-node [-] 7911 0 u=')
    assert.equal(expandProcTitle('  {title}  {port}  ', vars), 'rcl-node  7911')
  })

  it('reads "{{" as "{" and leaves "}" alone, as redis-server does', () => {
    // what `ps` shows for these templates under redis-server 7.0.15
    assert.equal(expandProcTitle('x {{ }} y', vars), 'x { }} y')
    assert.equal(expandProcTitle('{port}}', vars), '7911}')
    assert.equal(expandProcTitle('x}y', vars), 'x}y')
  })

  it('gives null for an unknown variable or an unclosed brace', () => {
    assert.equal(expandProcTitle('{unknown}', vars), null)
    assert.equal(expandProcTitle('{title', vars), null)
    assert.equal(expandProcTitle('abc {', vars), null)
    assert.equal(expandProcTitle('{__proto__}', vars), null)
  })
})

describe('validateProcTitle', () => {
  it('refuses templates that cannot give a title, with Redis\'s reason', () => {
    for (const t of ['', '{title}', '{unknown}', '{title', '   ']) {
      assert.equal(validateProcTitle(t), 'template format is invalid or contains unknown variables', t)
    }
    for (const t of ['{title} {listen-addr} {server-mode}', '{port}', 'x', '{unixsocket}']) assert.equal(validateProcTitle(t), null, t)
  })
})
