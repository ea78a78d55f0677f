// Differential suite: every script in scripts/*.ts runs against real redis-server and rcl-node, and
// each reply must match byte for byte (or as the step says). Needs redis-server on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { ScriptRunner } from './runner.js'
import type { Script } from './script.js'

const dir = fileURLToPath(new URL('./scripts/', import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
const scriptsByFile = await Promise.all(files.map(async (f) => [f, (await import(`./scripts/${f}`)).scripts as Script[]] as const))

describe('rcl-node replies exactly like redis-server 7.0', () => {
  let redis: TestNode
  let rcl: TestNode
  const extra = new Map<string, [TestNode, TestNode]>()
  before(async () => {
    redis = await startNode([], 'redis-server')
    rcl = await startNode(['--save', ''])
  })
  after(stopAll)

  for (const [file, scripts] of scriptsByFile) {
    describe(file.replace(/\.ts$/, ''), () => {
      for (const script of scripts) {
        it(script.name, async () => {
          let pair: [TestNode, TestNode] = [redis, rcl]
          if (script.config) {
            const key = JSON.stringify(script.config)
            if (!extra.has(key)) {
              const args = Object.entries(script.config).flatMap(([k, v]) => [`--${k}`, v])
              extra.set(key, [await startNode(args, 'redis-server'), await startNode(args)])
            }
            pair = extra.get(key) as [TestNode, TestNode]
          }
          const runner = new ScriptRunner(pair[0].port, pair[1].port)
          const diffs = await runner.run(script)
          assert.deepEqual(diffs, [], diffs.join('\n'))
        })
      }
    })
  }
})
