// The package's entry point for library users: re-exports src/lib.
export * from './lib/index.js'
