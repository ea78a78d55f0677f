// What a start-up load that fails writes to the log: first Redis 7.0's own lines for the same fault
// (tools grep for them), then rcl-node's line naming the file and the byte offset. The wire text of
// every such line lives here.
import { strerror } from '../util/errno.js'
import type { RdbFileError } from './rdb-file.js'

/** A dataset that cannot be loaded: the lines to log, in order, before the process exits with status 1. */
export class DatasetLoadError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'))
    this.name = 'DatasetLoadError'
  }
}

/** Where rdbReportError() points for a bad checksum and for a short read (rdb.c of 7.0.15, as its log shows). */
const CRC_ERROR_LINE = 3225
const EOF_ERROR_LINE = 3249
/** rdbLoadObject()'s report of a value type it does not know. */
const TYPE_ERROR_LINE = 2681

/** What Redis's loadDataFromDisk() says when rdbLoad() returns an error (errno EINVAL). */
export const RDB_FATAL_LINE = 'Fatal error loading the DB: Invalid argument. Exiting.'

/**
 * Redis's lines for an RDB it cannot read (the dump, or the base of an AOF). `loadedBytes` is the
 * progress figure at the fault, which Redis prints as the offset.
 */
export function rdbFaultLines(e: RdbFileError, loadedBytes: number): string[] {
  const internal = (line: number, reason: string): string =>
    `Internal error in RDB reading offset ${loadedBytes}, function at rdb.c:${line} -> ${reason}`
  switch (e.fault) {
    case 'checksum': {
      const { computed, stored } = e.checksums ?? { computed: 0n, stored: 0n }
      return [`Wrong RDB checksum expected: (${computed.toString(16)}) but got (${stored.toString(16)}). Aborting now.`, internal(CRC_ERROR_LINE, 'RDB CRC error')]
    }
    case 'eof':
      return ['Short read or OOM loading DB. Unrecoverable error, aborting now.', internal(EOF_ERROR_LINE, 'Unexpected EOF reading RDB file')]
    case 'type':
      return [internal(TYPE_ERROR_LINE, e.reason)]
    case 'signature': case 'version': case 'databases': case 'duplicate':
      return [e.reason]
    case 'unsupported':
      return [] // Redis would load it; only rcl-node's own line says why it cannot
  }
}

/** The dump could not be read at all (loadDataFromDisk's line for an rdbLoad() that failed to open it). */
export function dumpUnreadable(path: string, e: unknown): DatasetLoadError {
  return new DatasetLoadError([`Fatal error loading the DB: ${strerror(e)}. Exiting.`, `Can't load the dump ${path}: ${strerror(e)}`])
}

/** The dump is damaged: Redis's lines, rcl-node's, then Redis's closing line where it has one. */
export function dumpDamaged(path: string, e: RdbFileError, loadedBytes: number): DatasetLoadError {
  const closing = e.fault === 'signature' || e.fault === 'version' ? [RDB_FATAL_LINE] : []
  return new DatasetLoadError([...rdbFaultLines(e, loadedBytes), `Can't load the dump ${path}: ${e.message}`, ...closing])
}

const FIX_HINT = 'make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>'

/** Redis's lines for an append-only file it cannot load (loadSingleAppendOnlyFile and its callers). */
export const aofLines = {
  /** A file the manifest names is not there (getAppendOnlyFileSize, before anything is loaded). */
  missing: (name: string, e: unknown): string => `Unable to obtain the AOF file ${name} length. stat: ${strerror(e)}`,
  badFormat: (name: string): string => `Bad file format reading the append only file ${name}: ${FIX_HINT}`,
  unexpectedEnd: (name: string): string =>
    `Unexpected end of file reading the append only file ${name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
  unknownCommand: (name: string, command: string): string => `Unknown command '${command}' reading the append only file ${name}`,
  /** The RDB base failed with an error rdbLoad() returns (rather than exits on): version. */
  baseAborted: (name: string): string[] => [`Error reading the RDB base file ${name}, AOF loading aborted`, `Unrecoverable error reading the append only file ${name}: Invalid argument`],
}

/** The manifest cannot be parsed: Redis's report, a blank line after each line as Redis writes it. */
export function manifestReport(reason: string, lineNo: number, line: string): string[] {
  const where = lineNo > 0 ? [`Reading the manifest file, at line ${lineNo}\n`, `>>> '${line}'\n`] : []
  return ['\n*** FATAL AOF MANIFEST FILE ERROR ***\n', ...where, `${reason}\n`]
}
