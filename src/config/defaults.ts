// Defaults that work on a fresh clone, in one place: the commands, the service and the devnet read
// them from here (flags and environment variables override them where they are read).
import { packageFile } from './packagePaths.ts'

/** The bundled realistic market, the default for every command that takes --market and for the service. */
export const DEFAULT_MARKET_FILE = packageFile('fixtures/markets/realistic.json')

/** Where `accord devnet up` writes devnet.json and market.json, relative to the working directory. */
export const DEFAULT_DEVNET_DIR = '.accord/devnet'
