// Directive rows for listening, clients, security and TLS. TLS is refused except at its disabled
// values; the TLS file/cipher settings are stored (they only matter once TLS is on).
import type { Directive } from './types.js'
import { INT_MAX, LONG_MAX, UINT_MAX, bool, enm, fixedAtRuntime, int, mem, notYet, onlyDefault, str } from './directive-kinds.js'
import { OBUF_DEFAULT, parseBind, parseOutputBufferLimit, rewriteBind, rewriteOutputBufferLimit } from './special.js'

const PROTECTED_ACTION = ['no', 'yes', 'local']
const tls = onlyDefault('TLS', ['0', 'no'])

const TLS_STRINGS = [
  'tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file',
  'tls-client-key-file-pass', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols',
  'tls-ciphers', 'tls-ciphersuites',
]

export const netDirectives: Directive[] = [
  int('port', 0, 65535, 6379, { unsupported: fixedAtRuntime('port') }),
  {
    name: 'bind', type: 'special', default: '* -::*', multiArg: true, parse: parseBind, rewrite: rewriteBind,
    unsupported: fixedAtRuntime('bind'),
  },
  str('bind-source-addr', '', { emptyIsNull: true }),
  str('unixsocket', '', { immutable: true, emptyIsNull: true }),
  int('unixsocketperm', 0, 0o777, 0, { immutable: true, octal: true, unsigned: true }),
  int('socket-mark-id', 0, UINT_MAX, 0, { immutable: true, unsigned: true, unsupported: onlyDefault('socket-mark-id (SO_MARK)', ['0']) }),
  bool('protected-mode', 'yes'),
  int('tcp-backlog', 0, INT_MAX, 511, { immutable: true }),
  int('tcp-keepalive', 0, INT_MAX, 300),
  int('timeout', 0, INT_MAX, 0),
  int('maxclients', 1, UINT_MAX, 10000, { unsigned: true }),
  str('requirepass', '', { emptyIsNull: true }),
  mem('proto-max-bulk-len', 1024 * 1024, LONG_MAX, 536870912),
  mem('client-query-buffer-limit', 1024 * 1024, LONG_MAX, 1073741824, { unsigned: true }),
  {
    name: 'client-output-buffer-limit', type: 'special', default: OBUF_DEFAULT, multiArg: true,
    parse: parseOutputBufferLimit, rewrite: rewriteOutputBufferLimit,
  },
  int('io-threads', 1, 128, 1, { immutable: true, unsupported: onlyDefault('I/O threads (io-threads > 1)', ['1']) }),
  bool('io-threads-do-reads', 'no', { immutable: true }),
  enm('enable-protected-configs', PROTECTED_ACTION, 'no', { immutable: true }),
  enm('enable-debug-command', PROTECTED_ACTION, 'no', { immutable: true }),
  enm('enable-module-command', PROTECTED_ACTION, 'no', { immutable: true }),
  str('aclfile', '', { immutable: true, unsupported: notYet('ACL files (aclfile)', ['']) }),
  int('acllog-max-len', 0, LONG_MAX, 128, { unsigned: true }),
  enm('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels'),
  int('tls-port', 0, 65535, 0, { unsupported: tls }),
  int('tls-session-cache-size', 0, INT_MAX, 20480),
  int('tls-session-cache-timeout', 0, INT_MAX, 300),
  bool('tls-cluster', 'no', { unsupported: tls }),
  bool('tls-replication', 'no', { unsupported: tls }),
  enm('tls-auth-clients', ['no', 'yes', 'optional'], 'yes'),
  bool('tls-prefer-server-ciphers', 'no'),
  bool('tls-session-caching', 'yes'),
  ...TLS_STRINGS.map((name) => str(name, '', { emptyIsNull: true })),
]
