// Keeps two nodes from sharing one nodes.conf. Redis flock()s the config file itself and never closes
// that descriptor; Node has no flock, and our atomic save renames a new inode over the file, so the lock
// is a separate `<nodes.conf>.lock` file created exclusively and holding the owner's pid. A lock whose pid
// no longer runs (the holder was killed with -9) is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { strerror } from '../util/errno.js'

/** A held lock; release() is idempotent and removes the lock file only if it is still ours. */
export interface NodesConfLock {
  /** The lock file's path. */
  readonly path: string
  release(): void
}

/** Another live process holds the lock. `message` is Redis's log line (logged at `#`, then exit 1). */
export class NodesConfLockedError extends Error {
  constructor(readonly configFile: string, readonly holderPid: number) {
    super(
      `Sorry, the cluster configuration file ${configFile} is already used by a different Redis Cluster node. ` +
        'Please make sure that different nodes use different cluster configuration files.',
    )
    this.name = 'NodesConfLockedError'
  }
}

/** The lock file could not be created or read for another reason (Redis: "Impossible to lock %s: %s"). */
export class NodesConfLockError extends Error {
  constructor(configFile: string, cause: unknown) {
    super(`Impossible to lock ${configFile}: ${strerror(cause)}`)
    this.name = 'NodesConfLockError'
  }
}

/** The lock file guarding `configFile`. */
export const lockPathFor = (configFile: string): string => `${configFile}.lock`

// Locks held by this process, so two nodes simulated in one process cannot share a file either.
const heldHere = new Set<string>()

/**
 * Takes the lock for `configFile` for this process. Throws
 * NodesConfLockedError if a live process holds it, NodesConfLockError on I/O trouble.
 *
 * A stale lock is replaced by unlink + exclusive create; two nodes starting at the same instant over the
 * same stale lock could both get past the liveness check, a window we accept for a misconfiguration.
 * A lock naming our own pid but not held by this process is stale too (a restarted container's pid 1).
 */
export function acquireNodesConfLock(configFile: string): NodesConfLock {
  const pid = process.pid
  const path = lockPathFor(configFile)
  if (heldHere.has(path)) throw new NodesConfLockedError(configFile, pid)
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, pid, configFile)) {
      heldHere.add(path)
      return makeLock(path, pid)
    }
    const holder = readHolder(path, configFile)
    if (holder === null) continue // vanished between our create and read: try again
    if (holder !== pid && isAlive(holder)) throw new NodesConfLockedError(configFile, holder)
    removeStale(path, configFile)
  }
  throw new NodesConfLockError(configFile, new Error('lock file keeps reappearing'))
}

/** True if the lock file exists and names a running process (for tools and tests). */
export function isNodesConfLocked(configFile: string): boolean {
  const holder = readHolder(lockPathFor(configFile), configFile)
  return holder !== null && isAlive(holder)
}

function tryCreate(path: string, pid: number, configFile: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o644)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new NodesConfLockError(configFile, e)
  }
  try {
    writeSync(fd, `${pid}\n`)
  } finally {
    closeSync(fd)
  }
  return true
}

/** The pid in the lock file; null if the file is gone; 0 if its content is not a pid (treated as stale). */
function readHolder(path: string, configFile: string): number | null {
  let text: string
  try {
    text = readFileSync(path, 'latin1')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new NodesConfLockError(configFile, e)
  }
  const pid = Number(text.trim())
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0
}

/**
 * Signal 0 probes a process: ESRCH means gone, EPERM means alive but someone else's. A zombie (killed,
 * not yet reaped by its parent) still answers signal 0, so /proc is asked too where it exists.
 */
function isAlive(pid: number): boolean {
  if (pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !isZombie(pid)
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    return false // no /proc (not Linux) or the process just went: signal 0 already answered
  }
}

function removeStale(path: string, configFile: string): void {
  try {
    unlinkSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new NodesConfLockError(configFile, e)
  }
}

function makeLock(path: string, pid: number): NodesConfLock {
  let held = true
  return {
    path,
    release(): void {
      if (!held) return
      held = false
      heldHere.delete(path)
      try {
        if (readFileSync(path, 'latin1').trim() === String(pid)) unlinkSync(path)
      } catch {
        // already gone: nothing to release
      }
    },
  }
}
