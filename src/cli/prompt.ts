// Confirmation prompts as redis-cli asks them (only an exact "yes" accepts), skipped by --yes, and
// refused rather than left hanging when stdin is not a terminal.
import { createInterface } from 'node:readline/promises'
import { UsageError } from '../lib/errors.js'

/**
 * The confirmation callback a library operation calls before it changes anything. Without a terminal
 * and without --yes it refuses: at once when `early` (the command then fails before doing any work),
 * otherwise only if the operation actually asks (fix asks only for some repairs).
 */
export function confirmer(yes: boolean, opts: { flag?: string; early?: boolean } = {}): (question: string) => Promise<boolean> {
  const flag = opts.flag ?? '--yes'
  const refuse = (): never => { throw new UsageError(`This command asks for confirmation and stdin is not a terminal: pass ${flag}`) }
  if (!yes && (opts.early ?? true) && process.stdin.isTTY !== true) refuse()
  return async (question) => {
    if (yes) return true
    if (process.stdin.isTTY !== true) refuse()
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    try {
      return (await rl.question(question)).trim() === 'yes'
    } finally {
      rl.close()
    }
  }
}

/** Refuses (naming the flag that answers it) a question that can't be asked: stdin is not a terminal. */
export function requireTerminal(flag: string): void {
  if (process.stdin.isTTY !== true) throw new UsageError(`Missing ${flag} (stdin is not a terminal, so it cannot be asked for)`)
}

/** One line typed by the user; refused (naming the flag that answers it) when stdin is not a terminal. */
export async function ask(question: string, flag: string): Promise<string> {
  requireTerminal(flag)
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await rl.question(question)).trim()
  } finally {
    rl.close()
  }
}
