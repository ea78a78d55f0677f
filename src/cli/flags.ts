// Flags shared by several commands, built once so their names, help and parsing agree.
import { Flags } from '@oclif/core'
import { parseAddr, type HostPort } from '../lib/addr.js'
import { parseAssignment } from '../lib/templates.js'

export const serverFlag = Flags.string({
  description: 'server command to run (default rcl-node; e.g. redis-server for real Redis nodes)',
  helpValue: '<command>',
})

export const configFlag = Flags.string({
  description: 'config directive appended to the template, as key=value (repeatable)',
  helpValue: '<key=value>',
  multiple: true,
})

export function timeoutFlag(what: string, defaultMs: number) {
  return Flags.integer({ description: `how long to wait for ${what}, in ms`, default: defaultMs, min: 0 })
}

/** --config / --var values as ordered pairs. */
export function assignments(values: string[] | undefined, flag: string): Array<[string, string]> {
  return (values ?? []).map((v) => parseAssignment(v, flag))
}

export function addrs(args: string[]): HostPort[] {
  return args.map(parseAddr)
}
