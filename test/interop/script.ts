// The shape of a differential script: commands sent in order over one connection to real Redis and
// to rcl-node; replies are compared byte for byte unless a step says how else to compare.

export interface Step {
  argv: string[]
  /** Sort aggregate elements before comparing (Redis's order is unspecified, e.g. SMEMBERS). */
  unordered?: boolean | number
  /** Compare only the reply type and shape (values vary, e.g. TIME, CLIENT ID). */
  shapeOnly?: boolean
  /** The command gets no reply (e.g. CLIENT REPLY OFF); nothing is read. */
  noReply?: boolean
  /** Wait this long before sending (expiry tests). */
  sleepMs?: number
  /** Both servers close the connection after this reply. */
  closes?: boolean
}

export interface Script {
  name: string
  steps: Array<string[] | Step>
  /** Directives both servers start with for this script (a separate pair of servers is used). */
  config?: Record<string, string>
}

/** Shorthand: a list of commands written as redis-cli lines split on spaces. */
export const lines = (...ls: string[]): string[][] => ls.map((l) => l.split(' '))
