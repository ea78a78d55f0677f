// Node addresses: "host:port" (IPv6 as "[::1]:port"), parsed once where they enter and carried as HostPort.
import { BadAddressError } from './errors.js'

export interface HostPort {
  readonly host: string
  readonly port: number
}

/** "127.0.0.1:7000", "localhost:7000", "[::1]:7000"; a port must be 1..65535. */
export function parseAddr(text: string): HostPort {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\s]+):(\d+)$/.exec(text)
  if (m === null) throw new BadAddressError(text)
  const port = Number(m[2])
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BadAddressError(text)
  return { host: m[1], port }
}

export function formatAddr(a: HostPort): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1'])

/** Hosts rcl may start a node on: loopback names and addresses (127.x.y.z included). */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** The address a local node binds and is reached at: names become the IPv4 loopback. */
export function bindAddress(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host
}

/** The address to connect to for a node given as `a` ("localhost:7000" is dialled at 127.0.0.1). */
export const local = (a: HostPort): HostPort => ({ host: bindAddress(a.host), port: a.port })
