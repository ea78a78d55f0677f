// DEBUG's cluster subcommands on an rcl-node and a redis-server 7.0 node joined in one cluster: the
// same replies to the same mistakes, the same log line for a filtered packet, and killed links that
// both sides open again. Needs redis-server on PATH.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

interface N { node: TestNode; cport: number; redis: Redis; id: string }

const clients: Redis[] = []
after(async () => {
  for (const c of clients) c.disconnect()
  await stopAll()
})

async function start(command?: string): Promise<N> {
  const cport = await freePort()
  const node = await startNode(['--cluster-enabled', 'yes', '--cluster-port', String(cport), '--enable-debug-command', 'local'], command)
  const redis = client(node.port)
  clients.push(redis)
  return { node, cport, redis, id: await redis.cluster('MYID') as string }
}

const linksOf = async (n: N): Promise<string[]> =>
  (await n.redis.cluster('LINKS') as Array<Array<string | number>>).map((r) => `${r[1]} ${r[3]} ${r[5]}`).sort()
const replyTo = (n: N, ...args: string[]): Promise<string> => n.redis.call('DEBUG', ...args).then(String, (e: Error) => e.message)

describe('cluster DEBUG subcommands on rcl-node and redis-server 7.0', () => {
  it('answer alike, log a filtered packet alike, and both sides reopen killed links', async () => {
    const [real, ours] = await Promise.all([start('redis-server'), start()])
    assert.equal(await ours.redis.cluster('MEET', '127.0.0.1', real.node.port, real.cport), 'OK')
    await waitFor('a link each way on both', async () => (await linksOf(real)).length === 2 && (await linksOf(ours)).length === 2, 10_000, 50)

    // (an unknown direction is left out: 7.0 answers it with an error and then +OK too)
    for (const args of [['CLUSTERLINK', 'KILL', 'to', 'x'.repeat(40)], ['CLUSTERLINK', 'KILL', 'all', 'abc'],
      ['CLUSTERLINK', 'KILL', 'to', 'a', 'b'], ['CLUSTERLINK', 'nuke', 'to', 'abc'], ['DROP-CLUSTER-PACKET-FILTER', 'x'],
      ['DROP-CLUSTER-PACKET-FILTER', '1.0'], ['DROP-CLUSTER-PACKET-FILTER']]) {
      assert.equal(await replyTo(ours, ...args), await replyTo(real, ...args), args.join(' '))
    }

    for (const [me, peer] of [[ours, real], [real, ours]] as const) {
      const before = await linksOf(me)
      await new Promise((r) => setTimeout(r, 5))
      assert.equal(await replyTo(me, 'CLUSTERLINK', 'KILL', 'all', peer.id), 'OK')
      await waitFor('both links anew', async () => {
        const now = await linksOf(me)
        return now.length === 2 && now.every((l) => !before.includes(l))
      }, 5000, 20)
    }

    for (const n of [ours, real]) assert.equal(await replyTo(n, 'DROP-CLUSTER-PACKET-FILTER', '0'), 'OK')
    const dropped = (n: N): string[] => readFileSync(join(n.node.dir, 'node.log'), 'utf8').split('\n').filter((l) => l.includes('Dropping packet'))
    try {
      await waitFor('a dropped PING logged by both', () => dropped(ours).length > 0 && dropped(real).length > 0, 10_000, 50)
    } finally {
      for (const n of [ours, real]) await replyTo(n, 'DROP-CLUSTER-PACKET-FILTER', '-1')
    }
    const shape = (l: string): string => l.replace(/^\d+:M \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} /, '')
    assert.equal(shape(dropped(ours)[0]), shape(dropped(real)[0]))
    assert.equal(shape(dropped(ours)[0]), '# Dropping packet that matches debug drop filter')
  })
})
