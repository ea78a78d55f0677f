// An in-memory network for cluster-bus tests: many Cluster instances in one process, bytes delivered
// 1 ms after they are written (in write order) by FakeTimers, hosts that can go silent or stop
// reading. Each node gets a view bound to its own IP, so sockets report real-looking addresses.
import { EventEmitter } from 'node:events'
import type { BusListener, BusNetwork, BusSocket } from '../../src/node/cluster/bus-link.js'
import type { FakeTimers } from './fake-timers.js'

class FakeSocket extends EventEmitter implements BusSocket {
  peer: FakeSocket | null = null
  writableLength = 0
  destroyed = false

  constructor(private readonly net: FakeBusNetwork, readonly localAddress: string, readonly remoteAddress: string) { super() }

  write(bytes: Buffer): boolean {
    if (this.destroyed) return false
    const copy = Buffer.from(bytes)
    this.writableLength += copy.length
    // a peer that stopped reading keeps everything queued here, as a full TCP window would
    if (this.net.stalled.has(this.remoteAddress)) return false
    this.net.timers.after(1, () => {
      this.writableLength -= copy.length
      const p = this.peer
      if (p === null || p.destroyed || this.destroyed || this.net.silent(this.localAddress, this.remoteAddress)) return
      p.emit('data', copy)
    })
    return true
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.net.timers.after(1, () => {
      this.emit('close')
      const p = this.peer
      if (p !== null && !p.destroyed) {
        p.destroyed = true
        p.emit('close')
      }
    })
  }
}

/** The shared fake network. */
export class FakeBusNetwork {
  private readonly listeners = new Map<string, (s: BusSocket) => void>()
  /** Hosts whose packets are lost both ways and whose port refuses new connections. */
  readonly down = new Set<string>()
  /** Hosts that accept data but never read it (their peers' send buffers grow). */
  readonly stalled = new Set<string>()
  /** Host pairs that cannot reach each other ("a|b", either order). */
  readonly cuts = new Set<string>()
  connects = 0

  constructor(readonly timers: FakeTimers) {}

  silent(a: string, b: string): boolean { return this.down.has(a) || this.down.has(b) || this.cuts.has(`${a}|${b}`) || this.cuts.has(`${b}|${a}`) }

  /** The network as seen from the host `ip`. */
  view(ip: string): BusNetwork {
    return {
      listen: async (host, port, onSocket): Promise<BusListener> => {
        const key = `${host}:${port}`
        this.listeners.set(key, onSocket)
        return { port, close: () => this.listeners.delete(key) }
      },
      connect: (host, port) => this.connect(ip, host, port),
    }
  }

  private connect(from: string, host: string, port: number): BusSocket {
    this.connects++
    const sock = new FakeSocket(this, from, host)
    this.timers.after(1, () => {
      if (sock.destroyed) return
      const accept = this.listeners.get(`${host}:${port}`)
      if (accept === undefined || this.silent(from, host)) {
        sock.destroyed = true
        sock.emit('error', new Error('connect ECONNREFUSED'))
        sock.emit('close')
        return
      }
      const server = new FakeSocket(this, host, from)
      server.peer = sock
      sock.peer = server
      accept(server)
      sock.emit('connect')
    })
    return sock
  }
}

/** A small seeded PRNG (mulberry32) so gossip picks repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
