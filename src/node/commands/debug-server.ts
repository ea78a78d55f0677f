// DEBUG subcommands that act on the server rather than the data: errors and log lines on demand, sleeping,
// the cron and its jobs (PAUSE-CRON, SET-ACTIVE-EXPIRE, REPLYBUFFER), replication ids, config rewriting,
// checksum and script switches, and the glob matcher's self test.
import { rewriteConfigFile } from '../config/rewrite.js'
import { newReplId } from '../replication/stream.js'
import { NOT_INTEGER, err } from '../resp/errors.js'
import { OK, ReplyError, simple, type Reply } from '../resp/types.js'
import { strerror } from '../util/errno.js'
import { globMatch } from '../util/glob.js'
import { parseIntStrict } from '../util/int.js'
import { atoi, strtod, type DebugSub } from './debug-common.js'
import { skipChecksumValidation } from './dump.js'
import { stringmatchFuzz, xorshift32 } from './debug-stringmatch.js'
import type { CommandContext } from './core/types.js'

function logSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.log.warning(`DEBUG LOG: ${argv[2]}`)
  return OK
}

/** Blocks the whole event loop, as Redis's nanosleep in the main thread does. */
function sleepSub(_ctx: CommandContext, argv: string[]): Reply {
  const ms = strtod(argv[2]) * 1000
  if (ms > 0 && Number.isFinite(ms)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
  return OK
}

function setActiveExpireSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.activeExpireEnabled = atoi(argv[2]) !== 0
  return OK
}

function skipChecksumSub(ctx: CommandContext, argv: string[]): Reply {
  if (atoi(argv[2]) !== 0) skipChecksumValidation.add(ctx.server)
  else skipChecksumValidation.delete(ctx.server)
  return OK
}

/** PAUSE-CRON <0|1>: the whole cron stops (expiry cycle, timeouts, save points, reply buffers, ...). */
function pauseCronSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.cronPaused = atoi(argv[2]) !== 0
  return OK
}

function setDisableDenyScriptsSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.disableDenyScripts = atoi(argv[2]) !== 0
  return OK
}

/** REPLYBUFFER PEAK-RESET-TIME <NEVER|RESET|ms> | RESIZING <0|1>: the knobs of net/reply-buffer.ts. */
function replyBufferSub(ctx: CommandContext, argv: string[]): Reply {
  const resizer = ctx.server.replyBuffers
  const what = argv[2].toLowerCase()
  if (what === 'resizing') {
    resizer.resizing = atoi(argv[3]) !== 0
    return OK
  }
  if (what !== 'peak-reset-time') return syntaxError(argv)
  const value = argv[3].toLowerCase()
  if (value === 'never') resizer.peakResetMs = -1
  else if (value === 'reset') resizer.restoreDefaultPeakReset()
  else {
    const ms = parseIntStrict(argv[3])
    if (ms === null) return NOT_INTEGER
    // a negative time never comes, so it means never, as in Redis
    resizer.peakResetMs = ms
  }
  return OK
}

/**
 * CHANGE-REPL-ID: a new replication id, and no second one (changeReplicationId + clearReplicationId2), so
 * no replica can continue partially from before.
 */
function changeReplIdSub(ctx: CommandContext): Reply {
  ctx.server.log.warning('Changing replication IDs after receiving DEBUG change-repl-id')
  const stream = ctx.server.replication.stream
  stream.flush()
  stream.replid = newReplId()
  stream.replid2 = '0'.repeat(40)
  stream.secondOffset = -1
  return OK
}

/**
 * CONFIG-REWRITE-FORCE-ALL: CONFIG REWRITE writing every directive, defaults included. Without a config file
 * Redis hands a null path to open(), which fails with EFAULT; the reply says so the same way.
 */
function configRewriteForceAllSub(ctx: CommandContext): Reply {
  const config = ctx.server.config
  if (config.configFile === null) return err('CONFIG-REWRITE-FORCE-ALL failed: Bad address')
  try {
    rewriteConfigFile(config, config.configFile, true)
  } catch (e) {
    return err(`CONFIG-REWRITE-FORCE-ALL failed: ${strerror(e)}`)
  }
  return OK
}

/** The cycles Redis's stringmatchlen_fuzz_test runs. */
const STRINGMATCH_CYCLES = 10_000_000

/**
 * STRINGMATCH-TEST: random patterns against random strings through the glob matcher KEYS, SCAN and
 * PSUBSCRIBE use. Redis's test passes when nothing crashed; here a matcher that throws surfaces as the
 * internal error dispatch reports.
 */
function stringmatchTestSub(): Reply {
  stringmatchFuzz(globMatch, STRINGMATCH_CYCLES, xorshift32((Math.random() * 0x100000000) >>> 0))
  return simple('Apparently Redis did not crash: test passed')
}

/** addReplySubcommandSyntaxError() */
export function syntaxError(argv: string[]): ReplyError {
  return err(`unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`)
}

export const serverSubs: DebugSub[] = [
  {
    name: 'CHANGE-REPL-ID', argc: 2, run: changeReplIdSub,
    help: ['CHANGE-REPL-ID', '    Change the replication IDs of the instance.', '    Dangerous: should be used only for testing the replication subsystem.'],
  },
  {
    name: 'CONFIG-REWRITE-FORCE-ALL', argc: 2, run: configRewriteForceAllSub,
    help: ['CONFIG-REWRITE-FORCE-ALL', '    Like CONFIG REWRITE but writes all configuration options, including', '    keywords not listed in original configuration file or default values.'],
  },
  {
    name: 'ERROR', argc: 3, run: (_c, a) => new ReplyError(a[2]),
    help: ['ERROR <string>', '    Return a Redis protocol error with <string> as message. Useful for clients', '    unit tests to simulate Redis errors.'],
  },
  { name: 'LOG', argc: 3, run: logSub, help: ['LOG <message>', '    Write <message> to the server log.'] },
  {
    name: 'SET-ACTIVE-EXPIRE', argc: 3, run: setActiveExpireSub,
    help: [
      'SET-ACTIVE-EXPIRE <0|1>',
      '    Setting it to 0 disables expiring keys in background when they are not',
      '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
      '    default.',
    ],
  },
  {
    name: 'SET-SKIP-CHECKSUM-VALIDATION', argc: 3, run: skipChecksumSub,
    help: ['SET-SKIP-CHECKSUM-VALIDATION <0|1>', '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.'],
  },
  { name: 'SLEEP', argc: 3, run: sleepSub, help: ['SLEEP <seconds>', '    Stop the server for <seconds>. Decimals allowed.'] },
  { name: 'STRINGMATCH-TEST', argc: 2, run: stringmatchTestSub, help: ['STRINGMATCH-TEST', '    Run a fuzz tester against the stringmatchlen() function.'] },
  { name: 'PAUSE-CRON', argc: 3, run: pauseCronSub, help: ['PAUSE-CRON <0|1>', '    Stop periodic cron job processing.'] },
  {
    name: 'REPLYBUFFER', argc: 4, run: replyBufferSub,
    help: [
      'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
      '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
      '    In case NEVER is provided the last observed peak will never be reset',
      '    In case RESET is provided the peak reset time will be restored to the default value',
      'REPLYBUFFER RESIZING <0|1>',
      '    Enable or disable the reply buffer resize cron job',
    ],
  },
  // not in Redis's DEBUG HELP either
  { name: 'SET-DISABLE-DENY-SCRIPTS', argc: 3, run: setDisableDenyScriptsSub, help: [] },
]
