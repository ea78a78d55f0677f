#!/usr/bin/env -S node --import tsx
// rcl in development: same as run.js but loads the TypeScript sources.
import { execute } from '@oclif/core'

await execute({ development: true, dir: import.meta.url })
