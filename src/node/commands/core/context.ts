// The concrete CommandContext: one per client, reused for every command it runs.
import type { Db } from '../../keyspace/db.js'
import type { ClientState } from '../../client/state.js'
import type { Server } from '../../server.js'
import type { NotifyClass } from '../../keyspace/notify.js'
import type { CommandContext } from './types.js'

export class ClientContext implements CommandContext {
  inExec = false
  propagateAs: string[][] | null = null

  constructor(readonly server: Server, readonly client: ClientState) {}

  get db(): Db {
    return this.server.dbs[this.client.dbIndex]
  }

  modified(key: string, type?: NotifyClass, event?: string): void {
    const server = this.server
    server.dirty++
    server.signalModifiedKey(this.client.dbIndex, key)
    if (event !== undefined && type !== undefined && server.notifications.enabled) {
      server.notifications.notify(type, event, key, this.client.dbIndex)
    }
  }

  notify(type: NotifyClass, event: string, key: string): void {
    if (this.server.notifications.enabled) this.server.notifications.notify(type, event, key, this.client.dbIndex)
  }
}
