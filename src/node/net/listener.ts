// Accepting connections: TCP on each bind address and the optional unix socket, maxclients and
// protected mode, handing each socket to a Connection.
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { chmodSync, unlinkSync } from 'node:fs'

export interface ListenerHooks {
  /** A new client, paused: its reader (net/socket-reader.ts) starts the reading. */
  accept(socket: Socket): void
  /** accept() failed; the listener goes on. */
  acceptError?(e: NodeJS.ErrnoException): void
}

export interface ListenSpec {
  port: number
  /** Addresses from the bind directive; '*' and '-::*' mean all IPv4/IPv6 (a leading '-' = optional). */
  bind: string[]
  unixsocket: string
  unixsocketperm: number
}

/** Listening sockets of one server; closes them all together. */
export class Listener {
  private readonly servers: NetServer[] = []
  /** The port actually bound (differs from the requested one when it was 0). */
  port = 0

  constructor(private readonly hooks: ListenerHooks) {}

  async listen(spec: ListenSpec): Promise<void> {
    if (spec.port !== 0 || spec.unixsocket === '') {
      let port = spec.port
      for (const raw of spec.bind) {
        const optional = raw.startsWith('-')
        const host = optional ? raw.slice(1) : raw
        try {
          port = await this.listenTcp(translateBind(host), port)
          this.port = port
        } catch (e) {
          if (!optional) throw e
        }
      }
    }
    if (spec.unixsocket !== '') {
      try { unlinkSync(spec.unixsocket) } catch { /* not there */ }
      await this.listenPath(spec.unixsocket, spec.unixsocketperm)
      if (spec.unixsocketperm) chmodSync(spec.unixsocket, spec.unixsocketperm)
    }
  }

  private listenTcp(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const srv = createServer({ noDelay: true, pauseOnConnect: true }, (s) => this.hooks.accept(s))
      srv.once('error', reject)
      srv.listen({ host, port, backlog: 511, ipv6Only: host === '::' }, () => {
        srv.removeListener('error', reject)
        this.keepServing(srv)
        this.servers.push(srv)
        resolve((srv.address() as { port: number }).port)
      })
    })
  }

  /**
   * The socket file is created (bind() runs inside listen(), synchronously) under a umask that already
   * gives it `perm`, so there is no moment in which it is open to more users than configured: a chmod
   * after bind left a window that a permissive umask turned into unauthorised connections
   * (CVE-2023-45145). The chmod after it stays, as Redis keeps it, for the bits a umask cannot set.
   */
  private listenPath(path: string, perm: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const srv = createServer({ pauseOnConnect: true }, (s) => this.hooks.accept(s))
      srv.once('error', reject)
      const previous = perm ? process.umask(~perm & 0o777) : null
      try {
        srv.listen(path, () => { this.keepServing(srv); this.servers.push(srv); resolve() })
      } finally {
        if (previous !== null) process.umask(previous)
      }
    })
  }

  /**
   * An accept() that fails (EMFILE past the descriptor limit, a connection reset while queued) is
   * reported and the socket keeps listening, as Redis logs "Accepting client connection: ..." and goes
   * on; unhandled, Node's 'error' event would end the process.
   */
  private keepServing(srv: NetServer): void {
    srv.on('error', (e: NodeJS.ErrnoException) => this.hooks.acceptError?.(e))
  }

  close(): void {
    for (const s of this.servers) s.close()
    this.servers.length = 0
  }
}

function translateBind(host: string): string {
  if (host === '*') return '0.0.0.0'
  if (host === '::*') return '::'
  return host
}

/** True for loopback peers (protected mode lets only these in). */
export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return true // unix socket
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.')
}

/**
 * Protected mode as Redis 7.0 applies it at accept time: on, no password for the default user, and a
 * peer that is not local. (7.0 no longer looks at bind: its default bind is explicit.)
 */
export function protectedModeRefuses(protectedMode: boolean, passwordSet: boolean, remoteAddress: string | undefined): boolean {
  return protectedMode && !passwordSet && !isLoopback(remoteAddress)
}

/** What a client connecting in protected mode is told (Redis's text, typos included). */
const DENIED_TEXT = "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside."

/** What admissionRefusal() reads of the server. */
export interface AdmissionHost {
  readonly clients: { readonly size: number }
  readonly config: { readonly numbers: { readonly maxclients: number }; getBool(name: string): boolean }
  readonly stats: { rejectedConnections: number }
  authRequired(): boolean
}

/**
 * acceptCommonHandler(): the error line that turns a new connection away (maxclients, then protected
 * mode), or null to accept it. Only the maxclients refusal counts in rejected_connections, as in Redis.
 */
export function admissionRefusal(host: AdmissionHost, remoteAddress: string | undefined): string | null {
  if (host.clients.size >= host.config.numbers.maxclients) {
    host.stats.rejectedConnections++
    return '-ERR max number of clients reached\r\n'
  }
  if (protectedModeRefuses(host.config.getBool('protected-mode'), host.authRequired(), remoteAddress)) return `-${DENIED_TEXT}\r\n`
  return null
}

/**
 * Turns a new connection away (maxclients, protected mode): the error line is handed to the kernel
 * and the descriptor closed at once, as Redis does. A half-close (end()) kept each refused socket's
 * descriptor until its peer closed too, so a burst of refused connections ran the process out of
 * descriptors.
 */
export function refuse(socket: Socket, line: string): void {
  socket.write(line)
  socket.destroy()
}
