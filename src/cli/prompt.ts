// Confirmation prompts as redis-cli asks them (only an exact "yes" accepts), skipped by --yes, and
// refused rather than left hanging when stdin is not a terminal.
import { createInterface } from 'node:readline/promises'
import { UsageError } from '../lib/errors.js'

/**
 * The confirmation callback a library operation calls before it changes anything. Checked at once
 * too: without a terminal and without --yes the command fails before it starts any work.
 */
export function confirmer(yes: boolean, flag = '--yes'): (question: string) => Promise<boolean> {
  if (!yes && process.stdin.isTTY !== true) throw new UsageError(`This command asks for confirmation and stdin is not a terminal: pass ${flag}`)
  return async (question) => {
    if (yes) return true
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return (await rl.question(question)).trim() === 'yes'
    } finally {
      rl.close()
    }
  }
}
