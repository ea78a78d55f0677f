// DEBUG ASSERT, PANIC, SEGFAULT and OOM: each ends the process the way its Redis counterpart does, after
// the bug report (crash.ts). None of them replies; on a server that does not own its process (tests),
// the server shuts down instead.
import { crash } from '../crash.js'
import { stackFrames, type CrashClient } from '../crash-report.js'
import { OK, type Reply } from '../resp/types.js'
import { ANY_ARGC, type DebugSub } from './debug-common.js'
import type { CommandContext } from './core/types.js'

/** The JavaScript stack of the caller: the report's STACK TRACE and its file:line. */
function here(): string[] {
  return stackFrames(new Error().stack).slice(1)
}

const current = (ctx: CommandContext, argv: string[]): CrashClient => ({ client: ctx.client, argv, db: ctx.db })

/** serverAssertWithInfo(c, c->argv[0], 1 == 2) */
function assertSub(ctx: CommandContext, argv: string[]): Reply {
  crash(ctx.server, { kind: 'assert', expr: '1 == 2', object: argv[0] }, here(), current(ctx, argv))
  return OK
}

function panicSub(ctx: CommandContext, argv: string[]): Reply {
  const unixTime = Math.floor(ctx.server.clock.now() / 1000)
  crash(ctx.server, { kind: 'panic', message: `DEBUG PANIC called at Unix time ${unixTime}` }, here(), current(ctx, argv))
  return OK
}

/**
 * Redis writes to a read-only page and dies in its SIGSEGV handler. JavaScript cannot fault, so rcl-node
 * sends itself SIGSEGV after the report: the process ends the same way (status 128+11, a core if enabled).
 */
function segfaultSub(ctx: CommandContext, argv: string[]): Reply {
  crash(ctx.server, { kind: 'signal', signal: 'SIGSEGV', number: 11 }, here(), current(ctx, argv))
  return OK
}

/** The biggest allocation a JavaScript array buffer can be asked for, as Redis asks zmalloc for ULONG_MAX. */
const OOM_REQUEST_BYTES = Number.MAX_SAFE_INTEGER

/**
 * A real allocation that cannot succeed; its failure is handled as Redis's out-of-memory handler does
 * (log, panic, abort). Should it ever succeed, the memory is dropped and OK returned, as in Redis.
 */
function oomSub(ctx: CommandContext, argv: string[]): Reply {
  try {
    void new ArrayBuffer(OOM_REQUEST_BYTES)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    crash(ctx.server, { kind: 'oom', bytes: OOM_REQUEST_BYTES }, here(), current(ctx, argv))
  }
  return OK
}

export const crashSubs: DebugSub[] = [
  { name: 'ASSERT', argc: ANY_ARGC, run: assertSub, help: ['ASSERT', '    Crash by assertion failed.'] },
  { name: 'OOM', argc: ANY_ARGC, run: oomSub, help: ['OOM', '    Crash the server simulating an out-of-memory error.'] },
  { name: 'PANIC', argc: ANY_ARGC, run: panicSub, help: ['PANIC', '    Crash the server simulating a panic.'] },
  { name: 'SEGFAULT', argc: ANY_ARGC, run: segfaultSub, help: ['SEGFAULT', '    Crash the server with sigsegv.'] },
]
