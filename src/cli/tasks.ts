// Live progress on a terminal: one listr2 task whose line is rewritten as work advances ("slot 120/4096 ·
// 2,930 keys · 1,450 keys/s"). Off a terminal (or with --json) the work just runs, and the per-item
// 'detail' progress lines are printed instead.

export type LiveUpdate = (text: string) => void

/** `ownSignals`: the caller handles Ctrl-C itself, so listr2 must not (its handler exits at once). */
export async function withLiveProgress<T>(live: boolean, title: string, work: (update: LiveUpdate) => Promise<T>, opts: { ownSignals?: boolean } = {}): Promise<T> {
  if (!live) return work(() => undefined)
  // loaded only for a terminal: a command run by a script never pays for importing listr2
  const { Listr } = await import('listr2')
  let result: T | undefined
  const tasks = new Listr([{
    title,
    task: async (_ctx, task): Promise<void> => {
      result = await work((text) => { task.output = text })
      task.title = `${title}: done`
    },
  }], { rendererOptions: { collapseErrors: false }, exitOnError: true, registerSignalListeners: opts.ownSignals !== true })
  await tasks.run()
  return result as T
}

/** "slot 120/4096 · 2,930 keys · 1,450 keys/s" for a run started at `t0` (ms). */
export function rateLine(unit: string, done: number, total: number, keys: number, t0: number): string {
  const secs = Math.max((Date.now() - t0) / 1000, 0.001)
  return `${unit} ${done}/${total} · ${keys.toLocaleString('en-US')} keys · ${Math.round(keys / secs).toLocaleString('en-US')} keys/s`
}
