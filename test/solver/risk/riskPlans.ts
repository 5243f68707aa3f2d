// Hand-built plans over fixtures/markets/small.json for the risk and schedule tests.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { indexMarket, type MarketIndex } from '../../../solver/market/indexMarket.ts'
import type { AssetKey, Market } from '../../../solver/market/types.ts'
import type { Step } from '../../../solver/model/plan.ts'
import { parseMarketJson } from '../../../src/market/parseMarket.ts'

export const market: Market = parseMarketJson(
  readFileSync(fileURLToPath(new URL('../../../fixtures/markets/small.json', import.meta.url)), 'utf8'),
)
export const index: MarketIndex = indexMarket(market)

export const TOKENS = {
  usdcEth: assetKey(1, '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'),
  wethEth: assetKey(1, '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'),
  usdcArb: assetKey(42161, '0xaf88d065e77c8cC2239327C5EDb3A432268e5831'),
  wethArb: assetKey(42161, '0x82aF49447D8a07e3bd95BD0d56f35241523fBab1'),
  usdcBase: assetKey(8453, '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913'),
  wethBase: assetKey(8453, '0x4200000000000000000000000000000000000006'),
} as const

const USDC = 10n ** 6n
const WETH = 10n ** 18n

/** A step with the fields the risk model reads; gas fields are placeholders. */
export function makeStep(
  index_: number,
  venueId: string,
  tokenIn: AssetKey,
  tokenOut: AssetKey,
  amountInRaw: bigint,
  amountOutRaw: bigint,
  dependsOn: number[] = [],
): Step {
  const venue = index.venues.get(venueId)
  if (!venue) throw new Error(`no venue ${venueId} in small.json`)
  return {
    index: index_,
    venueId,
    venueKind: venue.kind,
    action: venue.kind === 'bridge' ? 'bridge' : 'swap',
    chainId: venue.kind === 'bridge' ? venue.from.chainId : venue.chainId,
    tokenIn,
    tokenOut,
    amountInRaw,
    amountOutRaw,
    feeRaw: 0n,
    gasUnits: venue.gasUnits,
    gasCostWei: 0n,
    gasCostUsd: 0,
    dependsOn,
  }
}

/** 10 WETH → USDC on Ethereum (12 s blocks, congestion 0.35). */
export const singleSwap: Step[] = [makeStep(0, 'eth-usdc-weth', TOKENS.wethEth, TOKENS.usdcEth, 10n * WETH, 29_600n * USDC)]

/** 15,000 USDC on Arbitrum → WETH → Across to Base (tier ≤ 30 WETH: median 139 s, p95 417 s) → USDC on Base. */
export const swapBridgeSwap: Step[] = [
  makeStep(0, 'arb-weth-usdc', TOKENS.usdcArb, TOKENS.wethArb, 15_000n * USDC, 4_920_000_000_000_000_000n),
  makeStep(1, 'across-weth-arb-base', TOKENS.wethArb, TOKENS.wethBase, 4_920_000_000_000_000_000n, 4_899_000_000_000_000_000n, [0]),
  makeStep(2, 'base-weth-usdc', TOKENS.wethBase, TOKENS.usdcBase, 4_899_000_000_000_000_000n, 14_520n * USDC, [1]),
]

/**
 * 10,000 USDC on Base split over two bridges to Arbitrum (Across ≤ 10k tier: median 6 s, p95 30 s;
 * CCTP fast: median 10 s, p95 30 s); both land in USDC on Arbitrum, which one swap turns into WETH.
 */
export const splitMerge: Step[] = [
  makeStep(0, 'across-usdc-base-arb', TOKENS.usdcBase, TOKENS.usdcArb, 6_000n * USDC, 5_998_750_000n),
  makeStep(1, 'cctp-fast-usdc-base-arb', TOKENS.usdcBase, TOKENS.usdcArb, 4_000n * USDC, 3_999_600_000n),
  makeStep(2, 'arb-weth-usdc', TOKENS.usdcArb, TOKENS.wethArb, 9_998_350_000n, 3_310_000_000_000_000_000n, [0, 1]),
]

/**
 * Not series-parallel (a Wheatstone bridge): USDC on Ethereum bought WETH that goes to Base by
 * Stargate, while USDC from Arbitrum arrives by Across and buys WETH in the same Ethereum pool —
 * after the first trade there (an ordering dependency, as plan/buildSteps.ts adds for a reused pool).
 */
export const wheatstone: Step[] = [
  makeStep(0, 'eth-usdc-weth', TOKENS.usdcEth, TOKENS.wethEth, 20_000n * USDC, 6_600_000_000_000_000_000n),
  makeStep(1, 'across-usdc-arb-eth', TOKENS.usdcArb, TOKENS.usdcEth, 5_000n * USDC, 4_993_600_000n),
  makeStep(2, 'stargate-weth-eth-base', TOKENS.wethEth, TOKENS.wethBase, 6_600_000_000_000_000_000n, 6_595_000_000_000_000_000n, [0]),
  makeStep(3, 'eth-usdc-weth', TOKENS.usdcEth, TOKENS.wethEth, 4_993_600_000n, 1_640_000_000_000_000_000n, [0, 1]),
]

/**
 * Two routes from USDC on Ethereum to WETH on Base that lock their price at very different times:
 * one swaps at once on Ethereum and bridges WETH by Stargate; the other bridges USDC by CCTP (median
 * 16 min) and swaps on Base after the wait. Each route's slippage guard sees its own drift, which on
 * the slow route is twice the plan's (the total averages the two routes).
 */
export const parallelWaits: Step[] = [
  makeStep(0, 'eth-usdc-weth', TOKENS.usdcEth, TOKENS.wethEth, 5_000n * USDC, 1_685_000_000_000_000_000n),
  makeStep(1, 'stargate-weth-eth-base', TOKENS.wethEth, TOKENS.wethBase, 1_685_000_000_000_000_000n, 1_684_000_000_000_000_000n, [0]),
  makeStep(2, 'cctp-usdc-eth-base', TOKENS.usdcEth, TOKENS.usdcBase, 5_000n * USDC, 4_999_970_000n),
  makeStep(3, 'base-weth-usdc', TOKENS.usdcBase, TOKENS.wethBase, 4_999_970_000n, 1_685_500_000_000_000_000n, [2]),
]

/** Sum of the outputs nobody spends: what the plan delivers at the quote. */
export function deliveredAtQuote(steps: readonly Step[]): bigint {
  return steps
    .filter((step) => !steps.some((other) => other.dependsOn.includes(step.index) && other.tokenIn === step.tokenOut))
    .reduce((sum, step) => sum + step.amountOutRaw, 0n)
}

/** expected × (1 − bps/10⁴), rounded down. */
export function minimumAt(expected: bigint, bps: number): bigint {
  return (expected * BigInt(Math.round((10_000 - bps) * 100))) / 1_000_000n
}
