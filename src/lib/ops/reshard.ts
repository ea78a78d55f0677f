// rcl reshard: move N slots to one master from some or all of the others, as redis-cli --cluster
// reshard does (same choice of slots, same per-slot protocol), refusing a cluster that is not OK.
import { formatAddr, type HostPort } from '../addr.js'
import { RclError, UsageError } from '../errors.js'
import { nodeBlock } from '../node-blocks.js'
import { reshardTable, type SlotMove } from '../plan/reshard.js'
import { silent, type ProgressSink } from '../progress.js'
import { ambiguity, byIdPrefix, type ClusterNode } from '../view.js'
import { loadOkCluster, type CheckObserver } from './check.js'
import { withSlotMover, type MigrateOptions } from './migrate-slot.js'

export interface ReshardOptions extends Partial<MigrateOptions> {
  entry: HostPort
  /** How many slots to move; asked for (after the check) when left out. */
  slots?: number
  /** Node id (or unique prefix) of the receiving master; asked for when left out. */
  to?: string
  /** Node ids (or prefixes) of the sources, or 'all' masters but the target; asked for when left out. */
  from?: string[] | 'all'
  /** Asks for what the options leave out, once the cluster check has been shown (redis-cli's order). */
  ask?: ReshardQuestions
  /** Sees the cluster check before anything is asked or moved. */
  onCheck?: CheckObserver
  confirm?: (question: string) => Promise<boolean>
  progress?: ProgressSink
  /**
   * Wraps the moving of the slots (after the plan is shown and confirmed), e.g. in a live display;
   * `run` reports each slot moved to the callback it is given.
   */
  around?: MoveWrapper
}

/** Slots moved so far, of how many, and the keys they carried so far. */
export type SlotCallback = (done: number, total: number, keys: number) => void
export type MoveWrapper = <T>(total: number, run: (onSlot: SlotCallback) => Promise<T>) => Promise<T>

const direct: MoveWrapper = (_total, run) => run(() => undefined)

export interface ReshardResult {
  slots: number
  keys: number
  moves: Array<{ slot: number; from: string; to: string; keys: number }>
}

/** The questions redis-cli asks for what its flags left out. */
export interface ReshardQuestions {
  slots(): Promise<number>
  to(): Promise<string>
  from(): Promise<string[] | 'all'>
}

export async function reshard(opts: ReshardOptions): Promise<ReshardResult> {
  const progress = opts.progress ?? silent
  if (opts.slots !== undefined) checkSlotCount(opts.slots)
  const loaded = await loadOkCluster(opts.entry, 'resharding', opts.onCheck)
  const slots = opts.slots ?? checkSlotCount(await answer(opts.ask, 'slots'))
  const masters = loaded.view.nodes.filter((n) => n.role === 'master')
  const target = byId(masters, opts.to ?? await answer(opts.ask, 'to'), 'receiving')
  const from = opts.from ?? await answer(opts.ask, 'from')
  const sources = from === 'all' ? masters.filter((m) => m.id !== target.id) : from.map((id) => byId(masters, id, 'source'))
  if (sources.some((s) => s.id === target.id)) throw new UsageError('It is not possible to use the target node as source node.')
  const table = reshardTable(sources, slots)
  announce(table, sources, target, loaded.view.nodes, progress)
  if (opts.confirm !== undefined && !(await opts.confirm('Do you want to proceed with the proposed reshard plan (yes/no)? '))) {
    throw new RclError('E_CANCELLED', 'Reshard cancelled: nothing was moved')
  }
  return (opts.around ?? direct)(table.length, (onSlot) => execute(table, masters, target, opts, progress, onSlot))
}

function checkSlotCount(slots: number): number {
  if (!Number.isInteger(slots) || slots < 1 || slots > 16384) throw new UsageError('The number of slots to move must be between 1 and 16384')
  return slots
}

/** What the caller left out, from its questions; without them, a usage error naming the option. */
function answer<K extends keyof ReshardQuestions>(ask: ReshardQuestions | undefined, what: K): ReturnType<ReshardQuestions[K]> {
  if (ask === undefined) throw new UsageError(`Missing --${what}`)
  return ask[what]() as ReturnType<ReshardQuestions[K]>
}

function byId(masters: ClusterNode[], id: string, role: string): ClusterNode {
  const found = byIdPrefix(masters, id)
  if (typeof found === 'number') throw new UsageError(`The specified ${role} node (${id}) is not known or not a master${ambiguity(found)}.`)
  return found
}

function announce(table: SlotMove[], sources: ClusterNode[], target: ClusterNode, nodes: ClusterNode[], progress: ProgressSink): void {
  const say = (text: string): void => progress({ kind: 'info', text })
  const block = (n: ClusterNode): string[] => nodeBlock({ ...n, addr: formatAddr(n.addr) }, nodes.filter((x) => x.masterId === n.id).length, 4)
  say(`Ready to move ${table.length} slots.`)
  say('  Source nodes:')
  for (const s of sources) block(s).forEach(say)
  say('  Destination node:')
  block(target).forEach(say)
  say('  Resharding plan:')
  for (const m of table) say(`    Moving slot ${m.slot} from ${m.from}`)
}

async function execute(table: SlotMove[], masters: ClusterNode[], target: ClusterNode, opts: ReshardOptions, progress: ProgressSink, onSlot: SlotCallback): Promise<ReshardResult> {
  const addrOf = new Map(masters.map((m) => [m.id, formatAddr(m.addr)]))
  const to = formatAddr(target.addr)
  return withSlotMover(masters, opts, async (mover) => {
    const moves: ReshardResult['moves'] = []
    let keysSoFar = 0
    for (const [i, m] of table.entries()) {
      const keys = await mover.move(m.slot, m.from, target.id)
      moves.push({ slot: m.slot, from: addrOf.get(m.from) as string, to, keys })
      progress({ kind: 'detail', text: `Moving slot ${m.slot} from ${addrOf.get(m.from)} to ${to}: ${keys} keys` })
      keysSoFar += keys
      onSlot(i + 1, table.length, keysSoFar)
    }
    return { slots: moves.length, keys: keysSoFar, moves }
  })
}
