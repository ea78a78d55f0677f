// rcl backup: an RDB of every master, fetched as a replica would (SYNC), plus nodes.json describing the
// cluster, in redis-cli --cluster backup's file names and fields.
import { createConnection } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { silent, type ProgressSink } from '../progress.js'
import { checkReport } from './check.js'
import { loadCluster } from './load.js'

export interface BackupOptions {
  entry: HostPort
  dir: string
  timeoutMs?: number
  progress?: ProgressSink
}

export interface BackupResult {
  dir: string
  files: Array<{ node: string; file: string; bytes: number }>
}

/** One entry of nodes.json, with redis-cli's field names. */
interface NodesJsonEntry {
  name: string
  host: string
  port: number
  replicate: string | null
  slots: Array<[number, number]>
  slots_count: number
  flags: string
  current_epoch: number
}

export async function backupCluster(opts: BackupOptions): Promise<BackupResult> {
  const progress = opts.progress ?? silent
  const dir = resolve(opts.dir)
  mkdirSync(dir, { recursive: true })
  const loaded = await loadCluster(opts.entry)
  const report = checkReport(loaded)
  if (report.unreachable.length > 0) throw new RclError('E_NODE_UNREACHABLE', `Cannot back up: ${report.unreachable.map((u) => u.addr).join(', ')} cannot be reached`)
  const files: BackupResult['files'] = []
  for (const n of loaded.view.nodes.filter((x) => x.role === 'master')) {
    const addr = formatAddr(n.addr)
    progress({ kind: 'step', text: `Node ${addr} -> Saving RDB...` })
    const file = join(dir, `redis-node-${n.addr.host}-${n.addr.port}-${n.id}.rdb`)
    const rdb = await fetchRdb(local(n.addr), opts.timeoutMs ?? 60_000, (bytes) => progress({ kind: 'info', text: `SYNC sent to master, writing ${bytes} bytes to '${file}'` }))
    writeFileSync(file, rdb)
    progress({ kind: 'info', text: 'Transfer finished with success.' })
    files.push({ node: addr, file, bytes: rdb.length })
  }
  const nodes: NodesJsonEntry[] = loaded.view.nodes.map((n) => ({
    name: n.id, host: n.addr.host, port: n.addr.port, replicate: n.masterId, slots: n.slots, slots_count: n.slotCount,
    // redis-cli names it current_epoch, but writes the node's config epoch there
    flags: n.flags.join(','), current_epoch: n.configEpoch,
  }))
  const json = join(dir, 'nodes.json')
  progress({ kind: 'info', text: `Saving cluster configuration to: ${json}` })
  writeFileSync(json, `${JSON.stringify(nodes, null, 2)}\n`)
  progress({ kind: 'ok', text: `Backup created into: ${dir}` })
  return { dir, files }
}

/**
 * SYNC, as an old-protocol replica: the master answers with "$<length>\r\n" and the RDB (newlines may
 * come first while it saves); the connection is closed as soon as the payload is in.
 */
export function fetchRdb(addr: HostPort, timeoutMs: number, onLength?: (bytes: number) => void): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const s = createConnection({ host: addr.host, port: addr.port })
    let head = Buffer.alloc(0)
    let length = -1
    const parts: Buffer[] = []
    let got = 0
    const fail = (why: string): void => { s.destroy(); reject(new RclError('E_BACKUP', `RDB transfer from ${formatAddr(addr)} failed: ${why}`)) }
    s.setTimeout(timeoutMs, () => fail('timed out'))
    s.once('error', (e) => fail(e.message))
    s.once('connect', () => s.write('SYNC\r\n'))
    s.on('close', () => { if (length < 0 || got < length) fail('connection closed early') })
    s.on('data', (d: Buffer) => {
      if (length < 0) {
        head = Buffer.concat([head, d])
        while (head[0] === 0x0a) head = head.subarray(1)
        const eol = head.indexOf('\r\n')
        if (eol < 0) return
        const line = head.subarray(0, eol).toString('latin1')
        if (!/^\$\d+$/.test(line)) return fail(`unexpected reply ${JSON.stringify(line.slice(0, 80))}`)
        length = Number(line.slice(1))
        onLength?.(length)
        d = head.subarray(eol + 2)
      }
      parts.push(d)
      got += d.length
      if (got >= length) {
        s.removeAllListeners('close')
        s.destroy()
        resolvePromise(Buffer.concat(parts).subarray(0, length))
      }
    })
  })
}
