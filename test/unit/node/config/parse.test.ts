import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Config } from '../../../../src/node/config/config.js'
import { ConfigFileOpenError, FatalConfigError, applyConfigText } from '../../../../src/node/config/parse.js'
import { parseCommandLine } from '../../../../src/node/config/argv.js'

function fatal(text: string): FatalConfigError {
  try {
    applyConfigText(new Config(), text)
  } catch (e) {
    if (e instanceof FatalConfigError) return e
    throw e
  }
  assert.fail('expected a FATAL config error')
}

const options = (argv: string[]): string => {
  const cl = parseCommandLine(argv)
  assert.equal(cl.kind, 'run')
  return cl.kind === 'run' ? cl.options : ''
}

describe('applyConfigText', () => {
  it('reads quoting, comments, blank lines and any-case names', () => {
    const config = new Config()
    applyConfigText(config, '# comment\n\n  PORT 7000  \r\nrequirepass "a b\\x41"\nmasterauth \'it\\\'s\'\n')
    assert.equal(config.get('port'), '7000')
    assert.equal(config.get('requirepass'), 'a bA')
    assert.equal(config.get('masterauth'), "it's")
  })

  it('lets later lines win and accumulates repeated save lines', () => {
    const config = new Config()
    applyConfigText(config, 'timeout 1\ntimeout 2\nsave 3600 1\nsave 300 100\nsave 60 10000\n')
    assert.equal(config.get('timeout'), '2')
    assert.equal(config.get('save'), '3600 1 300 100 60 10000')
  })

  it('treats save "" as a reset and one quoted multi-word value as several words', () => {
    const config = new Config()
    applyConfigText(config, 'save 100 1\nsave ""\nbind "127.0.0.1 ::1"\n')
    assert.equal(config.get('save'), '')
    assert.equal(config.get('bind'), '127.0.0.1 ::1')
  })

  it('accepts aliases and the deprecated lines Redis ignores', () => {
    const config = new Config()
    applyConfigText(config, 'slave-read-only no\nhash-max-ziplist-entries 100\nlist-max-ziplist-entries 5\nlua-replicate-commands yes\n')
    assert.equal(config.get('replica-read-only'), 'no')
    assert.equal(config.get('hash-max-listpack-entries'), '100')
  })

  it('reports the line number, the line and the reason', () => {
    const e = fatal('port 1234\nfoo bar\n')
    assert.equal(e.report('7.0.15'), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments\n")
    assert.equal(fatal('# c\n\nport abc\n').lineNo, 3)
    assert.equal(fatal('port 1 2').reason, 'wrong number of arguments')
    assert.equal(fatal('port "abc').reason, 'Unbalanced quotes in configuration line')
    assert.equal(fatal('include').reason, 'Bad directive or wrong number of arguments')
    assert.equal(fatal('a.b').reason, 'Module config specified without value')
    assert.equal(fatal('sentinel monitor x').reason, 'sentinel directive while not in sentinel mode')
  })

  it('refuses features rcl-node lacks, judged on the final value', () => {
    assert.equal(fatal('loadmodule /x.so').reason, 'modules (loadmodule) are not supported by rcl-node')
    assert.equal(fatal('user default on').reason, 'ACL users (the user directive) are not supported by rcl-node yet')
    const e = fatal('port 1\nmaxmemory 100mb\ntimeout 3\n')
    assert.equal(e.lineNo, 2)
    assert.equal(e.reason, 'maxmemory (eviction) is not supported by rcl-node yet')
    assert.doesNotThrow(() => applyConfigText(new Config(), 'maxmemory 100mb\nmaxmemory 0\n'))
  })

  it('reports a log file that cannot be opened without a line', () => {
    const e = fatal('logfile /nonexistent-rcl/x.log')
    assert.equal(e.report('7.0.15'), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n")
  })

  it('collects rename-command lines', () => {
    const { renames } = applyConfigText(new Config(), 'rename-command flushall ""\n')
    assert.deepEqual(renames, [{ from: 'flushall', to: '', lineNo: 1, line: 'rename-command flushall ""' }])
  })
})

describe('include', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-conf-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reads included files, numbering their lines on their own', () => {
    writeFileSync(join(dir, 'a.conf'), 'timeout 7\n')
    writeFileSync(join(dir, 'b.conf'), '\nport abc\n')
    const config = new Config()
    applyConfigText(config, `include ${join(dir, 'a.conf')}\n`)
    assert.equal(config.get('timeout'), '7')
    assert.equal(fatal(`port 1\ninclude ${join(dir, 'b.conf')}\n`).lineNo, 2)
  })

  it('expands wildcards and skips a pattern that matches nothing', () => {
    writeFileSync(join(dir, 'x1.inc'), 'tcp-keepalive 1\n')
    writeFileSync(join(dir, 'x2.inc'), 'tcp-keepalive 2\n')
    const config = new Config()
    applyConfigText(config, `include ${join(dir, 'x*.inc')}\ninclude ${join(dir, 'none*.inc')}\n`)
    assert.equal(config.get('tcp-keepalive'), '2')
  })

  it('fails on a missing file with the path as written', () => {
    assert.throws(() => applyConfigText(new Config(), 'include nope.conf'),
      (e: unknown) => e instanceof ConfigFileOpenError && e.message === "Fatal error, can't open config file 'nope.conf': No such file or directory")
  })
})

describe('parseCommandLine', () => {
  it('recognises version and help', () => {
    assert.equal(parseCommandLine(['-v']).kind, 'version')
    assert.equal(parseCommandLine(['--version', 'x']).kind, 'version')
    assert.equal(parseCommandLine(['-h']).kind, 'help')
    assert.equal(parseCommandLine(['--help']).kind, 'help')
  })

  it('takes a first word without dashes as the config file', () => {
    const cl = parseCommandLine(['r.conf', '--port', '5'])
    assert.deepEqual(cl, { kind: 'run', configFile: 'r.conf', fromStdin: false, options: 'port "5" ' })
  })

  it('turns options into quoted config lines', () => {
    assert.equal(options(['--port', '5', '--foo', 'bar']), 'port "5" \nfoo "bar" ')
    assert.equal(options(['--port', '5', 'extra']), 'port "5" "extra" ')
    assert.equal(options(['--requirepass', '--x']), 'requirepass "--x" ')
    assert.equal(options(['--port']), 'port ')
  })

  it('gives a bare --save an empty value', () => {
    assert.equal(options(['--save', '--port', 'abc']), 'save ""\nport "abc" ')
    assert.equal(options(['--port', '1', '--save']), 'port "1" \nsave ""')
  })

  it('reads stdin for a lone - first or last', () => {
    const a = parseCommandLine(['-', '--port', '5'])
    const b = parseCommandLine(['r.conf', '--port', '5', '-'])
    assert.ok(a.kind === 'run' && a.fromStdin && a.configFile === null)
    assert.ok(b.kind === 'run' && b.fromStdin && b.configFile === 'r.conf')
  })
})
