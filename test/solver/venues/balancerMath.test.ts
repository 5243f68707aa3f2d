// Balancer V2 math against published vectors. Every expected value below was produced by the Balancer Solidity
// contracts, not by this code:
//   [CoW-sol] cowprotocol/services `crates/liquidity-sources/src/balancer_v2/swap/fixed_point/logexpmath.rs`,
//             `fixed_point.rs` and `weighted_math.rs` tests: outputs of LogExpMath.sol / FixedPoint.sol /
//             WeightedMath.sol deployed in Hardhat (balancer-v2-monorepo commit 6c9e24e2).
//   [CoW-pool] cowprotocol/services `crates/solvers/src/tests/cases/bal_liquidity.rs`: the baseline solver's swap
//             amounts on real pool states (GNO/COW weighted v0 on mainnet, xCOW/xGNO weighted v3+ on Gnosis Chain,
//             DAI/USDC/USDT stable on mainnet, agEUR/EURe composable stable on Gnosis Chain).
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { complement, divDown, divUp, mulDown, mulUp, powDown, powUp } from '../../../solver/venues/balancer/fixedPoint.ts'
import { exp, ln36, lnPrivate, pow } from '../../../solver/venues/balancer/logExpMath.ts'
import { getBalancerStableAmountOut } from '../../../solver/venues/balancerStable.ts'
import { calcInGivenOut, calcOutGivenIn, getWeightedAmountOut, maxWeightedAmountIn } from '../../../solver/venues/balancerWeighted.ts'

const E18 = 10n ** 18n

function balCode(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    if (error instanceof BaseError) return error.details
    throw error
  }
  return undefined
}

describe('LogExpMath [CoW-sol]', () => {
  it('_ln', () => {
    const input = ['1', '100', '1000000', '100000000000', '1000000000000000000', '100000000000000000000000', '100000000000000000000000000000', '100000000000000000000000000000000000', '100000000000000000000000000000000000000000', '100000000000000000000000000000000000000000000000000000000000000000', '10000000000000000000000000000000000000000000000000000000000000000000000000000']
    const output = ['-41446531673892822312', '-36841361487904730944', '-27631021115928548208', '-16118095650958319788', '0', '11512925464970228420', '25328436022934502524', '39143946580898776628', '52959457138863050732', '108221499370720147148', '133549935393654649672']
    expect(input.map((x) => String(lnPrivate(BigInt(x))))).toEqual(output)
  })

  it('_ln_36', () => {
    const input = ['900000000000000000', '950000000000000000', '999999999999999999', '1000000000000000000', '1000000000000000001', '1050000000000000000', '1100000000000000000']
    const output = ['-105360515657826301227479460574005190', '-51293294387550533426196144149312054', '-1000000000000000000', '0', '999999999999999998', '48790164169432003065374404178136230', '95310179804324860043948199225536944']
    expect(input.map((x) => String(ln36(BigInt(x))))).toEqual(output)
  })

  it('exp', () => {
    const input = ['-41000000000000000000', '-10000000000000000000', '-1000000000000000000', '-100000000', '-1', '0', '1', '100000000', '999999999999999999', '1000000000000000000', '1000000000000000001', '10000000000000000000', '100000000000000000000', '130000000000000000000']
    const output = ['1', '45399929762484', '367879441171442321', '999999999900000000', '999999999999999999', '1000000000000000000', '1000000000000000001', '1000000000100000000', '2718281828459045227', '2718281828459045235', '2718281828459045238', '22026465794806716516930', '26881171418161354484131967259153438289195652545281114830700000', '287264955081783193326519143742863858051506000000000000000000000000000000000']
    expect(input.map((x) => String(exp(BigInt(x))))).toEqual(output)
    for (const x of ['-41000000000000000001', '130000000000000000001', '-130000000000000000001']) expect(balCode(() => exp(BigInt(x)))).toBe('BAL#009')
  })

  it('pow', () => {
    const ok: [string, string, string][] = [
      ['57896044618658097711785492504343953926634992332820282019728792003956564819967', '1', '1000000000000000135'],
      ['1000000000000000000', '289480223093290488558927462521719769633174961664101410097', '1000000000000000000'],
      ['287200000000000000000000000000000000000000000000000000000000000000000000000', '1000000000000000000', '287199999999999999375313920267432160096964000000000000000000000000000000000'],
      ['1250152867', '2000000000000000000', '1'],
      ['0', '1000000000000000000000', '0'],
      ['0', '0', '1000000000000000000'],
      ['1000000000000000000', '0', '1000000000000000000'],
      ['2000000000000000000', '2000000000000000000', '3999999999999999996'],
    ]
    for (const [x, y, out] of ok) expect(String(pow(BigInt(x), BigInt(y)))).toBe(out)
    const errors: [string, string, string][] = [
      ['57896044618658097711785492504343953926634992332820282019728792003956564819968', '1', 'BAL#006'],
      ['1000000000000000000', '289480223093290488558927462521719769633174961664101410098', 'BAL#007'],
      ['287300000000000000000000000000000000000000000000000000000000000000000000000', '1000000000000000000', 'BAL#008'],
      ['1250152866', '2000000000000000000', 'BAL#008'],
      ['130000000000000000001', '130000000000000000001', 'BAL#008'],
      ['1', '130000000000000000001', 'BAL#008'],
    ]
    for (const [x, y, code] of errors) expect(balCode(() => pow(BigInt(x), BigInt(y)))).toBe(code)
  })
})

