// The planner with a Uniswap V3 pool beside a V2 pair and a Curve pool: the V3 curve reaches the optimiser through
// venueCurve, and the split it finds must be as good as a brute-force search over V2/V3 splits with exact math.
import { describe, expect, it } from 'vitest'
import { assetKey } from '../../../solver/market/assetKey.ts'
import { withMarketVersion } from '../../../solver/market/computeMarketVersion.ts'
import { indexMarket } from '../../../solver/market/indexMarket.ts'
import type { Address, ConcentratedLiquidityPool, ConstantProductPool, Market } from '../../../solver/market/types.ts'
import type { Intent } from '../../../solver/model/intent.ts'
import { quoteIntent } from '../../../solver/plan/quoteIntent.ts'
import { createRandom } from '../../../solver/random.ts'
import { quoteVenue } from '../../../solver/venues/quoteVenue.ts'
import { getSqrtRatioAtTick } from '../../../solver/venues/uniswapV3/tickMath.ts'
import { loadMarketFixture } from '../../helpers/loadFixtures.ts'

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48' as Address
const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2' as Address

/** A USDC/WETH 0.05 % pool at the V2 pair's price, with 40 seeded positions around it (USDC is token0). */
function v3Pool(price: number): ConcentratedLiquidityPool {
  const random = createRandom(23)
  const spacing = 10
  const tick = Math.floor(Math.log(price) / Math.log(1.0001))
  const nets = new Map<number, bigint>()
  let liquidity = 0n
  for (let i = 0; i < 40; i++) {
    const center = tick + (random() - 0.5) * 4000
    const width = spacing * Math.max(1, Math.round(Math.exp(random() * Math.log(300))))
    const lower = Math.round((center - width / 2) / spacing) * spacing
    const amount = BigInt(Math.floor((0.2 + random()) * 1e16))
    nets.set(lower, (nets.get(lower) ?? 0n) + amount)
    nets.set(lower + width, (nets.get(lower + width) ?? 0n) - amount)
    if (lower <= tick && tick < lower + width) liquidity += amount
  }
  return {
    kind: 'concentratedLiquidity',
    id: 'eth-usdc-weth-v3-500',
    chainId: 1,
    address: '0xacc0de0000000000000000000000000000005301',
    token0: USDC,
    token1: WETH,
    fee: 500,
    tickSpacing: spacing,
    sqrtPriceX96: getSqrtRatioAtTick(tick),
    tick,
    liquidity,
    ticks: [...nets.entries()].filter(([, net]) => net !== 0n).sort(([a], [b]) => a - b).map(([t, liquidityNet]) => ({ tick: t, liquidityNet })),
    gasUnits: 104_000,
    gasPerTickCrossed: 28_500,
  }
}

describe('planning over V2, V3 and Curve pools', () => {
  const small = loadMarketFixture('small')
  const pair = small.venues.find((venue) => venue.id === 'eth-usdc-weth') as ConstantProductPool
  const pool = v3Pool(Number(pair.reserve1) / Number(pair.reserve0))
  const market: Market = withMarketVersion({ ...small, venues: [...small.venues, pool] })
  const index = indexMarket(market)
  const usdc = assetKey(1, USDC)
  const weth = assetKey(1, WETH)

  it.each([100_000n, 1_000_000n, 3_000_000n])('%i USDC → WETH: the plan delivers at least the best exact V2/V3 split', (units) => {
    const amountInRaw = units * 10n ** 6n
    const intent: Intent = { from: { chainId: 1, token: USDC }, to: { chainId: 1, token: WETH }, amountInRaw, objective: 'output', maxSteps: 2 }
    const result = quoteIntent(market, intent)
    if (result.status !== 'ok') throw new Error(result.reason)
    // Brute force: every split in 0.1 % steps between the pair and the V3 pool, exact amounts.
    let best = 0n
    for (let k = 0; k <= 1000; k++) {
      const toV3 = (amountInRaw * BigInt(k)) / 1000n
      const out = quoteVenue(index, pool, usdc, weth, toV3).amountOutRaw + quoteVenue(index, pair, usdc, weth, amountInRaw - toV3).amountOutRaw
      if (out > best) best = out
    }
    const planned = result.plan.expectedAmountOutRaw
    expect(result.plan.steps.some((step) => step.venueId === pool.id)).toBe(true)
    // The planner may also route through USDT (V2 + Curve), so it can only do better; it may not do worse than
    // the brute force by more than the LP's tolerance.
    expect(Number(planned)).toBeGreaterThanOrEqual(Number(best) * (1 - 2e-5))
    // V3 steps carry the measured gas per initialized tick crossed.
    for (const step of result.plan.steps.filter((s) => s.venueId === pool.id)) {
      const ticks = quoteVenue(index, pool, step.tokenIn, step.tokenOut, step.amountInRaw).ticksCrossed ?? 0
      expect(step.gasUnits).toBe(pool.gasUnits + ticks * pool.gasPerTickCrossed)
    }
  })
})
