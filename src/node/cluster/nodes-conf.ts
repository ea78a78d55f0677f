// nodes.conf text <-> cluster state, pure: the file is the CLUSTER NODES text without handshake nodes plus
// a `vars currentEpoch N lastVoteEpoch M` line. Node lines go through src/common/nodes-line.ts so the CLI's
// reader and this writer share one format. Reading and writing the file itself is nodes-conf-file.ts.
import { NodesLineError, parseNodesLine, type NodesLine } from '../../common/nodes-line.js'
import { splitInlineArgs } from '../util/split-args.js'
import { type ClusterNode, createClusterNode, flagOfToken, isNodeName, NodeFlag } from './node.js'
import { ClusterState, formatLine } from './state.js'

/** What Redis 7.0.15 logs (at `#`) before exiting 1 on any malformed nodes.conf. */
export const CORRUPTED_CONFIG_MESSAGE = 'Unrecoverable error: corrupted cluster config file.'

/**
 * A nodes.conf that cannot be loaded. `message` is Redis's exact text; `detail` names the reason and
 * the offending line so the log says what to fix (Redis 7.0 itself prints only the message).
 */
export class NodesConfError extends Error {
  constructor(readonly reason: string, readonly lineNumber: number | null = null, readonly line: string | null = null) {
    super(CORRUPTED_CONFIG_MESSAGE)
    this.name = 'NodesConfError'
  }

  /** e.g. `unknown flag 'bogus' at line 2: "<the line>"`. */
  get detail(): string {
    return this.lineNumber === null ? this.reason : `${this.reason} at line ${this.lineNumber}: "${this.line}"`
  }
}

/** A parsed nodes.conf: its node lines in file order and its vars. */
export interface NodesConf {
  nodes: NodesLine[]
  currentEpoch: number
  lastVoteEpoch: number
  /** Redis's warnings for tolerated oddities ("Skipping unknown cluster config variable 'x'"). */
  warnings: string[]
}

/**
 * Parses a non-empty nodes.conf (an empty or missing file means a fresh node; the file adapter decides
 * that). Throws NodesConfError on anything Redis would refuse, and also on a few things Redis 7.0 lets
 * through by accident: reversed or non-numeric slot ranges, non-numeric numbers, a second `myself`, a
 * missing final newline (a truncated write).
 */
export function parseNodesConf(text: string): NodesConf {
  const conf: NodesConf = { nodes: [], currentEpoch: 0, lastVoteEpoch: 0, warnings: [] }
  const lines = text.split('\n')
  const last = lines.pop()
  if (last !== '') throw new NodesConfError('truncated last line (no final newline)', lines.length + 1, last ?? '')
  lines.forEach((line, i) => readLine(conf, line, i + 1))
  checkMyself(conf)
  return conf
}

/** The file text of a parsed (or built) NodesConf, as Redis writes it: node lines, then the vars line. */
export function formatNodesConf(conf: Pick<NodesConf, 'nodes' | 'currentEpoch' | 'lastVoteEpoch'>): string {
  return conf.nodes.map((n) => formatLine(n) + '\n').join('') + varsLine(conf.currentEpoch, conf.lastVoteEpoch)
}

/** The nodes.conf text of a cluster state (clusterSaveConfig's payload). */
export function clusterConfigText(state: ClusterState): string {
  return state.nodesDescription(NodeFlag.HANDSHAKE) + varsLine(state.currentEpoch, state.lastVoteEpoch)
}

const varsLine = (currentEpoch: number, lastVoteEpoch: number): string =>
  `vars currentEpoch ${currentEpoch} lastVoteEpoch ${lastVoteEpoch}\n`

function readLine(conf: NodesConf, line: string, lineNumber: number): void {
  const argv = splitInlineArgs(line)
  if (argv === null) throw new NodesConfError('unbalanced quotes', lineNumber, line)
  if (argv.length === 0) return // blank lines are left by hand edits (Redis skips them too)
  const fail = (reason: string): NodesConfError => new NodesConfError(reason, lineNumber, line)
  if (argv[0].toLowerCase() === 'vars') return readVars(conf, argv, fail)
  if (argv.length < 8) throw fail(`${argv.length} fields where a node line needs at least 8`)
  let node: NodesLine
  try {
    node = parseNodesLine(argv.join(' '))
  } catch (e) {
    if (e instanceof NodesLineError) throw fail(e.message)
    throw e
  }
  checkNodeLine(node, argv[1], fail)
  conf.nodes.push(node)
}

