// Cluster-bus links: the sockets between nodes (Redis's clusterLink). One outbound link per known node
// (we connect to its bus port) and one inbound link per peer that connected to us. A link only moves
// bytes: it cuts them into frames with BusReader and hands each verdict to its owner, which decides.
// The network itself is an interface so tests can run many nodes in one process over a fake one.
import { createConnection, createServer, type Socket } from 'node:net'
import { BusReader, type BusReadEvent } from './bus-reader.js'
import type { BusLogLine } from './bus-types.js'
import type { ClusterNode } from './node.js'

/** The part of a net.Socket a link uses. */
export interface BusSocket {
  write(bytes: Buffer): unknown
  destroy(): void
  /** Bytes queued but not yet handed to the kernel. */
  readonly writableLength: number
  readonly localAddress?: string
  readonly remoteAddress?: string
  on(event: 'data', fn: (chunk: Buffer) => void): unknown
  on(event: 'connect' | 'close', fn: () => void): unknown
  on(event: 'error', fn: (err: Error) => void): unknown
}

/** A bus listener; close() stops accepting. */
export interface BusListener { close(): void; readonly port: number }

/** Where links come from: the real TCP stack, or a fake network in tests. */
export interface BusNetwork {
  listen(host: string, port: number, onSocket: (socket: BusSocket) => void): Promise<BusListener>
  /** Starts connecting; 'connect' or 'error' + 'close' follow. */
  connect(host: string, port: number): BusSocket
}

/** What a link reports to its owner. */
export interface LinkEvents {
  connected(link: BusLink): void
  /** One frame verdict (message, ignored, dropped, unknown type, or close). */
  frame(link: BusLink, event: BusReadEvent): void
  /** EOF or a socket error: the link is dead and must be freed. */
  lost(link: BusLink, log: BusLogLine): void
}

let nextLinkId = 1

/** One bus connection and what CLUSTER LINKS shows about it. */
export class BusLink {
  readonly id = nextLinkId++
  /** The node on the other side; null for an inbound link until a known sender speaks on it. */
  node: ClusterNode | null
  connected: boolean
  freed = false
  private readonly reader = new BusReader()

  constructor(private readonly socket: BusSocket, readonly inbound: boolean, node: ClusterNode | null, readonly ctime: number, events: LinkEvents) {
    this.node = node
    this.connected = inbound
    socket.on('connect', () => {
      this.connected = true
      if (!this.freed) events.connected(this)
    })
    socket.on('data', (chunk) => {
      for (const ev of this.reader.feed(chunk)) {
        if (this.freed) return
        events.frame(this, ev)
      }
    })
    // an error is always followed by 'close'; only report once
    socket.on('error', () => undefined)
    socket.on('close', () => { if (!this.freed) events.lost(this, this.reader.eof().log) })
  }

  /** Queues bytes (Node buffers them while the connect is in progress, as Redis's sndbuf does). */
  send(bytes: Buffer): void {
    if (!this.freed) this.socket.write(bytes)
  }

  /** Closes the socket; the owner has already detached the link from its node. */
  free(): void {
    if (this.freed) return
    this.freed = true
    this.socket.destroy()
  }

  /** Bytes waiting to be written (CLUSTER LINKS send-buffer-used). */
  get sendBufferUsed(): number { return this.freed ? 0 : this.socket.writableLength }

  /** CLUSTER LINKS `events`: r while the link reads, w while output is pending. */
  get eventsText(): string {
    if (this.freed || !this.connected) return ''
    return this.sendBufferUsed > 0 ? 'rw' : 'r'
  }

  /** The address the peer used to reach us: how a node learns its own IP (IPv4-mapped form unwrapped). */
  get localAddress(): string { return plainIp(this.socket.localAddress) }
  get remoteAddress(): string { return plainIp(this.socket.remoteAddress) }
}

function plainIp(ip: string | undefined): string {
  if (ip === undefined) return ''
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip
}

/**
 * The real network. Keepalive is node_timeout*2 as Redis sets it, and Nagle is off because bus packets
 * are small and latency matters to failure detection.
 */
export function tcpNetwork(nodeTimeoutMs: number): BusNetwork {
  const tune = (s: Socket): Socket => {
    s.setNoDelay(true)
    s.setKeepAlive(true, Math.max(1000, nodeTimeoutMs * 2))
    return s
  }
  return {
    listen: (host, port, onSocket) => new Promise((resolve, reject) => {
      const server = createServer((s) => onSocket(tune(s)))
      server.once('error', reject)
      server.listen({ host, port }, () => {
        server.off('error', reject)
        const bound = (server.address() as { port: number }).port
        resolve({ port: bound, close: () => server.close() })
      })
    }),
    connect: (host, port) => tune(createConnection({ host, port })),
  }
}
