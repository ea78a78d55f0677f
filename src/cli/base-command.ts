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

  protected async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (!(err instanceof RclError)) return super.catch(err)
    process.exitCode = err.exitCode
    if (this.jsonEnabled()) {
      this.logJson({ error: { code: err.code, message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }) } })
      return
    }
    const c = painter(useColor(process.stderr))
    this.logToStderr(progressLine({ kind: 'err', text: err.message }, c))
    if (err.hint !== undefined) this.logToStderr(`      hint: ${err.hint}`)
  }
}
