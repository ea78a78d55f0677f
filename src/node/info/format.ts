// Number formatting shared by the INFO sections and MEMORY: Redis's bytesToHuman() and fixed-point
// floats as printf("%.2f") would print them.

const UNITS = ['K', 'M', 'G', 'T', 'P', 'E', 'Z']

/** bytesToHuman(): "512B", "1.45M", "23.54G". */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`
  let d = n / 1024
  let i = 0
  while (d >= 1024 && i < UNITS.length - 1) { d /= 1024; i++ }
  return `${d.toFixed(2)}${UNITS[i]}`
}

/** printf("%.Nf"); NaN and infinities print as C's "nan"/"inf". */
export function fixed(n: number, digits = 2): string {
  if (Number.isNaN(n)) return '-nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  return n.toFixed(digits)
}

/** Seconds and microseconds as "%ld.%06ld" (used_cpu_*). */
export function secondsUsec(us: number): string {
  const sec = Math.floor(us / 1e6)
  return `${sec}.${String(Math.floor(us - sec * 1e6)).padStart(6, '0')}`
}

/** Lines "name:value" of one section, each ending in CRLF, under its "# Title" header. */
export function section(title: string, fields: Array<[string, string | number]>): string {
  let s = `# ${title}\r\n`
  for (const [k, v] of fields) s += `${k}:${v}\r\n`
  return s
}
