// What the library says while it works: typed events, never text on a stream. The CLI renders them
// (">>> ", "[OK] ", "[WARNING] ", "[ERR] "); tests and library users may collect or ignore them.

export type ProgressKind = 'step' | 'info' | 'ok' | 'warn' | 'err'

export interface Progress {
  kind: ProgressKind
  text: string
}

export type ProgressSink = (p: Progress) => void

export const silent: ProgressSink = () => undefined
