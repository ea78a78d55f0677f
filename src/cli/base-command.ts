// RclCommand: what every rcl command shares: --dir (the state directory), --json (the returned result
// as one JSON object), progress rendered as redis-cli-style lines, and library errors printed as
// "[ERR] message" with their hint and exit status 1, or 2 for a request that makes no sense (or
// {"error": {...}} under --json).
import { Command, Flags } from '@oclif/core'
import { RclError } from '../lib/errors.js'
import type { Progress } from '../lib/progress.js'
import { resolveStateDir } from '../lib/process/state-dir.js'
import { painter, progressLine, useColor } from './render.js'

export abstract class RclCommand extends Command {
  static enableJsonFlag = true

  static baseFlags = {
    dir: Flags.string({
      description: 'state directory holding the nodes rcl starts [default: $RCL_DIR or ./.rcl]',
      helpValue: '<path>',
      helpGroup: 'GLOBAL',
    }),
  }

  protected get paint() {
    return painter(useColor(process.stdout))
  }

  protected stateDirOf(flags: { dir?: string }): string {
    return resolveStateDir(flags.dir)
  }

  /** Progress lines on stdout, unless the output is JSON. */
  protected readonly progress = (p: Progress): void => {
    if (!this.jsonEnabled()) this.log(progressLine(p, this.paint))
  }

  protected async catch(err: Error & { exitCode?: number; oclif?: unknown }): Promise<unknown> {
    // oclif's own errors (unknown flags, missing arguments) keep oclif's wording and exit status 2
    if (err.oclif !== undefined || typeof err.message !== 'string') return super.catch(err)
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
