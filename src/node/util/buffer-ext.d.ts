// Node's fast latin1 slice exists on every Buffer but is missing from @types/node.
declare global {
  interface Buffer {
    latin1Slice(start?: number, end?: number): string
    latin1Write(s: string, offset?: number, length?: number): number
  }
}
export {}
