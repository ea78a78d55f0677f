// Redis reports system errors with strerror(); Node gives codes. This maps the codes rcl-node can meet
// (files, directories, sockets) to the same words, so logs and replies read as Redis's do.

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory', ENOTDIR: 'Not a directory', EACCES: 'Permission denied',
  ELOOP: 'Too many levels of symbolic links', EISDIR: 'Is a directory', EROFS: 'Read-only file system',
  EADDRINUSE: 'Address already in use', EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOSPC: 'No space left on device', EDQUOT: 'Disk quota exceeded', EIO: 'Input/output error',
  EPERM: 'Operation not permitted', EBADF: 'Bad file descriptor', EMFILE: 'Too many open files',
  ECONNREFUSED: 'Connection refused', ECONNRESET: 'Connection reset by peer', ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host', ENETUNREACH: 'Network is unreachable',
}

/** Redis's strerror() text for a Node.js system error; other errors give their message. */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? ''
  return ERRNO_TEXT[code] ?? (e as Error).message
}
