// Errors the library raises for users to act on: each has a stable code (for scripts and --json) and,
// where there is one, a hint saying what to do. The CLI prints them as "[ERR] message"; the library
// never prints or exits.

export class RclError extends Error {
  /** The CLI's exit status for it: 1 when the work failed, 2 when what was asked makes no sense. */
  readonly exitCode: number = 1

  constructor(readonly code: string, message: string, readonly hint?: string) {
    super(message)
    this.name = 'RclError'
  }
}

/** The errors of a request that cannot be carried out as given: exit status 2, as oclif's flag errors. */
abstract class RequestError extends RclError {
  override readonly exitCode = 2
}

/** An address that is not host:port. */
export class BadAddressError extends RequestError {
  constructor(text: string) {
    super('E_BAD_ADDRESS', `Invalid address '${text}': expected host:port (e.g. 127.0.0.1:7000)`)
  }
}

/** A node can only be started on this machine. */
export class NotLocalError extends RequestError {
  constructor(addr: string) {
    super('E_NOT_LOCAL', `${addr} is not an address of this machine: rcl starts nodes only on local addresses`, 'use 127.0.0.1, localhost or ::1')
  }
}

/** Something rcl did not start already listens on the port. */
export class PortTakenError extends RclError {
  constructor(readonly addr: string) {
    super('E_PORT_TAKEN', `Port ${addr.slice(addr.lastIndexOf(':') + 1)} is already in use by a process rcl did not start (${addr})`, 'pick another port, or stop whatever listens there')
  }
}

/** A node exited (or never answered PING) while starting; the message ends with its log's last lines. */
export class NodeStartError extends RclError {
  constructor(readonly addr: string, reason: string, readonly logTail: string) {
    super('E_NODE_START', `Node ${addr} ${reason}${logTail === '' ? '' : `. Last lines of its log:\n${logTail}`}`)
  }
}

/** A template or placeholder problem. */
export class TemplateError extends RequestError {
  constructor(message: string, hint?: string) {
    super('E_TEMPLATE', message, hint)
  }
}

/** An address rcl has no record of in its state directory. */
export class UnknownNodeError extends RclError {
  constructor(addr: string, stateDir: string) {
    super('E_UNKNOWN_NODE', `No node ${addr} was started by rcl in ${stateDir}`, 'rcl status lists the nodes it knows')
  }
}

/** A bounded wait ran out; the message says what was still missing. */
export class ReadinessTimeoutError extends RclError {
  constructor(message: string) {
    super('E_TIMEOUT', message)
  }
}

/** A node could not be reached or answered with an error. */
export class NodeUnreachableError extends RclError {
  constructor(readonly addr: string, reason: string) {
    super('E_NODE_UNREACHABLE', `Could not connect to ${addr}: ${reason}`)
  }
}

/** Flags or arguments that do not fit together. */
export class UsageError extends RequestError {
  constructor(message: string, hint?: string) {
    super('E_USAGE', message, hint)
  }
}

/** Ctrl-C at a confirmation or a question: the status a shell gives an interrupted command. */
export class PromptInterruptedError extends RclError {
  override readonly exitCode = 130

  constructor() {
    super('E_CANCELLED', 'Cancelled at the prompt (Ctrl-C)')
  }
}
