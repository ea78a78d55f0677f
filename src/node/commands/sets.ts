// sets family: (placeholder until its rows land).
import type { CommandSpec } from './types.js'

export const setCommands: CommandSpec[] = []
