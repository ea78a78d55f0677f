// Versions rcl-node reports: its own (--version, INFO rcl_version) and the Redis release it mirrors
// (INFO redis_version, HELLO, the RDB redis-ver aux field, the start-up banner).
export const RCL_VERSION = '0.1.0'
/** The Redis release whose behaviour rcl-node follows. */
export const REDIS_VERSION = '7.0.15'
