// CVE-2023-45145: the unix socket must never exist with wider permissions than unixsocketperm, not even
// between bind() and the chmod after it. bind() happens synchronously inside listen(), so the file is
// checked right after listen() is called, before anything else of the listener has run.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Listener } from '../../../../src/node/net/listener.js'

describe('unix socket permissions (CVE-2023-45145)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-unixsock-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const perm of [0o700, 0o770, 0o755]) {
    it(`creates the socket with mode ${perm.toString(8)} from its first moment, even under umask 000`, async () => {
      const path = join(dir, `s${perm.toString(8)}.sock`)
      const listener = new Listener({ accept: (s) => s.destroy() })
      const umask = process.umask(0)
      try {
        const listening = listener.listen({ port: 0, bind: [], unixsocket: path, unixsocketperm: perm })
        const born = statSync(path).mode & 0o777
        await listening
        assert.equal(born.toString(8), perm.toString(8), 'mode right after bind')
        assert.equal((statSync(path).mode & 0o777).toString(8), perm.toString(8), 'mode once listening')
        assert.equal(process.umask(), 0, 'the process umask is given back')
      } finally {
        process.umask(umask)
        listener.close()
      }
    })
  }
})
