// One line of CLUSTER NODES (and of nodes.conf), read and written in one place so the two never drift:
// <id> <ip:port@cport[,hostname]> <flags> <master|-> <ping-sent> <pong-recv> <config-epoch> <link-state> <slots...>
// where a slot item is "n", "a-b", "[n->-<id>]" (migrating) or "[n-<-<id>]" (importing).

export interface NodesLine {
  id: string
  ip: string
  port: number
  cport: number
  hostname: string | null
  /** As printed: myself, master, slave, fail?, fail, handshake, noaddr, nofailover, noflags. */
  flags: string[]
  masterId: string | null
  pingSent: number
  pongRecv: number
  configEpoch: number
  linkState: string
  /** Owned slots as [first, last] runs, in the line's order. */
  slots: Array<[number, number]>
  migrating: Array<{ slot: number; to: string }>
  importing: Array<{ slot: number; from: string }>
}

export class NodesLineError extends Error {}

/** Options of formatNodesLine. */
export interface FormatNodesLineOptions {
  /**
   * Print the migrating and importing markers interleaved in slot order, as Redis does (it walks the
   * slots once and prints whichever state the slot is in). The default keeps all migrating markers
   * first, then the importing ones, each list in its own order.
   */
  markersBySlot?: boolean
}

const ID = /^[0-9a-f]{40}$/

export function parseNodesLine(line: string): NodesLine {
  const f = line.trim().split(' ')
  if (f.length < 8) throw new NodesLineError(`too few fields in cluster nodes line: ${line}`)
  const [id, address, flags, master, pingSent, pongRecv, epoch, linkState] = f
  if (!ID.test(id)) throw new NodesLineError(`bad node id '${id}'`)
  const addr = parseAddress(address)
  const out: NodesLine = {
    id, ...addr, flags: flags.split(','), masterId: master === '-' ? null : master,
    pingSent: int(pingSent, 'ping-sent'), pongRecv: int(pongRecv, 'pong-recv'), configEpoch: int(epoch, 'config-epoch'),
    linkState, slots: [], migrating: [], importing: [],
  }
  for (const item of f.slice(8)) readSlotItem(item, out)
  return out
}

/** Every non-empty line of a CLUSTER NODES reply. */
export function parseClusterNodes(text: string): NodesLine[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('vars ')).map(parseNodesLine)
}

export function formatNodesLine(n: NodesLine, opts: FormatNodesLineOptions = {}): string {
  const host = n.hostname === null ? '' : `,${n.hostname}`
  const markers = [
    ...n.migrating.map((m) => ({ slot: m.slot, text: `[${m.slot}->-${m.to}]` })),
    ...n.importing.map((i) => ({ slot: i.slot, text: `[${i.slot}-<-${i.from}]` })),
  ]
  if (opts.markersBySlot === true) markers.sort((x, y) => x.slot - y.slot)
  const slots = [...n.slots.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)), ...markers.map((m) => m.text)]
  return [n.id, `${n.ip}:${n.port}@${n.cport}${host}`, n.flags.join(','), n.masterId ?? '-', n.pingSent, n.pongRecv, n.configEpoch, n.linkState, ...slots].join(' ')
}

function parseAddress(text: string): { ip: string; port: number; cport: number; hostname: string | null } {
  const comma = text.indexOf(',')
  const hostname = comma < 0 ? null : text.slice(comma + 1)
  const hostPort = comma < 0 ? text : text.slice(0, comma)
  const at = hostPort.lastIndexOf('@')
  const main = at < 0 ? hostPort : hostPort.slice(0, at)
  const colon = main.lastIndexOf(':')
  if (colon < 0) throw new NodesLineError(`bad node address '${text}'`)
  return { ip: main.slice(0, colon), port: int(main.slice(colon + 1), 'port'), cport: at < 0 ? 0 : int(hostPort.slice(at + 1), 'cport'), hostname: hostname === '' ? null : hostname }
}

function readSlotItem(item: string, out: NodesLine): void {
  const open = /^\[(\d+)-([<>])-([0-9a-f]{40})\]$/.exec(item)
  if (open !== null) {
    const slot = slotNumber(open[1])
    if (open[2] === '>') out.migrating.push({ slot, to: open[3] })
    else out.importing.push({ slot, from: open[3] })
    return
  }
  const range = /^(\d+)(?:-(\d+))?$/.exec(item)
  if (range === null) throw new NodesLineError(`bad slot item '${item}'`)
  const a = slotNumber(range[1])
  const b = range[2] === undefined ? a : slotNumber(range[2])
  if (b < a) throw new NodesLineError(`bad slot range '${item}'`)
  out.slots.push([a, b])
}

function slotNumber(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0 || n > 16383) throw new NodesLineError(`slot out of range '${text}'`)
  return n
}

function int(text: string, what: string): number {
  const n = Number(text)
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) throw new NodesLineError(`bad ${what} '${text}'`)
  return n
}
