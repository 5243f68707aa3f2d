// Creation bytecode for everything the devnet deploys: our contracts from src/devnet/artifacts/
// (compiled on first use when missing or stale) and the official Uniswap V2 builds from npm.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Abi, Hex } from 'viem'
import { ContractBuildError } from '../errors/operationalErrors.ts'
import { ARTIFACTS_DIR, compileContracts, hashContractSources, readContractSources, type ContractArtifact } from './compileContracts.ts'

export type OwnContractName = 'AccordSpoke' | 'DevnetToken' | 'DevnetVault'

/** Official builds, unmodified: @uniswap/v2-core (factory, pair) and @uniswap/v2-periphery (router). */
export type UniswapContractName = 'UniswapV2Factory' | 'UniswapV2Pair' | 'UniswapV2Router02'

const require = createRequire(import.meta.url)

let compiling: Promise<unknown> | undefined

async function readArtifact(name: OwnContractName): Promise<ContractArtifact | undefined> {
  try {
    return JSON.parse(await readFile(join(ARTIFACTS_DIR, `${name}.json`), 'utf8')) as ContractArtifact
  } catch {
    return undefined
  }
}

/** Loads one of our artifacts, compiling the sources first when the artifact is missing or older than them. */
export async function loadContractArtifact(name: OwnContractName): Promise<ContractArtifact> {
  const expectedHash = hashContractSources(await readContractSources())
  const existing = await readArtifact(name)
  if (existing?.sourceHash === expectedHash) return existing
  compiling ??= compileContracts().finally(() => {
    compiling = undefined
  })
  await compiling
  const compiled = await readArtifact(name)
  if (!compiled) throw new ContractBuildError(`Compiling the devnet contracts produced no artifact for ${name}.`)
  return compiled
}

/** Loads an official Uniswap V2 build artifact (Waffle format: `abi` and `bytecode` without 0x). */
export function loadUniswapArtifact(name: UniswapContractName): { abi: Abi; bytecode: Hex } {
  const packageName = name === 'UniswapV2Router02' ? '@uniswap/v2-periphery' : '@uniswap/v2-core'
  const artifact = require(`${packageName}/build/${name}.json`) as { abi: Abi; bytecode: string }
  return { abi: artifact.abi, bytecode: (artifact.bytecode.startsWith('0x') ? artifact.bytecode : `0x${artifact.bytecode}`) as Hex }
}
