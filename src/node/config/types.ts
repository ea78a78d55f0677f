// Shapes of the directive table. A directive's canonical value is the string CONFIG GET prints.

export type DirectiveType = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'flags' | 'special'

export interface Directive {
  /** Name as CONFIG GET lists it. */
  name: string
  /** Older names accepted in files and CONFIG SET (e.g. slaveof -> replicaof). */
  aliases?: string[]
  type: DirectiveType
  /** Canonical default, exactly as real Redis 7.0 prints it in CONFIG GET. */
  default: string
  /** Only settable at start-up (CONFIG SET answers "can't set immutable config"). */
  immutable?: boolean
  min?: number
  max?: number
  /** Allowed words for enum/flags types. */
  values?: string[]
  /**
   * For 'special' directives: turns the words after the name into the canonical value, or returns
   * an Error whose message is Redis's reason text. `previous` supports accumulating forms (save).
   */
  parse?: (args: string[], previous: string) => string | Error
  /**
   * rcl-node's own limit: returns the reason when this (valid) value needs a feature rcl-node does
   * not have yet, so it is refused instead of silently ignored.
   */
  unsupported?: (value: string) => string | null
}
