// Reads the sidecar devnet.json written by startDevnet / `accord devnet up`.
import { readFile } from 'node:fs/promises'
import { BaseError } from '../../solver/errors.ts'
import type { DevnetInfo } from './types.ts'

/**
 * Loads a devnet.json. Throws BaseError `INVALID_ARGUMENT` when the file is missing (the devnet is
 * not up) or is not a version-1 devnet file, `INVALID_JSON` when it does not parse.
 */
export async function readDevnetFile(path: string): Promise<DevnetInfo> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new BaseError('INVALID_ARGUMENT', `No devnet file at ${path}; is the devnet up (\`accord devnet up\`)?`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new BaseError('INVALID_JSON', `Devnet file ${path} is not valid JSON.`, { cause: error })
  }
  const info = json as Partial<DevnetInfo> | null
  if (!info || info.version !== 1 || !Array.isArray(info.chains) || !Array.isArray(info.bridges) || !info.relayer)
    throw new BaseError('INVALID_ARGUMENT', `${path} is not a version-1 devnet file.`)
  return info as DevnetInfo
}
