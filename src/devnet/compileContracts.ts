// Compiles the devnet's own Solidity contracts (src/devnet/contracts/*.sol) with solc-js and writes one
// artifact per contract (ABI + creation bytecode) to the git-ignored src/devnet/artifacts/.
// Runs from the package.json `prepare` script (`npm install`/`npm ci`) and lazily from loadContractArtifact.
import { packageFile } from '../config/packagePaths.ts'
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Abi, Hex } from 'viem'
import { BaseError } from '../../solver/errors.ts'
import { ContractBuildError } from '../errors/operationalErrors.ts'

// In the source tree, also when running from dist/ (the .sol files and artifacts are not compiled there).
export const CONTRACTS_DIR = packageFile('src/devnet/contracts/')
export const ARTIFACTS_DIR = packageFile('src/devnet/artifacts/')

/** Pinned so the bytecode does not change when solc's default moves; anvil 1.x runs any later fork. */
const EVM_VERSION = 'cancun'
const OPTIMIZER = { enabled: true, runs: 200 }

export interface ContractArtifact {
  readonly contractName: string
  readonly sourceName: string
  readonly abi: Abi
  /** Creation bytecode. */
  readonly bytecode: Hex
  readonly compiler: string
  /** Hash of every source and the settings; an artifact whose hash differs from the sources is stale. */
  readonly sourceHash: string
}

export interface CompileContractsParameters {
  sourceDir?: string
  outDir?: string
}

export interface CompileContractsReturnType {
  readonly artifacts: readonly ContractArtifact[]
  readonly outDir: string
}

interface SolcOutput {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

/** Reads every `.sol` file of `sourceDir`, sorted by name. */
export async function readContractSources(sourceDir = CONTRACTS_DIR): Promise<Record<string, string>> {
  const names = (await readdir(sourceDir)).filter((name) => name.endsWith('.sol')).sort()
  const sources: Record<string, string> = {}
  for (const name of names) sources[name] = await readFile(join(sourceDir, name), 'utf8')
  return sources
}

/** The hash stored in each artifact: sources (by name) plus compiler settings. */
export function hashContractSources(sources: Record<string, string>): string {
  const hash = createHash('sha256')
  hash.update(JSON.stringify({ evmVersion: EVM_VERSION, optimizer: OPTIMIZER }))
  for (const name of Object.keys(sources).sort()) hash.update(`\0${name}\0${sources[name]}`)
  return hash.digest('hex')
}

/**
 * Compiles all contracts in `sourceDir` and writes `<ContractName>.json` artifacts to `outDir`
 * (each written to a temporary file and renamed, so a concurrent reader never sees half a file).
 * Throws an INTERNAL BaseError carrying solc's messages when compilation fails.
 */
export async function compileContracts(parameters: CompileContractsParameters = {}): Promise<CompileContractsReturnType> {
  const { sourceDir = CONTRACTS_DIR, outDir = ARTIFACTS_DIR } = parameters
  const sources = await readContractSources(sourceDir)
  const sourceHash = hashContractSources(sources)
  // solc-js carries the compiler as a multi-megabyte Emscripten module; load it only when compiling.
  const { default: solc } = await import('solc')
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: OPTIMIZER,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)) as string) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0)
    throw new ContractBuildError('Solidity compilation failed.', { details: errors.map((error) => error.formattedMessage).join('\n') })

  const compiler = String(solc.version())
  const artifacts: ContractArtifact[] = []
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, contract] of Object.entries(contracts)) {
      if (contract.evm.bytecode.object.length === 0) continue // interfaces
      artifacts.push({ contractName, sourceName, abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}`, compiler, sourceHash })
    }
  }
  await mkdir(outDir, { recursive: true })
  for (const artifact of artifacts) {
    const path = join(outDir, `${artifact.contractName}.json`)
    const temporary = `${path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(artifact, null, 2)}\n`)
    await rename(temporary, path)
  }
  return { artifacts, outDir }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { artifacts, outDir } = await compileContracts()
  process.stdout.write(`Compiled ${artifacts.map((a) => a.contractName).join(', ')} → ${outDir}\n`)
}
