// One CLIENT LIST / CLIENT INFO line per client, with Redis 7.0's fields in Redis 7.0's order, and the
// client types CLIENT LIST TYPE and CLIENT KILL TYPE select on.
import type { ClientState } from '../client/state.js'
import type { Server } from '../server.js'

export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub'

/** getClientTypeByName(): null for an unknown name. */
export function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal': return 'normal'
    case 'slave': case 'replica': return 'replica'
    case 'pubsub': return 'pubsub'
    case 'master': return 'master'
    default: return null
  }
}

/** getClientType(): MONITOR clients count as normal ones. */
export function clientType(c: ClientState): ClientType {
  if (c.isMaster) return 'master'
  if (c.isReplica && !c.isMonitor) return 'replica'
  if (c.isPubsub) return 'pubsub'
  return 'normal'
}

/** The flags field, letters in Redis's order; 'N' when none applies. */
export function clientFlags(c: ClientState): string {
  let f = ''
  if (c.isMonitor) f += 'O'
  else if (c.isReplica) f += 'S'
  if (c.isMaster) f += 'M'
  if (c.isPubsub) f += 'P'
  if (c.multi !== null) f += 'x'
  if (c.blocked) f += 'b'
  if (c.dirtyCas) f += 'd'
  if (c.link.remoteAddress.startsWith('/')) f += 'U'
  if (c.readonly) f += 'r'
  if (c.noEvict) f += 'e'
  return f === '' ? 'N' : f
}

/** Bytes held by the MULTI queue (multi-mem): the queued arguments plus a small per-command overhead. */
function multiMem(c: ClientState): number {
  if (c.multi === null) return 0
  let n = 0
  for (const q of c.multi) {
    n += 16 + 8 * q.argv.length
    for (const a of q.argv) n += a.length
  }
  return n
}

/** Fixed per-client overhead we report in tot-mem (the ClientState and its context). */
const CLIENT_BASE_BYTES = 1024

/**
 * catClientInfoString(): the caller passes the running command's argv and name for itself, since
 * its own `lastCommand` is only updated after the command finishes.
 */
export function clientInfoLine(server: Server, c: ClientState, current?: { argv: string[]; cmd: string }): string {
  const now = server.clock.now()
  const link = c.link
  const qbuf = link.queryBufferBytes()
  const omem = link.outputBufferBytes()
  let argvMem = 0
  if (current) for (const a of current.argv) argvMem += a.length
  const mmem = multiMem(c)
  // the reply buffer and its peak use (net/reply-buffer.ts); a client with no socket has none
  const writer = server.clients.get(c.id)?.writer
  const rbs = writer?.size ?? 0
  const totMem = CLIENT_BASE_BYTES + qbuf + argvMem + mmem + omem + rbs
  return `id=${c.id} addr=${link.remoteAddress} laddr=${link.localAddress} fd=${link.fd} name=${c.name}` +
    ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.dbIndex} sub=${c.channels.size} psub=${c.patterns.size}` +
    ` ssub=${c.shardChannels.size} multi=${c.multi === null ? -1 : c.multi.length} qbuf=${qbuf} qbuf-free=0` +
    ` argv-mem=${argvMem} multi-mem=${mmem} rbs=${rbs} rbp=${writer?.peak ?? 0} obl=${omem} oll=0 omem=${omem}` +
    ` tot-mem=${totMem} events=${omem > 0 ? 'rw' : 'r'} cmd=${current ? current.cmd : c.lastCommand}` +
    // the master client runs as no user at all, which Redis prints as (superuser)
    ` user=${c.isMaster ? '(superuser)' : 'default'} redir=-1 resp=${c.resp}`
}
