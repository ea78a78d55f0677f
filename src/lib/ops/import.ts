// rcl import: every key of a standalone node moved (or with --copy, copied) into a cluster, each to the
// master owning its slot, as redis-cli --cluster import does: SCAN on the source, MIGRATE per key.
import { keySlot } from '../../common/key-slot.js'
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { silent, type ProgressSink } from '../progress.js'
import { connect, info } from '../redis-client.js'
import { loadOkCluster, type CheckObserver } from './check.js'

export interface ImportOptions {
  entry: HostPort
  from: HostPort
  copy?: boolean
  replace?: boolean
  timeoutMs?: number
  progress?: ProgressSink
  /** Sees the cluster check before any key moves. */
  onCheck?: CheckObserver
}

export interface ImportResult {
  imported: number
  /** Keys (latin1) that stayed where they were, with the reply that refused them. */
  failed: Array<{ key: string; error: string }>
}

const SCAN_COUNT = 1000

export async function importKeys(opts: ImportOptions): Promise<ImportResult> {
  const progress = opts.progress ?? silent
  progress({ kind: 'step', text: `Importing data from ${formatAddr(opts.from)} to cluster ${formatAddr(opts.entry)}` })
  const loaded = await loadOkCluster(opts.entry, 'importing', opts.onCheck)
  const owner: Array<{ host: string; port: number; addr: string }> = []
  for (const n of loaded.view.nodes) {
    if (n.role !== 'master') continue
    for (const [a, b] of n.slots) for (let s = a; s <= b; s++) owner[s] = { ...local(n.addr), addr: formatAddr(n.addr) }
  }
  const src = await connect(local(opts.from), { timeoutMs: (opts.timeoutMs ?? 60_000) + 5000 })
  try {
    if ((await info(src, 'cluster')).get('cluster_enabled') === '1') throw new RclError('E_SOURCE_IS_CLUSTER', 'The source node should not be a cluster node.')
    const result: ImportResult = { imported: 0, failed: [] }
    for (const [db, keys] of await keyspace(src)) {
      progress({ kind: 'info', text: `*** Importing ${keys} keys from DB ${db}` })
      await src.call('SELECT', db)
      let cursor = '0'
      do {
        const [next, batch] = (await src.callBuffer('SCAN', cursor, 'COUNT', SCAN_COUNT)) as [Buffer, Buffer[]]
        cursor = next.toString('latin1')
        // every MIGRATE of a batch is in flight at once on the one connection: pipelined, replies in order
        await Promise.all(batch.map(async (key) => {
          const to = owner[keySlot(key.toString('latin1'))]
          const args: Array<string | number | Buffer> = ['MIGRATE', to.host, to.port, key, 0, opts.timeoutMs ?? 60_000]
          if (opts.copy) args.push('COPY')
          if (opts.replace) args.push('REPLACE')
          const shown = key.toString('latin1')
          try {
            await src.callBuffer(...args)
            result.imported++
            progress({ kind: 'info', text: `Migrating ${shown} to ${to.addr}: OK` })
          } catch (e) {
            result.failed.push({ key: shown, error: (e as Error).message })
            progress({ kind: 'err', text: `Migrating ${shown} to ${to.addr}: ${(e as Error).message}` })
          }
        }))
      } while (cursor !== '0')
    }
    return result
  } finally {
    src.close()
  }
}

/** [db, keys] for every db that holds keys, from INFO keyspace ("db3:keys=10,expires=0,..."). */
async function keyspace(c: Awaited<ReturnType<typeof connect>>): Promise<Array<[number, number]>> {
  const out: Array<[number, number]> = []
  for (const [name, value] of await info(c, 'keyspace')) {
    const m = /^db(\d+)$/.exec(name)
    const keys = /keys=(\d+)/.exec(value)
    if (m !== null && keys !== null) out.push([Number(m[1]), Number(keys[1])])
  }
  return out
}
