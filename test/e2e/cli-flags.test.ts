// Flags every rcl command shares, read from the built oclif manifest (what the CLI itself loads), and
// run for real on a command that asks nothing.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from '../helpers/run-cli.js'

interface ManifestFlag { char?: string; aliases?: string[] }
const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url)), 'utf8')) as {
  commands: Record<string, { flags: Record<string, ManifestFlag> }>
}

describe('rcl --yes', () => {
  it('is accepted by every command, as -y and --cluster-yes too, as redis-cli takes --cluster-yes everywhere', () => {
    const ids = Object.keys(manifest.commands)
    assert.ok(ids.length >= 15, `manifest lists ${ids.length} commands`)
    for (const id of ids) {
      const yes = manifest.commands[id].flags.yes
      assert.ok(yes !== undefined, `${id} has no --yes`)
      assert.equal(yes.char, 'y', id)
      assert.deepEqual(yes.aliases, ['cluster-yes'], id)
    }
  })

  it('changes nothing for a command that asks nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-flags-'))
    try {
      const plain = await runCli(['status', '--json', '--dir', dir])
      const withYes = await runCli(['status', '--json', '--dir', dir, '--cluster-yes'])
      assert.equal(withYes.status, 0, withYes.stderr)
      assert.equal(withYes.stdout, plain.stdout)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
