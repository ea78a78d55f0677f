// CONFIG SET of cluster-* directives on a running node: Redis 7.0 lets every one of these change at
// run time (checked against redis-server 7.0.15), so each change is handed to the bus runtime.
import type { Config } from '../config/config.js'
import type { Cluster, EndpointType } from './cluster.js'
import type { ClusterSettings } from './cluster-core.js'

type Switches = 'nodeTimeoutMs' | 'sendbufLimit' | 'requireFullCoverage' | 'allowReplicaMigration' | 'announceIp' | 'announceHostname'

/** Run-time changes of cluster-* directives (CONFIG SET); absent fields stay as they are. */
export interface ClusterReconfig extends Partial<Pick<ClusterSettings, Switches>> {
  announcePort?: number
  announceBusPort?: number
  preferredEndpointType?: EndpointType
}

/** Registers the CONFIG SET listeners that keep `bus` in step with `config`. */
export function wireClusterConfig(config: Config, bus: Cluster): void {
  const on = (name: string, change: () => ClusterReconfig): void => config.onChange(name, () => bus.reconfigure(change()))
  on('cluster-node-timeout', () => ({ nodeTimeoutMs: config.getInt('cluster-node-timeout') }))
  on('cluster-link-sendbuf-limit', () => ({ sendbufLimit: config.getInt('cluster-link-sendbuf-limit') }))
  on('cluster-require-full-coverage', () => ({ requireFullCoverage: config.getBool('cluster-require-full-coverage') }))
  on('cluster-allow-replica-migration', () => ({ allowReplicaMigration: config.getBool('cluster-allow-replica-migration') }))
  on('cluster-announce-ip', () => ({ announceIp: config.get('cluster-announce-ip') }))
  on('cluster-announce-port', () => ({ announcePort: config.getInt('cluster-announce-port') }))
  on('cluster-announce-bus-port', () => ({ announceBusPort: config.getInt('cluster-announce-bus-port') }))
  on('cluster-announce-hostname', () => ({ announceHostname: config.get('cluster-announce-hostname') }))
  on('cluster-preferred-endpoint-type', () => ({ preferredEndpointType: config.get('cluster-preferred-endpoint-type') as EndpointType }))
}
