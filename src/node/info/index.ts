// INFO: which sections a request names, in which order they print, and the builder of each. Subsystems
// that grow (persistence, replication, cluster) replace their section's builder with setInfoSection().
import type { Server } from '../server.js'
import { clientsSection, cpuSection, memorySection, serverSection } from './sections-process.js'
import {
  clusterSection, commandstatsSection, errorstatsSection, keyspaceSection, latencystatsSection, modulesSection,
  persistenceSection, replicationSection, statsSection,
} from './sections-data.js'

export type SectionBuilder = (server: Server) => string

/** Print order of genRedisInfoString(); `inDefault` = part of INFO with no argument. */
const SECTIONS: Array<{ name: string; inDefault: boolean; build: SectionBuilder }> = [
  { name: 'server', inDefault: true, build: serverSection },
  { name: 'clients', inDefault: true, build: clientsSection },
  { name: 'memory', inDefault: true, build: memorySection },
  { name: 'persistence', inDefault: true, build: persistenceSection },
  { name: 'stats', inDefault: true, build: statsSection },
  { name: 'replication', inDefault: true, build: replicationSection },
  { name: 'cpu', inDefault: true, build: cpuSection },
  { name: 'modules', inDefault: true, build: modulesSection },
  { name: 'commandstats', inDefault: false, build: commandstatsSection },
  { name: 'errorstats', inDefault: true, build: errorstatsSection },
  { name: 'latencystats', inDefault: false, build: latencystatsSection },
  { name: 'cluster', inDefault: true, build: clusterSection },
  { name: 'keyspace', inDefault: true, build: keyspaceSection },
]

/** Replaces the builder of a section (e.g. persistence once RDB exists). */
export function setInfoSection(name: string, build: SectionBuilder): void {
  const s = SECTIONS.find((x) => x.name === name)
  if (!s) throw new Error(`unknown INFO section '${name}'`)
  s.build = build
}

/** genInfoSectionDict(): the section names a request selects (unknown names select nothing). */
export function selectSections(args: readonly string[]): Set<string> {
  const out = new Set<string>()
  if (args.length === 0) args = ['default']
  for (const raw of args) {
    const a = raw.toLowerCase()
    if (a === 'all' || a === 'everything') for (const s of SECTIONS) out.add(s.name)
    else if (a === 'default') for (const s of SECTIONS) { if (s.inDefault) out.add(s.name) }
    else out.add(a)
  }
  return out
}

/** The INFO text for the selected sections, separated by blank lines. */
export function genInfoString(server: Server, selected: Set<string>): string {
  const parts: string[] = []
  for (const s of SECTIONS) if (selected.has(s.name)) parts.push(s.build(server))
  return parts.join('\r\n')
}
