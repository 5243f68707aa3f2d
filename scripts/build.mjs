// `npm run build`: compiles src/ and solver/ with tsc (tsconfig.build.json) to dist/, then stamps
// dist/.built with the time the build started, which bin/accord.mjs compares with the sources' times.
// `npm run prepare` (run by `npm ci`) calls it with --if-available: in a packed package (no sources)
// or without TypeScript it skips instead of failing, and the dist/ that is there is used.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const ifAvailable = process.argv.includes('--if-available')
// A packed package (or the Docker image's runtime stage) ships dist/ and no sources to compile.
if (ifAvailable && !existsSync(`${root}tsconfig.build.json`)) {
  process.stdout.write('build: no sources here (packed package); using the dist/ that ships with it.\n')
  process.exit(0)
}
let tsc
try {
  tsc = require.resolve('typescript/bin/tsc')
} catch {
  if (ifAvailable) {
    process.stdout.write('build: typescript is not installed (production install); using the dist/ that is there.\n')
    process.exit(0)
  }
  process.stderr.write('build: typescript is not installed: run `npm ci` with the dev dependencies.\n')
  process.exit(1)
}
const started = new Date()
rmSync(`${root}dist`, { recursive: true, force: true })
const result = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit', cwd: root })
if (result.status !== 0) process.exit(result.status ?? 1)
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`)
utimesSync(`${root}dist/.built`, started, started)
process.stdout.write(`build: dist/ compiled (started ${started.toISOString()}).\n`)
