import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { TemplateError } from '../../../src/lib/errors.js'
import { confToken, loadTemplate, overrideLines, parseAssignment, renderTemplate, templateNames } from '../../../src/lib/templates.js'

const vars = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o))

describe('templates', () => {
  it('bundles standalone, replica, cluster and sentinel', () => {
    assert.deepEqual(templateNames(), ['cluster', 'replica', 'sentinel', 'standalone'])
  })

  it('fills every bundled template from the values rcl start can give, leaving no placeholder', () => {
    const all = vars({ port: '7000', bind: '127.0.0.1', dir: '/tmp/x', pidfile: '/tmp/x/node.pid', masterHost: '127.0.0.1', masterPort: '6999', masterName: 'mymaster', quorum: '2' })
    for (const name of templateNames()) {
      const text = renderTemplate(loadTemplate(name), all)
      assert.match(text, /^port 7000$/m, name)
      assert.match(text, /^bind 127\.0\.0\.1$/m, name)
      assert.doesNotMatch(text, /\{\{|\}\}/, name)
    }
  })

  it('names every missing placeholder and how to give it', () => {
    assert.throws(() => renderTemplate('port {{port}}\nreplicaof {{masterHost}} {{masterPort}}\nx {{other}}', vars({ port: '1' })), (e: unknown) => {
      assert.ok(e instanceof TemplateError)
      assert.equal(e.message, 'The template needs a value for {{masterHost}}, {{masterPort}}, {{other}}')
      assert.equal(e.hint, 'give --replicaof host:port and --var other=...')
      return true
    })
  })

  it('rejects a malformed placeholder instead of passing it through', () => {
    assert.throws(() => renderTemplate('dir {{ 1bad }}', vars({})), /Malformed placeholder \{\{ 1bad \}\}/)
  })

  it('quotes values that redis.conf would otherwise split or misread', () => {
    assert.equal(renderTemplate('dir {{dir}}', vars({ dir: '/tmp/my nodes' })), 'dir "/tmp/my nodes"')
    assert.equal(confToken(''), '""')
    assert.equal(confToken('a"b\\c'), '"a\\"b\\\\c"')
    assert.equal(confToken('plain'), 'plain')
  })

  it('appends overrides, keeping space-separated words as separate arguments', () => {
    assert.equal(overrideLines([['save', '60 1000'], ['save', ''], ['maxmemory', '100mb'], ['masterauth', 'p w"d']]), 'save 60 1000\nsave ""\nmaxmemory 100mb\nmasterauth "p w\\"d"\n')
  })

  it('reads key=value assignments and refuses anything else', () => {
    assert.deepEqual(parseAssignment('save=60 1', '--config'), ['save', '60 1'])
    assert.deepEqual(parseAssignment('x=', '--config'), ['x', ''])
    assert.throws(() => parseAssignment('=x', '--config'), /--config takes key=value, got '=x'/)
    assert.throws(() => parseAssignment('novalue', '--var'), /--var takes key=value/)
  })

  it('loads a template by path and refuses unknown names, listing the bundled ones', () => {
    assert.throws(() => loadTemplate('nope'), (e: unknown) => e instanceof TemplateError && /Unknown template 'nope'/.test(e.message) && /standalone/.test(e.hint ?? ''))
  })
})
