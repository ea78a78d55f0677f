import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Config } from '../../../src/node/config/config.js'
import { Server } from '../../../src/node/server.js'
import { Logger, type LogLevelName } from '../../../src/node/util/log.js'
import { installProcTitle, procTitleVars, type TitleSink } from '../../../src/node/proc-title.js'

class RecordingLog extends Logger {
  readonly lines: string[] = []
  override log(level: LogLevelName, msg: string): void { this.lines.push(`${level} ${msg}`) }
}

/** A title store that keeps at most `cap` bytes, like the argv area Node writes the title over. */
function cappedSink(cap: number): TitleSink & { value: string } {
  const s = { value: '', set(t: string) { s.value = t.slice(0, cap) }, get: () => s.value }
  return s
}

function serverWith(directives: Record<string, string>): { server: Server; log: RecordingLog } {
  const config = new Config()
  for (const [k, v] of Object.entries(directives)) config.set(k, [v], true)
  const log = new RecordingLog()
  return { server: new Server(config, { log }), log }
}

describe('procTitleVars', () => {
  it('gives the first bind address and the port, or the unix socket when there is no TCP port', () => {
    assert.equal(procTitleVars(serverWith({ port: '7000' }).server)['listen-addr'], '*:7000')
    assert.equal(procTitleVars(serverWith({ port: '7000', bind: '10.0.0.1 ::1' }).server)['listen-addr'], '10.0.0.1:7000')
    const unix = serverWith({ port: '0', unixsocket: '/tmp/x.sock' }).server
    assert.equal(procTitleVars(unix)['listen-addr'], 'unixsocket:/tmp/x.sock')
    assert.equal(procTitleVars(unix).unixsocket, '/tmp/x.sock')
  })
})

describe('installProcTitle', () => {
  it('logs a notice when the title had to be cut to the command line\'s length', () => {
    const { server, log } = serverWith({ port: '7000', bind: '127.0.0.1' })
    const sink = cappedSink(16)
    installProcTitle(server, sink)
    assert.equal(sink.value, 'rcl-node 127.0.0')
    assert.deepEqual(log.lines, ["notice Process title cut to 16 bytes (the length of the command line): 'rcl-node 127.0.0' instead of 'rcl-node 127.0.0.1:7000'"])
  })

  it('leaves the title alone with set-proc-title no, but sets it when the template changes', () => {
    const { server } = serverWith({ port: '7000', 'set-proc-title': 'no' })
    const sink = cappedSink(100)
    installProcTitle(server, sink)
    assert.equal(sink.value, '')
    assert.equal(server.config.setMany([['proc-title-template', '{title} {port}']], { local: true }), null)
    assert.equal(sink.value, 'rcl-node 7000')
    assert.match(server.config.setMany([['proc-title-template', '{unixsocket}']], { local: true }) ?? '', /template format is invalid/)
    assert.equal(sink.value, 'rcl-node 7000')
    assert.equal(server.config.get('proc-title-template'), '{title} {port}')
  })
})
