// Client sockets read into one shared buffer and hand each read straight to their connection.
// Through the readable-stream path every read costs a fresh Buffer (a malloc and an ArrayBuffer)
// plus the push/emit machinery, ~0.9 µs of CPU per read; without pipelining that is a request.
// Node offers this for sockets it creates (the `onread` option) but not for accepted ones, so an
// accepted socket, still paused, gives its handle to a new Socket built with that option.
import { Socket } from 'node:net'

/** Reads on every client socket land here; one read is handled completely before the next. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

/** Receives one read. The chunk is only valid during the call: the next read overwrites it. */
export type ReadCallback = (chunk: Buffer) => void

interface HandleOwner { _handle: object | null }

/**
 * Returns a socket over `accepted`'s connection whose reads go to `onRead` (no 'data' events).
 * `accepted` must come from a server created with pauseOnConnect, so it has read nothing yet.
 */
export function adoptSocket(accepted: Socket, onRead: ReadCallback): Socket {
  const owner = accepted as unknown as HandleOwner
  const handle = owner._handle
  if (handle === null) return accepted // closed before we got to it: nothing to read
  owner._handle = null
  const socket = new Socket({
    handle,
    readable: true,
    writable: true,
    onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => { onRead((buf as Buffer).subarray(0, n)) } },
  } as ConstructorParameters<typeof Socket>[0])
  // without its handle the old object only has to leave its server's connection count
  accepted.destroy()
  return socket
}
