// The library API (import { ... } from 'rcl'): what the CLI's commands call, for tests and scripts
// in other projects. No printing, no process.exit: results are returned and failures are RclErrors.
export { parseAddr, formatAddr, type HostPort } from './addr.js'
export * from './errors.js'
export type { Progress, ProgressKind, ProgressSink } from './progress.js'
export { templateNames, loadTemplate, renderTemplate } from './templates.js'
export { resolveStateDir, type NodeRecord } from './process/state-dir.js'
export { startNodes, stopNodes, nodeStatuses, cleanState, type StartNodesOptions, type StartedNode, type StoppedNode, type NodeStatus } from './lifecycle.js'
export { readLog, followLog } from './logs.js'
export { createReplicaSet, waitForLinks, type ReplicaSetOptions, type ReplicaSet } from './replicas.js'
export { createCluster, type CreateClusterOptions, type CreatedCluster } from './ops/create.js'
export { loadCluster, type LoadedCluster } from './ops/load.js'
export { checkReport, clusterInfoReport, type CheckReport, type ClusterInfoReport } from './ops/check.js'
export { waitForClusterReady, waitForJoin } from './ops/wait.js'
