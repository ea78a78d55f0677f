#!/usr/bin/env node
// rcl: the oclif CLI (production entry, compiled commands in dist/commands).
import { execute } from '@oclif/core'

await execute({ dir: import.meta.url })
