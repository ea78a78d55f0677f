// RclCommand: what every rcl command shares: --dir (the state directory), --json (the returned result
// as one JSON object), progress rendered as redis-cli-style lines, and library errors printed as
// "[ERR] message" with their hint and exit status 1, or 2 for a request that makes no sense (or
// {"error": {...}} under --json).
import { Command, Flags } from '@oclif/core'
import type { ChalkInstance } from 'chalk'
import { PromptInterruptedError, RclError } from '../lib/errors.js'
import type { Progress } from '../lib/progress.js'
import { resolveStateDir } from '../lib/process/state-dir.js'
import type { MoveWrapper } from '../lib/ops/reshard.js'
import type { CheckObserver } from '../lib/ops/check.js'
import { checkLines } from './render-cluster.js'
import { painter, progressLine, useColor } from './render.js'
import { rateLine, withLiveProgress } from './tasks.js'

export abstract class RclCommand extends Command {
  static enableJsonFlag = true

  static baseFlags = {
    dir: Flags.string({
      description: 'state directory holding the nodes rcl starts [default: $RCL_DIR or ./.rcl]',
      helpValue: '<path>',
      helpGroup: 'GLOBAL',
    }),
    // redis-cli takes --cluster-yes on every subcommand, so scripts pass it uniformly; commands that ask
    // something declare their own `yes` with what it skips, and everywhere else it changes nothing
    yes: Flags.boolean({
      char: 'y',
      description: 'answer yes to every question (accepted by every command; nothing is asked here)',
      aliases: ['cluster-yes'],
      helpGroup: 'GLOBAL',
    }),
  }

  private painted: ChalkInstance | null = null

  /** Colours for stdout, decided once per command. */
  protected get paint(): ChalkInstance {
    this.painted ??= painter(useColor(process.stdout))
    return this.painted
  }

  protected stateDirOf(flags: { dir?: string }): string {
    return resolveStateDir(flags.dir)
  }

  /** True while a live (listr2) display stands in for the per-item 'detail' lines. */
  protected liveDisplay = false

  /** Prints the cluster check an operation runs first, as redis-cli does (`quiet`: without the node list). */
  protected showCheck(quiet = false): CheckObserver {
    return (report) => { for (const p of checkLines(report, quiet)) this.progress(p) }
  }

  /** Whether long work may show a live display: a terminal, and not --json. */
  protected get canShowLive(): boolean {
    return process.stdout.isTTY === true && !this.jsonEnabled()
  }

  /** Where step lines go while a live display runs (its task's line). */
  private liveStep: ((text: string) => void) | null = null

  /** Progress lines on stdout, unless the output is JSON; under a live display only warnings and errors. */
  protected readonly progress = (p: Progress): void => {
    if (p.kind === 'step') this.liveStep?.(p.text)
    if (this.jsonEnabled() || (this.liveDisplay && p.kind !== 'warn' && p.kind !== 'err')) return
    this.log(progressLine(p, this.paint))
  }

  /**
   * Runs work that prompts for nothing (create --yes, add-node) under one live line on a terminal,
   * showing each step as it starts; elsewhere the steps print as lines.
   */
  protected async withLiveSteps<T>(title: string, work: () => Promise<T>): Promise<T> {
    if (!this.canShowLive) return work()
    this.liveDisplay = true
    try {
      return await withLiveProgress(true, title, (update) => {
        this.liveStep = update
        return work()
      })
    } finally {
      this.liveStep = null
      this.liveDisplay = false
    }
  }

  /** For reshard and rebalance: on a terminal, one live line with slots, keys and keys/s while slots move. */
  protected liveMoves(): MoveWrapper {
    return async (total, run) => {
      if (!this.canShowLive) return run(() => undefined)
      this.liveDisplay = true
      const t0 = Date.now()
      try {
        // Ctrl-C is ours (interruptible()), not listr2's, which would exit mid-slot
        return await withLiveProgress(true, `Moving ${total} slots`, (update) => run((done, all, keys) => update(rateLine('slot', done, all, keys, t0))), { ownSignals: true })
      } finally {
        this.liveDisplay = false
      }
    }
  }

  /**
   * Runs work that moves slots so that Ctrl-C (or SIGTERM) stops it cleanly: the first signal aborts
   * the signal given to `work` (the slot in flight completes, no other starts), a second one exits at
   * once (130), leaving at most that slot open for rcl fix.
   */
  protected async interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    const onSignal = (): void => {
      if (controller.signal.aborted) {
        process.stderr.write('\x1b[?25h') // the live display hides the cursor
        process.exit(130)
      }
      controller.abort()
      this.logToStderr(progressLine({ kind: 'warn', text: 'Interrupted: stopping once the slot being moved is done (again to stop at once, leaving that slot for rcl fix)' }, painter(useColor(process.stderr))))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      return await work(controller.signal)
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }

  protected async catch(err: Error & { exitCode?: number; oclif?: unknown }): Promise<unknown> {
    // oclif's own errors (unknown flags, missing arguments) keep oclif's wording and exit status 2
    if (err.oclif !== undefined || typeof err.message !== 'string') return super.catch(err)
    // Ctrl-C at a prompt makes readline reject the question
    if (err.name === 'AbortError') err = new PromptInterruptedError()
    process.exitCode = err instanceof RclError ? err.exitCode : 1
    // a node's error reply (from ioredis) or any other failure is reported the same way, with a generic code
    const code = err instanceof RclError ? err.code : 'E_FAILED'
    const hint = err instanceof RclError ? err.hint : undefined
    if (this.jsonEnabled()) {
      this.logJson({ error: { code, message: err.message, ...(hint === undefined ? {} : { hint }) } })
      return
    }
    const c = painter(useColor(process.stderr))
    this.logToStderr(progressLine({ kind: 'err', text: err.message }, c))
    if (hint !== undefined) this.logToStderr(`      hint: ${hint}`)
  }
}
