// Child process for the nodes.conf lock tests: takes the lock on the file named in argv, prints
// "locked <pid>" (or "refused <message>" and exits 1), then idles until killed.
import { acquireNodesConfLock } from '../../src/node/cluster/nodes-conf-lock.js'

try {
  acquireNodesConfLock(process.argv[2])
  process.stdout.write(`locked ${process.pid}\n`)
  setInterval(() => {}, 60_000)
  // a parent that dies without killing us must not leave us running forever
  setTimeout(() => process.exit(0), 30_000).unref()
} catch (e) {
  process.stdout.write(`refused ${(e as Error).message}\n`)
  process.exit(1)
}
