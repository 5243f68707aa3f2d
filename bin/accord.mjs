#!/usr/bin/env node
// Entry point of the `accord` command. Runs the JavaScript that `npm run build` compiles to dist/
// (the `prepare` script builds it on `npm ci`). In a source checkout whose TypeScript is newer than
// that build (edited since, or never built) and where tsx (a dev dependency) is installed, it runs the
// source through tsx instead, so the command never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const built = new URL('../dist/src/cli/main.js', import.meta.url)
const stamp = `${root}dist/.built`

/** Newest modification time (ms) of the .ts files under the folders named, 0 when none exist. */
function newestSource(folders) {
  let newest = 0
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(`${dir}/${entry.name}`)
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(`${dir}/${entry.name}`).mtimeMs)
    }
  }
  for (const folder of folders) if (existsSync(`${root}${folder}`)) visit(`${root}${folder}`)
  return newest
}

const hasSource = existsSync(`${root}src/cli/main.ts`)
const buildIsCurrent = existsSync(stamp) && (!hasSource || statSync(stamp).mtimeMs >= newestSource(['src', 'solver']))
const tsx = buildIsCurrent || !hasSource ? undefined : await import('tsx/esm/api').catch(() => undefined)
let main
if (tsx !== undefined) {
  tsx.register()
  ;({ main } = await import('../src/cli/main.ts'))
} else if (existsSync(fileURLToPath(built))) {
  // Current, or a production install (no tsx): the compiled service.
  ;({ main } = await import(built.href))
} else {
  process.stderr.write('error: dist/ is missing: run `npm run build` (needs the dev dependencies: `npm ci`).\n')
  process.exit(2)
}
process.exitCode = await main(process.argv.slice(2))
