// Free ports on 127.0.0.1, found by binding, for nodes the library places itself. Cluster nodes need
// their bus port (+10000) free too, and both below Linux's ephemeral range (32768+) so that an outgoing
// connection cannot take one between the check and the node's start.
import { portInUse } from './probe.js'

const FIRST = 20000
const LAST = 22767 // + 10000 stays below 32768

/** `count` ports from a random run of consecutive free ones (and free bus ports when `bus`). */
export async function findFreePorts(count: number, bus = true, attempts = 200): Promise<number[]> {
  for (let i = 0; i < attempts; i++) {
    const base = FIRST + Math.floor(Math.random() * (LAST - FIRST - count))
    const ports = Array.from({ length: count }, (_, k) => base + k)
    const taken = await Promise.all(ports.flatMap((p) => [portInUse('127.0.0.1', p), bus ? portInUse('127.0.0.1', p + 10000) : Promise.resolve(false)]))
    if (!taken.includes(true)) return ports
  }
  throw new Error(`no run of ${count} free ports found in ${FIRST}-${LAST}`)
}
