// The library's only ioredis import: one short-lived connection to one node, with bounded connect and
// command times and no reconnection or offline queue, so a dead node fails fast instead of hanging.
// ioredis is loaded on the first connection, not on import: `rcl create` and `rcl start` spawn their
// nodes while it loads (~50 ms), and a node's clock for becoming a writable master starts at its spawn.
import type { Redis as RedisClient } from 'ioredis'
import { formatAddr, type HostPort } from './addr.js'
import { NodeUnreachableError } from './errors.js'

/**
 * Connections a caller already holds, by address (formatAddr): an operation that is given them uses
 * them instead of opening its own, and leaves them open.
 */
export type OpenClients = ReadonlyMap<string, NodeClient>

export interface NodeClient {
  readonly addr: HostPort
  /** A command; rejects with the node's error reply as an Error whose message is the reply's text. */
  call(...args: Array<string | number>): Promise<unknown>
  /** The same, with Buffers in and out: for keys, which are bytes and need not be valid UTF-8. */
  callBuffer(...args: Array<string | number | Buffer>): Promise<unknown>
  close(): void
}

export interface ConnectOptions {
  timeoutMs?: number
  password?: string
}

let ioredis: Promise<typeof RedisClient> | undefined

export async function connect(addr: HostPort, opts: ConnectOptions = {}): Promise<NodeClient> {
  const timeoutMs = opts.timeoutMs ?? 2000
  ioredis ??= import('ioredis').then((m) => m.Redis)
  const Redis = await ioredis
  const redis = new Redis({
    host: addr.host, port: addr.port, password: opts.password,
    lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, enableReadyCheck: false,
  })
  redis.on('error', () => undefined) // reported through the failing call instead
  try {
    await redis.connect()
  } catch (e) {
    redis.disconnect()
    throw new NodeUnreachableError(formatAddr(addr), (e as Error).message)
  }
  return {
    addr,
    call: (...args) => redis.call(String(args[0]), ...args.slice(1).map(String)),
    callBuffer: (...args) => redis.callBuffer(String(args[0]), ...args.slice(1).map((a) => (Buffer.isBuffer(a) ? a : String(a)))),
    close: () => redis.disconnect(),
  }
}

/** Runs `fn` with a connection that is closed afterwards, whatever happens. */
export async function withClient<T>(addr: HostPort, fn: (c: NodeClient) => Promise<T>, opts?: ConnectOptions): Promise<T> {
  const c = await connect(addr, opts)
  try {
    return await fn(c)
  } finally {
    c.close()
  }
}

/** INFO <section> as a map of field -> value. */
export async function info(c: NodeClient, section: string): Promise<Map<string, string>> {
  const text = String(await c.call('INFO', section))
  const out = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0 && !line.startsWith('#')) out.set(line.slice(0, colon), line.slice(colon + 1))
  }
  return out
}
