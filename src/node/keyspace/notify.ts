// Keyspace notifications (notify-keyspace-events): which classes are on, and the two PUBLISHes
// Redis sends per event: __keyspace@<db>__:<key> -> event and __keyevent@<db>__:<event> -> key.
import type { PubSub } from '../pubsub/registry.js'

/** notify-keyspace-events class letters: g generic, $ string, l list, s set, h hash, z zset, x expired, e evicted, t stream, d module, m key-miss, n new. */
export type NotifyClass = 'g' | '$' | 'l' | 's' | 'h' | 'z' | 'x' | 'e' | 't' | 'm' | 'n'

const KEYSPACE = 1
const KEYEVENT = 2
/** 'A' is an alias for "g$lshzxet" (everything but key-miss and new). */
const ALL_CLASSES = 'g$lshzxet'

/** Parses the flags string; null when it holds a character Redis does not know. */
export function parseNotifyFlags(s: string): { classes: Set<string>; targets: number } | null {
  const classes = new Set<string>()
  let targets = 0
  for (const ch of s) {
    if (ch === 'A') for (const c of ALL_CLASSES) classes.add(c)
    else if (ch === 'K') targets |= KEYSPACE
    else if (ch === 'E') targets |= KEYEVENT
    else if ('g$lshzxetmnd'.includes(ch)) classes.add(ch)
    else return null
  }
  return { classes, targets }
}

/** Canonical form CONFIG GET prints: classes (A folded) then K/E, in Redis's order. */
export function formatNotifyFlags(classes: Set<string>, targets: number): string {
  let out = ''
  const all = [...ALL_CLASSES].every((c) => classes.has(c))
  if (all) out += 'A'
  else for (const c of ALL_CLASSES) if (classes.has(c)) out += c
  if (targets & KEYSPACE) out += 'K'
  if (targets & KEYEVENT) out += 'E'
  if (classes.has('m')) out += 'm'
  if (classes.has('n')) out += 'n'
  return out
}

export class Notifier {
  private classes = new Set<string>()
  private targets = 0
  /** False when nothing would be sent: handlers skip building event names entirely. */
  enabled = false

  constructor(private readonly pubsub: PubSub) {}

  configure(flags: string): boolean {
    const parsed = parseNotifyFlags(flags)
    if (!parsed) return false
    this.classes = parsed.classes
    this.targets = parsed.targets
    this.enabled = this.targets !== 0 && this.classes.size !== 0
    return true
  }

  notify(type: NotifyClass, event: string, key: string, dbIndex: number): void {
    if (!this.enabled || !this.classes.has(type)) return
    if (this.targets & KEYSPACE) this.pubsub.publish(`__keyspace@${dbIndex}__:${key}`, event)
    if (this.targets & KEYEVENT) this.pubsub.publish(`__keyevent@${dbIndex}__:${event}`, key)
  }
}
