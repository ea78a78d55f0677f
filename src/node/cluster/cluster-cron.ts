// The cluster's periodic work, run every 100 ms (clusterCron), and the ok/fail evaluation
// (clusterUpdateState). Failure detection (PFAIL) is not here yet: a silent node only loses its link,
// which the cron re-creates until the node answers again.
import type { BusLink } from './bus-link.js'
import { MsgType } from './bus-types.js'
import { type ClusterCore, TODO } from './cluster-core.js'
import { sendPing } from './cluster-msg.js'
import { CLUSTER_SLOTS, type ClusterNode, hasFlag, isMaster, NodeFlag } from './node.js'

/** How long a master keeps reporting fail after its first evaluation (CLUSTER_WRITABLE_DELAY). */
export const WRITABLE_DELAY_MS = 2000

/** One cron tick; `iteration` counts ticks so every 10th one (about once a second) pings a random node. */
export function cronTick(core: ClusterCore, iteration: number, now: number): void {
  const handshakeTimeout = Math.max(core.cfg.nodeTimeoutMs, 1000)
  for (const node of [...core.state.nodes.values()]) {
    if (hasFlag(node, NodeFlag.MYSELF | NodeFlag.NOADDR)) continue
    if (freeLinksOverLimit(core, node)) continue
    if (hasFlag(node, NodeFlag.HANDSHAKE) && now - node.ctime > handshakeTimeout) {
      core.delNode(node)
      continue
    }
    if (core.nrt(node).link === null && node.ip !== '') core.connect(node, now)
  }
  if (iteration % 10 === 0) pingOldestOfFive(core, now)
  for (const node of core.state.nodes.values()) {
    if (hasFlag(node, NodeFlag.MYSELF | NodeFlag.NOADDR | NodeFlag.HANDSHAKE)) continue
    checkLiveness(core, node, now)
  }
  if (!core.ok) core.later(TODO.UPDATE_STATE, 'cron')
}

/** cluster-link-sendbuf-limit: a link whose peer does not read its output is dropped (and re-created). */
function freeLinksOverLimit(core: ClusterCore, node: ClusterNode): boolean {
  const limit = core.cfg.sendbufLimit
  if (limit === 0) return false
  const r = core.nrt(node)
  let freed = false
  for (const link of [r.link, r.inbound]) {
    if (link !== null && link.sendBufferUsed > limit) {
      core.freeLink(link)
      core.linksBufferLimitExceeded++
      freed = true
    }
  }
  return freed
}

/** A new outbound link is connected: the first packet is MEET for a node we were told to meet, else PING. */
export function linkConnected(core: ClusterCore, link: BusLink, now: number): void {
  const node = link.node
  if (node === null) return
  const oldPingSent = node.pingSent
  sendPing(core, link, hasFlag(node, NodeFlag.MEET) ? MsgType.MEET : MsgType.PING, now)
  // a reconnect must not hide how long the node has been silent
  if (oldPingSent !== 0) node.pingSent = oldPingSent
  node.flags &= ~NodeFlag.MEET
  core.log('debug', `Connecting with Node ${node.name} at ${node.ip}:${node.cport}`)
}

/** Of 5 random linked nodes with no ping pending, ping the one whose last pong is oldest. */
function pingOldestOfFive(core: ClusterCore, now: number): void {
  const nodes = [...core.state.nodes.values()]
  let oldest: ClusterNode | null = null
  for (let i = 0; i < 5 && nodes.length > 0; i++) {
    const n = nodes[Math.floor(core.random() * nodes.length)]
    if (core.nrt(n).link === null || n.pingSent !== 0 || hasFlag(n, NodeFlag.MYSELF | NodeFlag.HANDSHAKE)) continue
    if (oldest === null || n.pongReceived < oldest.pongReceived) oldest = n
  }
  if (oldest !== null) {
    core.log('debug', `Pinging node ${oldest.name}`)
    sendPing(core, core.nrt(oldest).link, MsgType.PING, now)
  }
}

/**
 * A link silent for half the node timeout while a ping waits is dropped, so the next tick opens a
 * fresh one; a node whose last pong is older than half the timeout is pinged now.
 */
function checkLiveness(core: ClusterCore, node: ClusterNode, now: number): void {
  const r = core.nrt(node)
  const half = core.cfg.nodeTimeoutMs / 2
  if (r.link !== null && now - r.link.ctime > core.cfg.nodeTimeoutMs && node.pingSent !== 0 &&
      now - node.pingSent > half && now - r.dataReceived > half) {
    core.freeLink(r.link)
  }
  if (r.link !== null && node.pingSent === 0 && now - node.pongReceived > half) sendPing(core, r.link, MsgType.PING, now)
}

/**
 * Recomputes ok/fail: every slot served by a non-FAIL node (when full coverage is required) and a
 * majority of slot-serving masters reachable. A master waits WRITABLE_DELAY_MS after its first
 * evaluation, and after being in the minority waits the rejoin delay before turning ok again.
 */
export function updateState(core: ClusterCore, now: number): void {
  core.firstUpdateStateAt ??= now
  const me = core.myself
  if (isMaster(me) && !core.ok && !core.cfg.skipWritableDelay && now - core.firstUpdateStateAt < WRITABLE_DELAY_MS) return
  let size = 0
  let reachable = 0
  // every slot is covered when the owners not marked FAIL hold all of them between them: a node's
  // slot count is its share of the slot table (ClusterState keeps both together), so this costs one
  // look per node where a walk of the table cost 16384, on every bus message that changes anything
  let covered = 0
  for (const n of core.state.nodes.values()) {
    if (!hasFlag(n, NodeFlag.FAIL)) covered += n.numSlots
    if (!isMaster(n) || n.numSlots === 0) continue
    size++
    if (!hasFlag(n, NodeFlag.FAIL | NodeFlag.PFAIL)) reachable++
  }
  let ok = !core.cfg.requireFullCoverage || covered === CLUSTER_SLOTS
  core.size = size
  if (reachable < Math.floor(size / 2) + 1) {
    ok = false
    // Redis also stamps a node that knows no slot-serving master (size 0, quorum 1) as in the
    // minority; it hides that behind the 2 s writable delay only when slots come within 2 s of
    // start. There is no majority to have been cut off from, so no rejoin delay is owed for it.
    if (size > 0) core.amongMinorityAt = now
  }
  if (ok === core.ok) return
  const rejoinDelay = Math.min(Math.max(core.cfg.nodeTimeoutMs, 500), 5000)
  if (ok && isMaster(me) && now - core.amongMinorityAt < rejoinDelay) return
  core.log('warning', `Cluster state changed: ${ok ? 'ok' : 'fail'}`)
  core.ok = ok
}
