import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Config, ConfigError } from '../../../../src/node/config/config.js'
import { formatMemory, parseMemory } from '../../../../src/node/config/values.js'
import { parseSave } from '../../../../src/node/config/special.js'

/** The value a directive ends up with, or the reason it is refused. */
function setTo(name: string, ...args: string[]): string {
  const config = new Config()
  try {
    config.set(name, args, true)
    return config.display(name)
  } catch (e) {
    if (e instanceof ConfigError) return `ERR ${e.message}`
    throw e
  }
}

describe('parseMemory', () => {
  it('reads units like memtoull', () => {
    assert.equal(parseMemory('1k'), 1000n)
    assert.equal(parseMemory('1kB'), 1024n)
    assert.equal(parseMemory('1Gb'), 1073741824n)
    assert.equal(parseMemory('10mb'), 10485760n)
    assert.equal(parseMemory(''), 0n)
    assert.equal(parseMemory('k'), 0n)
    assert.equal(parseMemory('01'), 1n)
  })

  it('refuses signs, fractions, blanks and unknown units', () => {
    for (const s of ['-1', '+5', '1.5k', ' 5', '1 ', '1kbb', '1t', '0x10', '1e3']) assert.equal(parseMemory(s), null, s)
  })

  it('saturates at 2^64-1 like strtoull', () => {
    assert.equal(parseMemory('18446744073709551616'), 18446744073709551615n)
  })
})

describe('formatMemory', () => {
  it('uses the largest exact unit', () => {
    assert.equal(formatMemory(1073741824n), '1gb')
    assert.equal(formatMemory(1048576n), '1mb')
    assert.equal(formatMemory(2048n), '2kb')
    assert.equal(formatMemory(2000n), '2000')
    assert.equal(formatMemory(0n), '0')
  })
})

describe('directive values', () => {
  it('checks integers with string2ll rules and Redis range texts', () => {
    assert.equal(setTo('timeout', '5'), '5')
    assert.equal(setTo('timeout', '01'), "ERR argument couldn't be parsed into an integer")
    assert.equal(setTo('timeout', '+1'), "ERR argument couldn't be parsed into an integer")
    assert.equal(setTo('timeout', '-1'), 'ERR argument must be between 0 and 2147483647 inclusive')
    assert.equal(setTo('maxclients', '0'), 'ERR argument must be between 1 and 4294967295 inclusive')
    assert.equal(setTo('timeout', '99999999999999999999'), "ERR argument couldn't be parsed into an integer")
  })

  it('prints memory values in bytes and checks them as memory', () => {
    assert.equal(setTo('proto-max-bulk-len', '5mb'), '5242880')
    assert.equal(setTo('proto-max-bulk-len', '1048575'), 'ERR argument must be between 1048576 and 9223372036854775807 inclusive')
    assert.equal(setTo('hash-max-listpack-value', '-1'), 'ERR argument must be a memory value')
    assert.equal(setTo('hash-max-listpack-value', '99999999999999999999'), 'ERR argument must be between 0 and 9223372036854775807 inclusive')
  })

  it('takes percentages for maxmemory-clients', () => {
    assert.equal(setTo('maxmemory-clients', '-5'), 'ERR argument must be a memory or percent value')
    assert.equal(setTo('maxmemory-clients', '101%'), 'ERR percentage argument must be less or equal to 100')
    assert.equal(setTo('maxmemory-clients', '0'), '0')
  })

  it('reads and prints unixsocketperm in octal', () => {
    assert.equal(setTo('unixsocketperm', '700'), '700')
    assert.equal(setTo('unixsocketperm', '0777'), '777')
    assert.equal(setTo('unixsocketperm', '999'), "ERR argument couldn't be parsed as an octal number")
    assert.equal(setTo('unixsocketperm', '1000'), 'ERR argument must be between 0 and 777 inclusive')
  })

  it('lowercases bools and enums and lists enum words in the error', () => {
    assert.equal(setTo('protected-mode', 'YES'), 'yes')
    assert.equal(setTo('protected-mode', 'maybe'), "ERR argument must be 'yes' or 'no'")
    assert.equal(setTo('maxmemory-policy', 'ALLKEYS-LRU'), 'allkeys-lru')
    assert.equal(setTo('loglevel', 'loud'), 'ERR argument(s) must be one of the following: debug, verbose, notice, warning')
  })

  it('orders shutdown flags as Redis prints them', () => {
    assert.equal(setTo('shutdown-on-sigint', 'now', 'nosave'), 'nosave now')
    assert.equal(setTo('shutdown-on-sigint', 'default', 'now'), 'now')
    assert.equal(setTo('shutdown-on-sigint', 'save', 'nosave'), "ERR shutdown options SAVE and NOSAVE can't be used simultaneously")
  })

  it('clamps hz to 1..500', () => {
    assert.equal(setTo('hz', '0'), '1')
    assert.equal(setTo('hz', '1000'), '500')
  })
})

