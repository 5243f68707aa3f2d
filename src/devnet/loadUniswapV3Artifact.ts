// Creation bytecode and ABI of the official Uniswap V3 builds, unmodified, from their npm packages' Hardhat
// artifacts: @uniswap/v3-core (factory, pool) and @uniswap/v3-periphery (SwapRouter, QuoterV2,
// NonfungiblePositionManager). The periphery finds pools by CREATE2 with PoolAddress.POOL_INIT_CODE_HASH, which
// equals keccak256 of the pool bytecode shipped in @uniswap/v3-core 1.0.1 (checked by the devnet test).
import { createRequire } from 'node:module'
import type { Abi, Hex } from 'viem'

export type UniswapV3ContractName = 'UniswapV3Factory' | 'UniswapV3Pool' | 'SwapRouter' | 'QuoterV2' | 'NonfungiblePositionManager'

const ARTIFACT_PATHS: Record<UniswapV3ContractName, string> = {
  UniswapV3Factory: '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  UniswapV3Pool: '@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  SwapRouter: '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
  QuoterV2: '@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json',
  NonfungiblePositionManager: '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
}

const require = createRequire(import.meta.url)

/** Loads an official Uniswap V3 build artifact (`abi` and 0x-prefixed creation `bytecode`). */
export function loadUniswapV3Artifact(name: UniswapV3ContractName): { abi: Abi; bytecode: Hex } {
  const artifact = require(ARTIFACT_PATHS[name]) as { abi: Abi; bytecode: Hex }
  return { abi: artifact.abi, bytecode: artifact.bytecode }
}

/** PoolAddress.POOL_INIT_CODE_HASH of @uniswap/v3-periphery contracts/libraries/PoolAddress.sol. */
export const UNISWAP_V3_POOL_INIT_CODE_HASH: Hex = '0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54'
