import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { FakeClock } from '../../helpers/fake-clock.js'

describe('FakeClock', () => {
  it('reads the start time until advanced, then moves by exactly the amount', () => {
    const fc = new FakeClock(1_000)
    assert.equal(fc.now(), 1_000)
    fc.advance(250)
    assert.equal(fc.now(), 1_250)
    fc.advance(0)
    assert.equal(fc.now(), 1_250)
  })

  it('fires an `after` timer once its delay has passed, not before, with now() at its due time', () => {
    const fc = new FakeClock(0)
    const seen: number[] = []
    fc.after(100, () => seen.push(fc.now()))
    fc.advance(99)
    assert.deepEqual(seen, [])
    fc.advance(50)
    assert.deepEqual(seen, [100])
    assert.equal(fc.now(), 149)
    fc.advance(1_000)
    assert.deepEqual(seen, [100])
    assert.equal(fc.pending, 0)
  })

  it('fires due timers in time order, ties in the order they were scheduled', () => {
    const fc = new FakeClock(0)
    const order: string[] = []
    fc.after(30, () => order.push('c30'))
    fc.after(10, () => order.push('a10'))
    fc.after(20, () => order.push('b20'))
    fc.after(10, () => order.push('a10-second'))
    fc.advance(30)
    assert.deepEqual(order, ['a10', 'a10-second', 'b20', 'c30'])
  })

  it('repeats an `every` timer at its period until cancelled', () => {
    const fc = new FakeClock(0)
    const ticks: number[] = []
    const h = fc.every(100, () => ticks.push(fc.now()))
    fc.advance(350)
    assert.deepEqual(ticks, [100, 200, 300])
    h.cancel()
    fc.advance(1_000)
    assert.deepEqual(ticks, [100, 200, 300])
    assert.equal(fc.pending, 0)
  })

  it('fires timers that callbacks schedule inside the window, and leaves later ones pending', () => {
    const fc = new FakeClock(0)
    const seen: string[] = []
    fc.after(10, () => {
      seen.push(`outer@${fc.now()}`)
      fc.after(15, () => seen.push(`inner@${fc.now()}`))
      fc.after(0, () => seen.push(`zero@${fc.now()}`))
      fc.after(500, () => seen.push(`late@${fc.now()}`))
    })
    fc.advance(100)
    assert.deepEqual(seen, ['outer@10', 'zero@10', 'inner@25'])
    assert.equal(fc.pending, 1)
    assert.equal(fc.now(), 100)
  })

  it('cancels a pending timer, and cancelling twice or after firing does nothing', () => {
    const fc = new FakeClock(0)
    let fired = 0
    const h = fc.after(10, () => fired++)
    const other = fc.after(20, () => fired++)
    h.cancel()
    h.cancel()
    fc.advance(30)
    assert.equal(fired, 1)
    other.cancel()
    assert.equal(fc.pending, 0)
  })

  it('lets a callback cancel a timer due at the same moment, and an `every` cancel itself', () => {
    const fc = new FakeClock(0)
    const seen: string[] = []
    let second: { cancel(): void } | null = null
    fc.after(10, () => { seen.push('first'); second?.cancel() })
    second = fc.after(10, () => seen.push('second'))
    let n = 0
    const h = fc.every(5, () => { if (++n === 2) h.cancel() })
    fc.advance(100)
    assert.deepEqual(seen, ['first'])
    assert.equal(n, 2)
  })

  it('runNext jumps to the next due timer', () => {
    const fc = new FakeClock(0)
    let at = -1
    fc.after(1_234, () => { at = fc.now() })
    assert.equal(fc.runNext(), true)
    assert.equal(at, 1_234)
    assert.equal(fc.now(), 1_234)
    assert.equal(fc.runNext(), false)
  })

  it('refuses a negative advance and stops a timer re-arming itself forever', () => {
    const fc = new FakeClock(0)
    assert.throws(() => fc.advance(-1), RangeError)
    assert.throws(() => fc.after(2 ** 31, () => undefined), /setTimeout would fire at once/)
    assert.throws(() => fc.after(Infinity, () => undefined), RangeError)
    fc.after(2 ** 31 - 1, () => undefined)
    const rearm = (): void => { fc.after(0, rearm) }
    fc.after(0, rearm)
    assert.throws(() => fc.advance(1), /more than .* timers fired in one advance/)
  })
})
