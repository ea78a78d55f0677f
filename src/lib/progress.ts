// What the library says while it works: typed events, never text on a stream. The CLI renders them
// (">>> ", "[OK] ", "[WARNING] ", "[ERR] "); tests and library users may collect or ignore them.

/** 'detail': one line per item of a long run (a slot moved); a live display may show a summary instead. */
export type ProgressKind = 'step' | 'info' | 'detail' | 'ok' | 'warn' | 'err'

export interface Progress {
  kind: ProgressKind
  text: string
}

export type ProgressSink = (p: Progress) => void

export const silent: ProgressSink = () => undefined
