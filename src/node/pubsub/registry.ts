// Channel, pattern and shard-channel subscriptions and PUBLISH fan-out. Messages go out through each
// client's link as push replies; the command family (commands/pubsub.ts) only calls into this.
import { keySlot } from '../../common/key-slot.js'
import type { ClientState } from '../client/state.js'
import { PushReply, type Reply } from '../resp/types.js'
import { globMatch } from '../util/glob.js'

type Subscribers = Map<string, Set<ClientState>>

function add(index: Subscribers, own: Set<string>, client: ClientState, name: string): boolean {
  if (own.has(name)) return false
  own.add(name)
  let set = index.get(name)
  if (!set) index.set(name, (set = new Set()))
  set.add(client)
  return true
}

function remove(index: Subscribers, own: Set<string>, client: ClientState, name: string): boolean {
  if (!own.delete(name)) return false
  const set = index.get(name)
  if (set) { set.delete(client); if (set.size === 0) index.delete(name) }
  return true
}

export class PubSub {
  readonly channels: Subscribers = new Map()
  readonly patterns: Subscribers = new Map()
  readonly shardChannels: Subscribers = new Map()

  subscribe(c: ClientState, channel: string): boolean { return add(this.channels, c.channels, c, channel) }
  unsubscribe(c: ClientState, channel: string): boolean { return remove(this.channels, c.channels, c, channel) }
  psubscribe(c: ClientState, pattern: string): boolean { return add(this.patterns, c.patterns, c, pattern) }
  punsubscribe(c: ClientState, pattern: string): boolean { return remove(this.patterns, c.patterns, c, pattern) }
  /** Shard channels with subscribers, by hash slot: what a node drops when it stops serving a slot. */
  private readonly shardSlots = new Map<number, Set<string>>()

  ssubscribe(c: ClientState, channel: string): boolean {
    if (!add(this.shardChannels, c.shardChannels, c, channel)) return false
    const slot = keySlot(channel)
    let names = this.shardSlots.get(slot)
    if (names === undefined) this.shardSlots.set(slot, (names = new Set()))
    names.add(channel)
    return true
  }

  sunsubscribe(c: ClientState, channel: string): boolean {
    if (!remove(this.shardChannels, c.shardChannels, c, channel)) return false
    if (this.shardChannels.has(channel)) return true
    const slot = keySlot(channel)
    const names = this.shardSlots.get(slot)
    names?.delete(channel)
    if (names?.size === 0) this.shardSlots.delete(slot)
    return true
  }

  /**
   * This node no longer serves `slot` (Redis 7.0's removeChannelsInSlot): every subscriber of a shard
   * channel hashing there is unsubscribed and told so with a `sunsubscribe` push, so it can subscribe
   * again where the slot went.
   */
  dropShardSlot(slot: number): void {
    const names = this.shardSlots.get(slot)
    if (names === undefined) return
    for (const channel of [...names]) {
      for (const c of [...this.shardChannels.get(channel) ?? []]) {
        this.sunsubscribe(c, channel)
        c.link.send(new PushReply(['sunsubscribe', channel, c.shardChannels.size]))
      }
    }
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

  /** SPUBLISH: shard channels have no patterns. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel)
    if (!subs) return 0
    const msg: Reply = new PushReply(['smessage', channel, message])
    for (const c of subs) c.link.send(msg)
    return subs.size
  }

  /** Drops every subscription of a disconnecting (or RESET) client. */
  removeClient(c: ClientState): void {
    for (const ch of [...c.channels]) this.unsubscribe(c, ch)
    for (const p of [...c.patterns]) this.punsubscribe(c, p)
    for (const ch of [...c.shardChannels]) this.sunsubscribe(c, ch)
  }
}
