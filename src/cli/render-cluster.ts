// Cluster reports as redis-cli words them: the info table ("addr (id...) -> N keys | N slots | N slaves.")
// and the check ("[OK] All nodes agree about slots configuration.", open slots, coverage), plus rcl's
// own [ERR] lines for unreachable, failing and not-ok nodes.
import { nodeBlock } from '../lib/node-blocks.js'
import type { CheckReport, ClusterInfoReport } from '../lib/ops/check.js'
import type { Progress } from '../lib/progress.js'
import { formatRuns } from '../lib/slots.js'

export function infoLines(r: ClusterInfoReport): Progress[] {
  const out: Progress[] = r.masters.map((m) => ({
    kind: 'info' as const,
    text: `${m.addr} (${m.id.slice(0, 8)}...) -> ${m.keys ?? '?'} keys | ${m.slots} slots | ${m.replicas} slaves.`,
  }))
  out.push({ kind: 'ok', text: `${r.keys} keys in ${r.masters.length} masters.` })
  out.push({ kind: 'info', text: `${r.keysPerSlot.toFixed(2)} keys per slot on average.` })
  return out
}

/** redis-cli's check; `quiet` leaves out the node list, as its rebalance does. */
export function checkLines(r: CheckReport, quiet = false): Progress[] {
  const out: Progress[] = [{ kind: 'step', text: `Performing Cluster Check (using node ${r.entry})` }]
  const info = (text: string): void => { out.push({ kind: 'info', text }) }
  for (const n of quiet ? [] : r.nodes) {
    const replicas = r.nodes.filter((x) => x.masterId === n.id).length
    for (const line of nodeBlock(n, n.role === 'master' ? replicas : 0)) info(line)
  }
  for (const u of r.unreachable) out.push({ kind: 'err', text: `Node ${u.addr} is unreachable: ${u.error}` })
  for (const f of r.failing) out.push({ kind: 'err', text: `Node ${f.addr} is flagged ${f.flags.join(',')}` })
  for (const s of r.notOk) out.push({ kind: 'err', text: `Node ${s.addr} reports cluster_state:${s.state}` })
  out.push(r.agree ? { kind: 'ok', text: 'All nodes agree about slots configuration.' } : { kind: 'err', text: "Nodes don't agree about configuration!" })
  out.push({ kind: 'step', text: 'Check for open slots...' })
  for (const m of r.migrating) out.push({ kind: 'warn', text: `Node ${m.addr} has slots in migrating state ${m.slots.join(',')}.` })
  for (const i of r.importing) out.push({ kind: 'warn', text: `Node ${i.addr} has slots in importing state ${i.slots.join(',')}.` })
  if (r.openSlots.length > 0) out.push({ kind: 'warn', text: `The following slots are open: ${r.openSlots.join(',')}.` })
  out.push({ kind: 'step', text: 'Check slots coverage...' })
  if (r.coveredSlots === 16384) out.push({ kind: 'ok', text: 'All 16384 slots covered.' })
  else {
    out.push({ kind: 'err', text: 'Not all 16384 slots are covered by nodes.' })
    info(`Uncovered: ${formatRuns(r.uncovered)}`)
  }
  if (r.ownersSearched) {
    // redis-cli's --cluster-search-multiple-owners section, in its words
    out.push({ kind: 'step', text: 'Check for multiple slot owners...' })
    for (const m of r.multipleOwners) {
      out.push({ kind: 'warn', text: `Slot ${m.slot} has ${m.owners.length} owners:` })
      for (const o of m.owners) info(`    ${o}`)
    }
    if (r.multipleOwners.length === 0) out.push({ kind: 'ok', text: 'No multiple owners found.' })
  } else {
    for (const m of r.multipleOwners.slice(0, 20)) out.push({ kind: 'warn', text: `Slot ${m.slot} has ${m.owners.length} owners: ${m.owners.join(' ')}` })
  }
  return out
}
