// The server's mode, chosen once at start-up from the config: it decides the command table's answers,
// INFO's redis_mode and cluster section, HELLO's mode and which directives apply. Sentinel comes later.

export type ServerMode = 'standalone' | 'cluster' | 'sentinel'

/** What the config asks for: cluster mode with `cluster-enabled yes`, else standalone. */
export function serverModeOf(config: { getBool(name: string): boolean }): ServerMode {
  return config.getBool('cluster-enabled') ? 'cluster' : 'standalone'
}
