// Dump files on disk. A save goes to a temporary file that is fsynced, renamed over the target and
// followed by an fsync of the directory, so a crash leaves either the old dump or the new one,
// never half of one.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Writes `chunks` as `dir/name` through a temporary file in `dir`; on failure the target is untouched. */
export function writeFileAtomically(dir: string, name: string, chunks: readonly Uint8Array[], tempName = `temp-${process.pid}.rdb`): void {
  const tmp = join(dir, tempName)
  try {
    const fd = openSync(tmp, 'w', 0o644)
    try {
      for (const c of chunks) writeAll(fd, c)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, join(dir, name))
  } catch (e) {
    try { unlinkSync(tmp) } catch { /* never created */ }
    throw e
  }
  syncDirectory(dir)
}

function writeAll(fd: number, data: Uint8Array): void {
  for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off)
}

/** Makes the rename durable; some filesystems refuse to open a directory for this, which is harmless. */
export function syncDirectory(dir: string): void {
  let fd = -1
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch { /* best effort, as in Redis */ } finally {
    if (fd >= 0) closeSync(fd)
  }
}
