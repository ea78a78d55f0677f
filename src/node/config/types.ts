// Shapes of the directive table. A directive's canonical value is the string CONFIG GET prints;
// parsing, validation and CONFIG REWRITE formatting are driven by the fields below.

export type DirectiveType = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'flags' | 'special'

/** What a special parser or an `unsupported` check may know about the assignment. */
export interface SetContext {
  /** At start-up (file, argv, in-process test set-up) rather than CONFIG SET. */
  startup: boolean
  /** The value before this assignment (canonical form). */
  previous: string
  /** A repeated directive in the same config file: accumulating forms (save) append. */
  repeatInFile: boolean
  /** Directory relative paths resolve against (dir). */
  cwd: string
}

/** One line CONFIG REWRITE writes for a directive, and whether it must be written when absent. */
export interface RewriteLine {
  line: string
  force: boolean
}

export interface Directive {
  /** Name as CONFIG GET lists it. */
  name: string
  /** Older names accepted everywhere and listed by CONFIG GET * as well (slaveof -> replicaof). */
  aliases?: string[]
  type: DirectiveType
  /** Canonical default, exactly as real Redis 7.0 prints it in CONFIG GET. */
  default: string
  /** Only settable at start-up (CONFIG SET answers "can't set immutable config"). */
  immutable?: boolean
  /** CONFIG SET needs enable-protected-configs (dir, dbfilename). */
  protected?: boolean
  /** Not listed by CONFIG GET patterns; only an exact name finds it (Redis's HIDDEN_CONFIG). */
  hidden?: boolean
  /** Numeric bounds (inclusive), as Redis prints them in "argument must be between ...". */
  min?: bigint
  max?: bigint
  /** The C field is unsigned: a negative input wraps around before the bounds check. */
  unsigned?: boolean
  /** Memory directives that also take "n%" (stored negative, printed back as "n%"). */
  percent?: boolean
  /** Parsed and printed in base 8 (unixsocketperm). */
  octal?: boolean
  /** Allowed words for enum/flags types, in Redis's order (its error text lists them so). */
  values?: string[]
  /** String directive where "" means unset: CONFIG REWRITE drops its lines instead of writing "". */
  emptyIsNull?: boolean
  /** CONFIG SET splits the value on single spaces into several words (save, bind, ...). */
  multiArg?: boolean
  /**
   * For 'special' directives: turns the words after the name into the canonical value, or returns
   * an Error whose message is Redis's reason text.
   */
  parse?: (args: string[], ctx: SetContext) => string | Error
  /** Extra validity check on a parsed value (Redis's is_valid_fn): the reason, or null when fine. */
  validate?: (value: string) => string | null
  /** Adjusts a valid value before it is stored (hz is clamped to 1..500). */
  normalize?: (value: string) => string
  /**
   * rcl-node's own limit: returns the reason when this (valid) value needs a feature rcl-node does
   * not have yet, so it is refused instead of silently ignored.
   */
  unsupported?: (value: string, ctx: SetContext) => string | null
  /** CONFIG REWRITE lines for special directives; [] = drop every line of this directive. */
  rewrite?: (value: string) => RewriteLine[]
  /** The text CONFIG GET prints when it differs from the stored value (notify-keyspace-events). */
  display?: (stored: string) => string
}
