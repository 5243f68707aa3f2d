// `prepare` (run by `npm ci`/`npm install`): compiles dist/ and the devnet contracts when the dev
// dependencies are installed; a production install (`npm ci --omit=dev`) has neither typescript nor
// solc and skips both (the service then runs the dist/ that ships with the package).
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const installed = (name) => {
  try {
    require.resolve(name)
    return true
  } catch {
    return false
  }
}
const run = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
if (installed('tsx') && installed('solc')) run(['--import', 'tsx', 'src/devnet/compileContracts.ts'])
else process.stdout.write('prepare: solc or tsx not installed (production install); devnet contracts not compiled.\n')
run(['scripts/build.mjs', '--if-available'])