describe('special directives', () => {
  it('validates save pairs', () => {
    const ctx = { startup: true, previous: '', repeatInFile: false, cwd: '/' }
    assert.equal(parseSave(['100', '10', '200', '+20'], ctx), '100 10 200 20')
    assert.equal(parseSave(['300', '3'], { ...ctx, previous: '100 1', repeatInFile: true }), '100 1 300 3')
    assert.equal(parseSave([''], { ...ctx, previous: '100 1', repeatInFile: true }), '')
    assert.equal(setTo('save', ''), '')
    assert.equal(setTo('save', '100'), 'ERR Invalid save parameters')
    assert.equal(setTo('save', '0', '1'), 'ERR Invalid save parameters')
  })

  it('merges client-output-buffer-limit classes', () => {
    assert.equal(setTo('client-output-buffer-limit', 'normal', '1mb', '2kb', '3'),
      'normal 1048576 2048 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60')
    assert.equal(setTo('client-output-buffer-limit', 'replica', '1', '2', '3'),
      'normal 0 0 0 slave 1 2 3 pubsub 33554432 8388608 60')
    assert.equal(setTo('client-output-buffer-limit', 'master', '1', '2', '3'), 'ERR Invalid client class specified in buffer limit configuration.')
    assert.equal(setTo('client-output-buffer-limit', 'normal', '1', '2'), 'ERR Wrong number of arguments in buffer limit configuration.')
    assert.equal(setTo('client-output-buffer-limit', 'normal', '1', '2', '-1'), 'ERR Error in hard, soft or soft_seconds setting in buffer limit configuration.')
  })

  it('prints notify-keyspace-events in Redis order', () => {
    assert.equal(setTo('notify-keyspace-events', 'KEA'), 'AKE')
    assert.equal(setTo('notify-keyspace-events', 'Ex$'), '$xE')
    assert.equal(setTo('notify-keyspace-events', 'tdmn'), 'tdnm')
    assert.equal(setTo('notify-keyspace-events', 'nmAE'), 'AEm')
    assert.equal(setTo('notify-keyspace-events', 'g$lshzxetd'), 'A')
    assert.equal(setTo('notify-keyspace-events', 'Q'), "ERR Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
  })

  it('keeps n behind A for the notifier', () => {
    const config = new Config()
    config.set('notify-keyspace-events', ['nAK'], true)
    assert.ok(config.get('notify-keyspace-events').includes('n'))
  })

  it('checks oom-score-adj-values and latency percentiles', () => {
    assert.equal(setTo('oom-score-adj-values', '01', '+2', '3'), '1 2 3')
    assert.equal(setTo('oom-score-adj-values', '1', '2', '3000'), 'ERR Invalid oom-score-adj-values, elements must be between -2000 and 2000.')
    assert.equal(setTo('latency-tracking-info-percentiles', '1e1', '3.14159265', '0x10'), '10 3.141593 16')
    assert.equal(setTo('latency-tracking-info-percentiles', '101'), 'ERR latency-tracking-info-percentiles parameters should sit between [0.0,100.0]')
    assert.equal(setTo('latency-tracking-info-percentiles', 'nan'), 'ERR Invalid latency-tracking-info-percentiles parameters')
  })

  it('resolves dir and refuses a missing one', () => {
    assert.equal(setTo('dir', '/'), '/')
    assert.equal(setTo('dir', '/nonexistent-rcl'), 'ERR No such file or directory')
  })

  it('checks file names and hostnames like Redis', () => {
    assert.equal(setTo('dbfilename', 'a/b'), "ERR dbfilename can't be a path, just a filename")
    assert.equal(setTo('appendfilename', ''), "ERR appendfilename can't be empty")
    assert.equal(setTo('cluster-announce-hostname', 'a_b'), 'ERR Hostnames may only contain alphanumeric characters, hyphens or dots')
    assert.equal(setTo('proc-title-template', '{unknown}'), 'ERR template format is invalid or contains unknown variables')
    assert.equal(setTo('proc-title-template', '{title}'), 'ERR template format is invalid or contains unknown variables')
    assert.equal(setTo('proc-title-template', '{port} x'), '{port} x')
  })
})

describe('unsupported features', () => {
  it('accepts the disabled value and names the feature otherwise', () => {
    assert.equal(setTo('tls-port', '0'), '0')
    assert.equal(setTo('tls-port', '6380'), 'ERR TLS is not supported by rcl-node')
    assert.equal(setTo('appendonly', 'yes'), 'yes')
    assert.equal(setTo('maxmemory', '100mb'), 'ERR maxmemory (eviction) is not supported by rcl-node yet')
    assert.equal(setTo('aclfile', '/x.acl'), 'ERR ACL files (aclfile) is not supported by rcl-node yet')
    assert.equal(setTo('replicaof', '127.0.0.1', '6379'), '127.0.0.1 6379')
    assert.equal(setTo('replicaof', 'no', 'one'), '')
    assert.equal(setTo('io-threads', '4'), 'ERR I/O threads (io-threads > 1) is not supported by rcl-node')
    assert.equal(setTo('save', '900', '1'), '900 1')
    assert.equal(setTo('save', '3600', '1', '300', '100', '60', '10000'), '3600 1 300 100 60 10000')
  })

  it('stores tuning it does not model', () => {
    assert.equal(setTo('activerehashing', 'no'), 'no')
    assert.equal(setTo('lazyfree-lazy-user-del', 'yes'), 'yes')
    assert.equal(setTo('jemalloc-bg-thread', 'no'), 'no')
  })
})
