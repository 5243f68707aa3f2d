// Where the package's own files are, whether it runs from its TypeScript source (tsx, vitest) or from
// the JavaScript that `npm run build` compiles to dist/ (one folder deeper: dist/src/config/).
import { fileURLToPath } from 'node:url'

/** True when this module is the TypeScript source, false when it is the compiled dist/ JavaScript. */
export const RUNS_FROM_SOURCE = import.meta.url.endsWith('.ts')

/** The package's root folder (where package.json, fixtures/ and web/ are), with a trailing separator. */
export const PACKAGE_ROOT = fileURLToPath(new URL(RUNS_FROM_SOURCE ? '../../' : '../../../', import.meta.url))

/** A file of the package by its path from the root, e.g. `fixtures/markets/realistic.json`. */
export function packageFile(path: string): string {
  return fileURLToPath(new URL(path, new URL(RUNS_FROM_SOURCE ? '../../' : '../../../', import.meta.url)))
}

/**
 * The URL of a module beside `moduleUrl` named without extension (`./quoteWorker`): the `.ts` source
 * when running from source, the compiled `.js` otherwise.
 */
export function siblingModule(name: string, moduleUrl: string): URL {
  return new URL(`${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl)
}
