// Per-client housekeeping run from the server cron, like Redis's clientsCron: the idle `timeout`, and
// client-output-buffer-limit (hard limit at once, soft limit after its seconds) for each client class.
import type { ClientConnection } from './link.js'
import type { Config } from '../config/config.js'
import type { Logger } from '../util/log.js'

export interface ClientsCronHost {
  readonly config: Config
  readonly log: Logger
  readonly clients: Map<number, ClientConnection>
}

interface ObufLimit { hard: number; soft: number; softSeconds: number }

/** normal / replica / pubsub limits from the canonical client-output-buffer-limit value. */
function parseLimits(value: string): ObufLimit[] {
  const w = value.split(' ')
  return [0, 1, 2].map((i) => ({ hard: Number(w[i * 4 + 1]), soft: Number(w[i * 4 + 2]), softSeconds: Number(w[i * 4 + 3]) }))
}

/** Returns the cron job; it keeps the soft-limit start times of the clients it watches. */
export function clientsCron(host: ClientsCronHost): (now: number) => void {
  let limits = parseLimits(host.config.get('client-output-buffer-limit'))
  host.config.onChange('client-output-buffer-limit', (v) => { limits = parseLimits(v) })
  const softSince = new Map<number, number>()
  return (now: number): void => {
    const timeoutSec = host.config.getInt('timeout')
    for (const conn of host.clients.values()) {
      if (timeoutSec > 0 && idleTooLong(conn, now, timeoutSec)) {
        host.log.verbose('Closing idle client')
        conn.kill()
        continue
      }
      if (overOutputLimit(conn, limits, softSince, now)) {
        host.log.warning(`Client id=${conn.client.id} addr=${conn.remoteAddress} scheduled to be closed ASAP for overcoming of output buffer limits.`)
        conn.kill()
      }
    }
    for (const id of softSince.keys()) if (!host.clients.has(id)) softSince.delete(id)
  }
}

/** Redis's clientsCronHandleTimeout: replicas, masters, blocked and pub/sub clients never time out. */
function idleTooLong(conn: ClientConnection, now: number, timeoutSec: number): boolean {
  const c = conn.client
  if (c.isReplica || c.isMaster || c.isMonitor || c.blocked || c.subscriptionCount > 0) return false
  return Math.floor(now / 1000) - Math.floor(c.lastInteraction / 1000) > timeoutSec
}

/** checkClientOutputBufferLimits(): class replica, pubsub (subscribed) or normal. */
function overOutputLimit(conn: ClientConnection, limits: ObufLimit[], softSince: Map<number, number>, now: number): boolean {
  const c = conn.client
  if (c.isMaster) return false
  const limit = limits[c.isReplica && !c.isMonitor ? 1 : c.subscriptionCount > 0 ? 2 : 0]
  if (limit.hard === 0 && limit.soft === 0) return false
  const used = conn.outputBufferBytes() + c.heldOutputBytes
  if (limit.hard > 0 && used >= limit.hard) return true
  if (limit.soft === 0 || used < limit.soft) {
    softSince.delete(c.id)
    return false
  }
  const since = softSince.get(c.id)
  if (since === undefined) {
    softSince.set(c.id, now)
    return false
  }
  return (now - since) / 1000 > limit.softSeconds
}
