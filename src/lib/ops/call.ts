// rcl call: one command on every node of a cluster (or only its masters / replicas), as redis-cli
// --cluster call runs it, with each node's reply or error kept apart.
import { formatAddr, local, type HostPort } from '../addr.js'
import { withClient } from '../redis-client.js'
import { loadCluster } from './load.js'

export type NodeSelection = 'all' | 'masters' | 'replicas'

export interface CallResult {
  addr: string
  /** The reply (strings, integers, arrays as ioredis returns them), absent when the call failed. */
  reply?: unknown
  /** The node's error reply, or why it could not be reached. */
  error?: string
}

export async function callAll(entry: HostPort, args: string[], only: NodeSelection = 'all'): Promise<CallResult[]> {
  const { view } = await loadCluster(entry)
  const targets = view.nodes.filter((n) => only === 'all' || (only === 'masters' ? n.role === 'master' : n.role === 'replica'))
  return Promise.all(targets.map(async (n): Promise<CallResult> => {
    const addr = formatAddr(n.addr)
    try {
      return { addr, reply: await withClient(local(n.addr), (c) => c.call(...args)) }
    } catch (e) {
      return { addr, error: (e as Error).message }
    }
  }))
}

/** A reply as redis-cli's raw mode prints it: arrays one element per line, nil as an empty line. */
export function rawReply(reply: unknown): string {
  if (reply === null || reply === undefined) return ''
  if (Array.isArray(reply)) return reply.map(rawReply).join('\n')
  if (Buffer.isBuffer(reply)) return reply.toString('latin1')
  return String(reply)
}
