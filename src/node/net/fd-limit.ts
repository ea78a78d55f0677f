// maxclients against the open-files limit, as Redis's adjustOpenFilesLimit() does: a server that
// accepted more clients than it has descriptors for would fail on its next accept() or open().
import { readFileSync } from 'node:fs'
import { ConfigError, type Config } from '../config/config.js'

/** Descriptors Redis keeps for itself beyond its clients (CONFIG_MIN_RESERVED_FDS). */
export const RESERVED_FDS = 32

/**
 * The soft RLIMIT_NOFILE of this process (Node raises it to the hard limit at start, as Redis tries to),
 * read from /proc/self/limits; Infinity when unlimited or not readable (not Linux).
 */
export function openFilesLimit(limitsText?: string): number {
  let text = limitsText
  if (text === undefined) {
    try { text = readFileSync('/proc/self/limits', 'latin1') } catch { return Infinity }
  }
  const line = text.split('\n').find((l) => l.startsWith('Max open files'))
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0]
  if (soft === undefined || soft === 'unlimited') return Infinity
  const n = Number(soft)
  return Number.isInteger(n) && n > 0 ? n : Infinity
}

/** The most clients `fdLimit` descriptors can serve (0 when not even the reserve fits). */
export function clientsForFdLimit(fdLimit: number): number {
  return Math.max(0, fdLimit - RESERVED_FDS)
}

/**
 * Start-up: maxclients lowered to what the descriptors allow, with Redis's three warnings (this process
 * cannot raise its limit: Node already did). Returns the maxclients to use.
 */
export function adjustMaxclients(requested: number, fdLimit: number, warn: (line: string) => void): number {
  const needed = requested + RESERVED_FDS
  if (fdLimit >= needed) return requested
  const reduced = clientsForFdLimit(fdLimit)
  warn(`You requested maxclients of ${requested} requiring at least ${needed} max file descriptors.`)
  warn(`Server can't set maximum open files to ${needed} because of OS error: Operation not permitted.`)
  warn(`Current maximum open files is ${fdLimit}. maxclients has been reduced to ${reduced} to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.`)
  return reduced
}

/**
 * Start-up and CONFIG SET: maxclients never exceeds what the descriptors allow. At start a larger value
 * is lowered (with the warnings); at run time it is refused with Redis's words.
 */
export function installMaxclientsLimit(config: Config, warn: (line: string) => void, fdLimit = openFilesLimit()): void {
  const requested = config.numbers.maxclients
  const allowed = adjustMaxclients(requested, fdLimit, warn)
  if (allowed !== requested) config.set('maxclients', [String(allowed)], true)
  config.onChange('maxclients', (v) => {
    const most = clientsForFdLimit(fdLimit)
    if (Number(v) > most) throw new ConfigError(`The operating system is not able to handle the specified number of clients, try with ${most}`)
  })
}