describe('FixedPoint [CoW-sol]', () => {
  it('rounds as the library does', () => {
    expect(mulDown(1n, 1n)).toBe(0n)
    expect(mulUp(1n, 1n)).toBe(1n)
    expect(divDown(1n, 2n * E18)).toBe(0n)
    expect(divUp(1n, 2n * E18)).toBe(1n)
    expect(divUp(0n, E18)).toBe(0n)
    expect(complement(424242424242424242n)).toBe(575757575757575758n)
    expect(complement(E18 + 1n)).toBe(0n)
  })

  it('powUp without the exact-power short cuts (the "v0" library)', () => {
    expect(powUp(2n * E18, 3n * E18, false)).toBe(8_000_000_000_000_079_990n)
    expect(powUp(2n * E18, 0n, false)).toBe(1_000_000_000_000_010_001n)
    expect(powUp(0n, E18, false)).toBe(1n)
    // powDown counterparts quoted next to the same vectors.
    expect(powDown(2n * E18, 3n * E18, false)).toBe(7_999_999_999_999_919_988n)
    expect(powDown(2n * E18, 0n, false)).toBe(999_999_999_999_989_999n)
    // A large pow result overflows the error bound's mulUp; x above 2^255 is out of LogExpMath's bounds.
    expect(balCode(() => powUp(287200000000000000000000000000000000000000000000000000000000000000000000000n, E18, false))).toBe('BAL#003')
    expect(balCode(() => powUp(2n ** 256n - 1n, E18, false))).toBe('BAL#006')
  })
})

describe('WeightedMath [CoW-sol]', () => {
  it('_calcOutGivenIn and _calcInGivenOut', () => {
    const args = [100_000_000_000_000_000_000_000n, 300_000_000_000_000n, 10_000_000_000_000_000_000n, 700_000_000_000_000n, 10_000_000_000_000_000n] as const
    expect(calcOutGivenIn(...args, 'v0')).toBe(428_571_297_950n)
    expect(calcInGivenOut(...args, 'v0')).toBe(233_722_784_701_541_000_000n)
  })

  it('stops trades above 30 % of a balance', () => {
    const [bIn, bOut, w] = [20_000_000_000_000_000_000_000n, 10_000_000_000_000_000_000_000n, 500_000_000_000_000n]
    expect(calcOutGivenIn(bIn, w, bOut, w, (bIn * 3n) / 10n, 'v0')).toBe(2_307_692_307_692_230_750_000n)
    expect(balCode(() => calcOutGivenIn(bIn, w, bOut, w, (bIn * 3n) / 10n + 1n, 'v0'))).toBe('BAL#304')
    expect(calcInGivenOut(bIn, w, bOut, w, (bOut * 3n) / 10n, 'v0')).toBe(8_571_428_571_428_857_160_000n)
    expect(balCode(() => calcInGivenOut(bIn, w, bOut, w, (bOut * 3n) / 10n + 1n, 'v0'))).toBe('BAL#305')
  })
})

describe('Balancer pools on real states [CoW-pool]', () => {
  it('weighted v0 GNO → COW, 0.5 % fee', () => {
    const pool = { balances: [11260752191375725565253n, 18764168403990393422000071n], weights: [E18 / 2n, E18 / 2n], scalingFactors: [E18, E18], swapFee: 5n * 10n ** 15n, version: 'v0' as const }
    expect(getWeightedAmountOut(pool, 0, 1, E18)).toBe(1657855325872947866705n)
  })

  it('weighted v3+ xGNO → xCOW, 0.5 % fee', () => {
    const pool = { balances: [5089632258314443812936111n, 3043530764763263654069n], weights: [E18 / 2n, E18 / 2n], scalingFactors: [E18, E18], swapFee: 5n * 10n ** 15n, version: 'v3Plus' as const }
    expect(getWeightedAmountOut(pool, 1, 0, E18)).toBe(1663373703594405548696n)
  })

  it('stable DAI → USDC (DAI/USDC/USDT, A = 5000, 0.01 % fee)', () => {
    const pool = {
      balances: [505781036390938593206504n, 554894862074n, 1585576741011n],
      scalingFactors: [E18, 10n ** 30n, 10n ** 30n],
      amplificationParameter: 5000n * 1000n,
      swapFee: 10n ** 14n,
    }
    expect(getBalancerStableAmountOut(pool, 0, 1, 10n * E18)).toBe(9999475n)
  })

  it('composable stable agEUR → EURe (BPT left out, A = 100)', () => {
    const pool = { balances: [126041615528606990697699n, 170162457652825667152980n], scalingFactors: [E18, E18], amplificationParameter: 100_000n, swapFee: 10n ** 14n }
    expect(getBalancerStableAmountOut(pool, 0, 1, 10n * E18)).toBe(10029862202766050434n)
  })

  it('the largest input the 30 % rule admits is accepted and one more unit reverts', () => {
    const pool = { balances: [11260752191375725565253n, 187641684039903934220n], weights: [8n * 10n ** 17n, 2n * 10n ** 17n], scalingFactors: [E18, 10n ** 30n], swapFee: 3n * 10n ** 15n, version: 'v3Plus' as const }
    const max = maxWeightedAmountIn(pool, 0)
    expect(getWeightedAmountOut(pool, 0, 1, max)).toBeGreaterThan(0n)
    expect(balCode(() => getWeightedAmountOut(pool, 0, 1, max + 1n))).toBe('BAL#304')
  })
})
