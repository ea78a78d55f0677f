// ioredis clients for tests: no reconnect storms, bounded retries, always closed by the caller.
import Redis, { type RedisOptions } from 'ioredis'

export function client(port: number, opts: RedisOptions = {}): Redis {
  return new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    ...opts,
  })
}