function readVars(conf: NodesConf, argv: string[], fail: (reason: string) => NodesConfError): void {
  if (argv.length % 2 === 0) throw fail('vars line with a name and no value')
  for (let j = 1; j < argv.length; j += 2) {
    const name = argv[j].toLowerCase()
    if (name !== 'currentepoch' && name !== 'lastvoteepoch') {
      conf.warnings.push(`Skipping unknown cluster config variable '${argv[j]}'`)
      continue
    }
    if (!/^\d+$/.test(argv[j + 1]) || !Number.isSafeInteger(Number(argv[j + 1]))) throw fail(`bad ${argv[j]} '${argv[j + 1]}'`)
    if (name === 'currentepoch') conf.currentEpoch = Number(argv[j + 1])
    else conf.lastVoteEpoch = Number(argv[j + 1])
  }
}

/** What nodes-line.ts leaves to the caller: known flags, master name, port ranges, the missing-@ rule. */
function checkNodeLine(node: NodesLine, address: string, fail: (reason: string) => NodesConfError): void {
  for (const f of node.flags) if (flagOfToken(f.toLowerCase()) === undefined) throw fail(`unknown flag '${f}'`)
  if (node.masterId !== null && !isNodeName(node.masterId)) throw fail(`bad master node id '${node.masterId}'`)
  // Redis reads `ip:port` without `@cport` (files from before 4.0) as the default bus port.
  if (!address.split(',')[0].includes('@')) node.cport = node.port + 10000
  if (node.port < 0 || node.port > 65535 || node.cport < 0 || node.cport > 65535) throw fail(`bad port in address '${address}'`)
  if (node.pingSent < 0 || node.pongRecv < 0 || node.configEpoch < 0) throw fail('negative time or epoch')
}

function checkMyself(conf: NodesConf): void {
  const mine = conf.nodes.filter((n) => n.flags.some((f) => f.toLowerCase() === 'myself'))
  if (mine.length === 0) throw new NodesConfError('no node is flagged myself')
  if (mine.length > 1) throw new NodesConfError(`${mine.length} nodes are flagged myself`)
  const seen = new Set<string>()
  for (const n of conf.nodes) {
    if (seen.has(n.id)) throw new NodesConfError(`node ${n.id} is listed twice`)
    seen.add(n.id)
  }
}

/**
 * Builds the cluster state from a parsed file the way clusterLoadConfig does: non-zero ping/pong times
 * become `now`, FAIL nodes get failTime `now`, link states are ignored (no link exists yet), masters and
 * open-slot peers that have no line of their own become address-less placeholders, and currentEpoch is
 * raised to the greatest configEpoch. Node order is file order.
 */
export function loadClusterState(conf: NodesConf, now: number): ClusterState {
  const byName = new Map<string, ClusterNode>()
  const obtain = (name: string): ClusterNode => {
    let n = byName.get(name)
    if (n === undefined) byName.set(name, (n = createClusterNode(name, 0, now)))
    return n
  }
  for (const line of conf.nodes) obtain(line.id)
  for (const line of conf.nodes) fillNode(obtain(line.id), line, now, obtain)
  const all = [...byName.values()]
  const myself = all.find((n) => (n.flags & NodeFlag.MYSELF) !== 0)
  if (myself === undefined) throw new NodesConfError('no node is flagged myself')
  const state = new ClusterState(myself, all)
  for (const line of conf.nodes) {
    const node = obtain(line.id)
    for (const [a, b] of line.slots) for (let s = a; s <= b; s++) state.addSlot(node, s)
    for (const m of line.migrating) state.setMigrating(m.slot, obtain(m.to))
    for (const i of line.importing) state.setImporting(i.slot, obtain(i.from))
  }
  state.currentEpoch = conf.currentEpoch
  state.lastVoteEpoch = conf.lastVoteEpoch
  state.currentEpoch = state.maxEpoch()
  return state
}

function fillNode(node: ClusterNode, line: NodesLine, now: number, obtain: (name: string) => ClusterNode): void {
  node.ip = line.ip
  node.port = line.port
  node.cport = line.cport
  node.hostname = line.hostname ?? ''
  for (const token of line.flags) node.flags |= flagOfToken(token.toLowerCase()) ?? 0
  if ((node.flags & NodeFlag.FAIL) !== 0) node.failTime = now
  if (line.masterId !== null) {
    const master = obtain(line.masterId)
    node.master = master
    if (!master.replicas.includes(node)) master.replicas.push(node)
  }
  node.pingSent = line.pingSent !== 0 ? now : 0
  node.pongReceived = line.pongRecv !== 0 ? now : 0
  // Redis 7.0 loads the epoch of replica lines too (later versions zero it); CLUSTER NODES prints the master's anyway.
  node.configEpoch = line.configEpoch
}
