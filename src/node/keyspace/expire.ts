// The active expire cycle (Redis's activeExpireCycle, slow variant): from the server cron, sample keys
// that carry a TTL in each db and delete the expired ones, repeating while the sample was stale enough,
// within a time budget. Lazy expiry on access lives in db.ts; this only finds keys nobody reads. A
// replica runs no such cycle: it expires only the keys its own clients gave a TTL (replica-expires.ts).
import type { Db } from './db.js'
import type { Clock } from '../util/clock.js'
import type { ReplicaKeysWithExpire } from './replica-expires.js'

/** Keys sampled per db per loop (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
const KEYS_PER_LOOP = 20
/** Share of each cron period the cycle may use (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
const SLOW_TIME_PERC = 25
/** Keep sampling a db while more than this % of the sample had expired. */
const ACCEPTABLE_STALE_PERC = 10
/** Dbs visited per call (CRON_DBS_PER_CALL). */
const DBS_PER_CALL = 16

/** What the cycle needs from the server (structural, so this module does not import server.ts). */
export interface ExpireHost {
  readonly dbs: Db[]
  readonly clock: Clock
  readonly cronJobs: Array<(now: number) => void>
  readonly config: { getInt(name: string): number }
  readonly expiresDeferred: boolean
  readonly replicaKeysWithExpire: ReplicaKeysWithExpire
  /** DEBUG SET-ACTIVE-EXPIRE 0|1 flips this. */
  activeExpireEnabled: boolean
  readonly stats: { expiredStalePerc: number; expiredTimeCapReachedCount: number }
}

interface SampleResult {
  sampled: number
  expired: number
  ttlSum: number
  ttlSamples: number
}

/** A resumable walk over one db's expires Map; Map iterators survive deletions and inserts. */
interface Walk {
  map: Map<string, number>
  it: IterableIterator<[string, number]>
}

export class ActiveExpire {
  private currentDb = 0
  /** The previous call ran out of time: visit every db this time. */
  private timelimitExit = false
  private readonly walks = new WeakMap<Db, Walk>()

  constructor(private readonly host: ExpireHost) {}

  /** One slow cycle; called once per cron tick. */
  cycle(): void {
    const host = this.host
    if (!host.activeExpireEnabled) return
    if (host.expiresDeferred) return host.replicaKeysWithExpire.expire(host.dbs, () => host.clock.now())
    const dbCount = host.dbs.length
    const dbsPerCall = this.timelimitExit ? dbCount : Math.min(DBS_PER_CALL, dbCount)
    const hz = Math.max(1, host.config.getInt('hz'))
    const start = host.clock.now()
    const deadline = start + Math.max(1, (SLOW_TIME_PERC * 1000) / hz / 100)
    this.timelimitExit = false
    let totalSampled = 0
    let totalExpired = 0
    for (let j = 0; j < dbsPerCall && !this.timelimitExit; j++) {
      const db = host.dbs[this.currentDb % dbCount]
      this.currentDb = (this.currentDb + 1) % dbCount
      const [sampled, expired] = this.expireDb(db, deadline)
      totalSampled += sampled
      totalExpired += expired
    }
    // running estimate of the share of keys already logically expired but still stored (INFO)
    const perc = totalSampled === 0 ? 0 : totalExpired / totalSampled
    host.stats.expiredStalePerc = perc * 0.05 + host.stats.expiredStalePerc * 0.95
  }

  /** Samples one db until the sample is fresh enough or time runs out; returns [sampled, expired]. */
  private expireDb(db: Db, deadline: number): [number, number] {
    let sampled = 0
    let expired = 0
    for (let iteration = 1; ; iteration++) {
      if (db.expires.size === 0) {
        db.avgTtl = 0
        break
      }
      const r = this.sample(db, Math.min(KEYS_PER_LOOP, db.expires.size))
      sampled += r.sampled
      expired += r.expired
      if (r.ttlSamples !== 0) this.updateAvgTtl(db, r.ttlSum / r.ttlSamples)
      if ((iteration & 0xf) === 0 && this.host.clock.now() > deadline) {
        this.timelimitExit = true
        this.host.stats.expiredTimeCapReachedCount++
        break
      }
      if (r.sampled !== 0 && (r.expired * 100) / r.sampled <= ACCEPTABLE_STALE_PERC) break
    }
    return [sampled, expired]
  }

  /** Looks at the next `n` keys with a TTL, deleting the expired ones through the db's lazy path. */
  private sample(db: Db, n: number): SampleResult {
    const r: SampleResult = { sampled: 0, expired: 0, ttlSum: 0, ttlSamples: 0 }
    const walk = this.walkFor(db)
    const now = this.host.clock.now()
    for (let i = 0; i < n; i++) {
      let step = walk.it.next()
      if (step.done) {
        walk.it = walk.map.entries()
        step = walk.it.next()
        if (step.done) break
      }
      const [key, when] = step.value
      r.sampled++
      if (when <= now) {
        if (db.expireIfNeeded(key)) r.expired++
      } else {
        r.ttlSum += when - now
        r.ttlSamples++
      }
    }
    return r
  }

  private walkFor(db: Db): Walk {
    let walk = this.walks.get(db)
    // SWAPDB/FLUSHALL may have handed the db a different Map: start over on the current one
    if (walk === undefined || walk.map !== db.expires) {
      walk = { map: db.expires, it: db.expires.entries() }
      this.walks.set(db, walk)
    }
    return walk
  }

  /** Running average of the remaining TTL of sampled keys, weighted 2% new / 98% old (INFO avg_ttl). */
  private updateAvgTtl(db: Db, avg: number): void {
    if (db.avgTtl === 0) db.avgTtl = avg
    db.avgTtl = Math.floor((db.avgTtl / 50) * 49 + avg / 50)
  }
}

/** Registers the active expire cycle with the server cron. */
export function installActiveExpire(host: ExpireHost): ActiveExpire {
  const active = new ActiveExpire(host)
  host.cronJobs.push(() => active.cycle())
  return active
}
