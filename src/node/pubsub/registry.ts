// Channel and pattern subscriptions and PUBLISH fan-out. Messages go out through each client's link
// as push replies; the command family (commands/pubsub.ts) only calls into this.
import type { ClientState } from '../net/client.js'
import { PushReply, type Reply } from '../resp/types.js'
import { globMatch } from '../util/glob.js'

export class PubSub {
  readonly channels = new Map<string, Set<ClientState>>()
  readonly patterns = new Map<string, Set<ClientState>>()

  subscribe(client: ClientState, channel: string): boolean {
    if (client.channels.has(channel)) return false
    client.channels.add(channel)
    let set = this.channels.get(channel)
    if (!set) this.channels.set(channel, (set = new Set()))
    set.add(client)
    return true
  }

  unsubscribe(client: ClientState, channel: string): boolean {
    if (!client.channels.delete(channel)) return false
    const set = this.channels.get(channel)
    if (set) { set.delete(client); if (set.size === 0) this.channels.delete(channel) }
    return true
  }

  psubscribe(client: ClientState, pattern: string): boolean {
    if (client.patterns.has(pattern)) return false
    client.patterns.add(pattern)
    let set = this.patterns.get(pattern)
    if (!set) this.patterns.set(pattern, (set = new Set()))
    set.add(client)
    return true
  }

  punsubscribe(client: ClientState, pattern: string): boolean {
    if (!client.patterns.delete(pattern)) return false
    const set = this.patterns.get(pattern)
    if (set) { set.delete(client); if (set.size === 0) this.patterns.delete(pattern) }
    return true
  }

  /** Delivers to channel subscribers and matching patterns; returns the number of receivers. */
  publish(channel: string, message: string): number {
    let receivers = 0
    const subs = this.channels.get(channel)
    if (subs) {
      const msg: Reply = new PushReply(['message', channel, message])
      for (const c of subs) { c.link.send(msg); receivers++ }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue
        const msg: Reply = new PushReply(['pmessage', pattern, channel, message])
        for (const c of clients) { c.link.send(msg); receivers++ }
      }
    }
    return receivers
  }

  /** Drops every subscription of a disconnecting client. */
  removeClient(client: ClientState): void {
    for (const ch of [...client.channels]) this.unsubscribe(client, ch)
    for (const p of [...client.patterns]) this.punsubscribe(client, p)
  }
}
