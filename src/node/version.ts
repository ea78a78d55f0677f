// rcl's own version, reported by rcl-node --version and INFO (rcl_version).
export const RCL_VERSION = '0.1.0'
