import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { getD, getDy, getDyWithFee, getXp, getY, stableMarginalRate, type StableSwapParameters } from '../../../solver/venues/stableSwap.ts'

// Independent reference: the StableSwap invariant solved by integer bisection instead of the contract's Newton
// iterations. In the contract's convention (StableSwap3Pool.vy get_D, Ann = A·n) the invariant is
//   Ann·Σx + D = Ann·D + D^(n+1) / (n^n·Πx),
// i.e. the whitepaper's A·n^n·Σx + D = A·D·n^n + D^(n+1)/(n^n·Πx) with A_paper = A / n^(n−1).
// Multiplying by n^n·Πx > 0 keeps signs, so every comparison below is exact.

const product = (values: readonly bigint[]) => values.reduce((p, v) => p * v, 1n)
const sum = (values: readonly bigint[]) => values.reduce((s, v) => s + v, 0n)

/** Real root D* of the invariant lies in [returned, returned + 1]. */
function referenceD(xp: readonly bigint[], A: bigint): bigint {
  const n = BigInt(xp.length)
  const Ann = A * n
  const S = sum(xp)
  const nnP = n ** n * product(xp)
  // g(D) = (Ann·S + D − Ann·D)·n^n·Πx − D^(n+1): g(0) > 0, g(S) ≤ 0 (AM–GM), strictly decreasing for D > 0.
  const g = (D: bigint) => (Ann * S + D - Ann * D) * nnP - D ** (n + 1n)
  let lo = 0n
  let hi = S
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n
    if (g(mid) > 0n) lo = mid
    else hi = mid
  }
  return lo
}

/** Real root y* of the invariant in coordinate j (others fixed, D fixed) lies in [returned − 1, returned]. */
function referenceY(xpAfter: readonly bigint[], j: number, D: bigint, A: bigint): bigint {
  const n = BigInt(xpAfter.length)
  const Ann = A * n
  const others = xpAfter.filter((_, k) => k !== j)
  const Sp = sum(others)
  const nnPp = n ** n * product(others)
  // Sign of the invariant residual Ann·(S'+y) + D − Ann·D − D^(n+1)/(n^n·Π'·y), increasing in y.
  const h = (y: bigint) => (Ann * (Sp + y) + D - Ann * D) * y * nnPp - D ** (n + 1n)
  let lo = 0n
  let hi = D + 1n
  while (h(hi) < 0n) hi *= 2n
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n
    if (h(mid) < 0n) lo = mid
    else hi = mid
  }
  return hi
}

/** Output of a swap from the reference roots: the fee taken on the normalised output, then back to raw units. */
function referenceDy(parameters: StableSwapParameters, i: number, j: number, dx: bigint): bigint {
  const scale = parameters.decimals.map((d) => 10n ** BigInt(18 - d))
  const xp = parameters.balances.map((b, k) => b * (scale[k] as bigint))
  const D = referenceD(xp, parameters.amplification)
  const after = xp.map((x, k) => (k === i ? x + dx * (scale[i] as bigint) : x))
  const y = referenceY(after, j, D, parameters.amplification)
  const dyXp = (xp[j] as bigint) - y
  return (dyXp * (10n ** 10n - parameters.fee)) / 10n ** 10n / (scale[j] as bigint)
}

/**
 * Random pools of n coins with 6 or 18 decimals. Balances are 10^e token units with e in [3, 10]; `maxImbalance`
 * bounds the ratio of the largest to the smallest balance (in decades).
 */
const pool = (n: 2 | 3, maxImbalance = 7) =>
  fc.record({
    decimals: fc.array(fc.constantFrom(6, 18), { minLength: n, maxLength: n }),
    largest: fc.double({ min: 3 + maxImbalance, max: 10, noNaN: true }),
    units: fc.array(fc.double({ min: 0, max: maxImbalance, noNaN: true }), { minLength: n, maxLength: n }),
    amplification: fc.oneof(fc.bigInt({ min: 1n, max: 50n }), fc.bigInt({ min: 50n, max: 5_000n })),
    fee: fc.bigInt({ min: 0n, max: 50_000_000n }), // up to 0.5 %
    i: fc.nat(n - 1),
    jOffset: fc.integer({ min: 1, max: n - 1 }),
    // dx from 1e-9 of the input balance to 3× it.
    dxShare: fc.double({ min: -9, max: Math.log10(3), noNaN: true }),
  }).map(({ largest, units, ...rest }) => ({ ...rest, units: units.map((down) => largest - down) }))

function toCase(record: { decimals: number[]; units: number[]; amplification: bigint; fee: bigint; i: number; jOffset: number; dxShare: number }) {
  const n = record.decimals.length
  const balances = record.units.map((exponent, k) => BigInt(Math.floor(10 ** exponent)) * 10n ** BigInt(record.decimals[k] as number))
  const parameters: StableSwapParameters = { balances, decimals: record.decimals, amplification: record.amplification, fee: record.fee }
  const j = (record.i + record.jOffset) % n
  const dx = (balances[record.i] as bigint) * BigInt(Math.floor(10 ** (record.dxShare + 9))) / 1_000_000_000n + 1n
  return { parameters, i: record.i, j, dx }
}

// Agreement bounds. The contract computes D_P = D^(n+1)/(n^n·Πx) (and get_y's c) as a chain of truncating
// divisions, one factor D/(n·x_k) at a time, and stops Newton when |D − Dprev| ≤ 1. Replacing the chain by a single
// division makes the integer fixed point land on the exact root, so the drift below is the contract's own rounding,
// which we reproduce on purpose. It is a few units of 1e-18 for typical pools and grows with imbalance and small A
// (seen: ~100 units at D ≈ 1e26 for a 1e7:1 pool with A = 10; ~1e-24 of D at most). Hence two regimes:
//  - typical pools (balances within 1:100, A ≥ 10, as in deployed StableSwap pools): within 2 raw units;
//  - anything up to 1e7:1 and A ≥ 1: within 2 raw units plus 1e-20 of the output balance (1e-22 of D for D),
//    still far below any formula error, which would show at the 1e-6 level or worse.
const typical = (n: 2 | 3) => pool(n, 2).filter((record) => record.amplification >= 10n)
const extreme = (n: 2 | 3) => pool(n, 7)

function absoluteDifference(a: bigint, b: bigint): bigint {
  return a > b ? a - b : b - a
}

describe('getD', () => {
  it('is within 2 units (18-decimal) of the invariant root found by bisection, typical pools', () => {
    fc.assert(
      fc.property(fc.oneof(typical(2), typical(3)), (record) => {
        const { parameters } = toCase(record)
        const xp = getXp(parameters.balances, parameters.decimals)
        const D = getD(xp, parameters.amplification)
        const reference = referenceD(xp, parameters.amplification)
        expect(D >= reference - 1n && D <= reference + 2n, `D = ${D}, reference root in [${reference}, ${reference + 1n}]`).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('is within 2 units + 1e-22 of D of the root for balances up to 1e7:1 apart', () => {
    fc.assert(
      fc.property(fc.oneof(extreme(2), extreme(3)), (record) => {
        const { parameters } = toCase(record)
        const xp = getXp(parameters.balances, parameters.decimals)
        const D = getD(xp, parameters.amplification)
        const reference = referenceD(xp, parameters.amplification)
        expect(absoluteDifference(D, reference) <= 2n + D / 10n ** 22n, `D = ${D}, reference ${reference}`).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('equals the sum of balances for a balanced pool', () => {
    // Σx = D solves the invariant when all x = D/n: Ann·D + D = Ann·D + D^(n+1)/(n^n·(D/n)^n).
    expect(getD([10n ** 24n, 10n ** 24n, 10n ** 24n], 2000n)).toBe(3n * 10n ** 24n)
  })
})

describe('getY', () => {
  it('keeps the invariant: the reference root lies within 2 units, typical pools', () => {
    fc.assert(
      fc.property(fc.oneof(typical(2), typical(3)), (record) => {
        const { parameters, i, j, dx } = toCase(record)
        const xp = getXp(parameters.balances, parameters.decimals)
        const x = (xp[i] as bigint) + dx * 10n ** BigInt(18 - (parameters.decimals[i] as number))
        const D = getD(xp, parameters.amplification)
        const y = getY(i, j, x, xp, parameters.amplification, D)
        const reference = referenceY(xp.map((v, k) => (k === i ? x : v)), j, D, parameters.amplification)
        expect(y >= reference - 3n && y <= reference + 2n, `y = ${y}, reference root in [${reference - 1n}, ${reference}]`).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('getDy', () => {
  for (const n of [2, 3] as const) {
    it(`agrees with the bisection reference within 2 raw units (n = ${n}, decimals 6 and 18, typical pools)`, () => {
      fc.assert(
        fc.property(typical(n), (record) => {
          const { parameters, i, j, dx } = toCase(record)
          const dy = getDy(parameters, i, j, dx)
          const reference = referenceDy(parameters, i, j, dx)
          expect(absoluteDifference(dy, reference) <= 2n, `dy = ${dy}, reference = ${reference}`).toBe(true)
          expect(dy).toBeLessThan(parameters.balances[j] as bigint)
        }),
        { numRuns: 400 },
      )
    })

    it(`agrees with the bisection reference within 2 raw units + 1e-20 of the output balance (n = ${n}, up to 1e7:1)`, () => {
      fc.assert(
        fc.property(extreme(n), (record) => {
          const { parameters, i, j, dx } = toCase(record)
          const dy = getDy(parameters, i, j, dx)
          const reference = referenceDy(parameters, i, j, dx)
          const slack = (parameters.balances[j] as bigint) / 10n ** 20n
          expect(absoluteDifference(dy, reference) <= 2n + slack, `dy = ${dy}, reference = ${reference}`).toBe(true)
        }),
        { numRuns: 400 },
      )
    })
  }

  it('pays at most dx converted 1:1 less the fee in a balanced pool, and nearly that for small trades', () => {
    // A 3pool-like pool: 100M each of an 18-decimal and two 6-decimal coins, A = 2000, fee 0.01 %.
    const parameters: StableSwapParameters = {
      balances: [10n ** 26n, 10n ** 14n, 10n ** 14n],
      decimals: [18, 6, 6],
      amplification: 2000n,
      fee: 1_000_000n,
    }
    const dy = getDy(parameters, 0, 1, 1_000_000n * 10n ** 18n) // 1M DAI → USDC
    const parValueLessFee = 1_000_000n * 10n ** 6n - 100n * 10n ** 6n
    expect(dy).toBeLessThan(parValueLessFee)
    expect(dy).toBeGreaterThan((parValueLessFee * 9_999n) / 10_000n)
    expect(getDy(parameters, 1, 2, 0n)).toBe(0n)
  })

  it('splits the output into delivered amount and the contract fee', () => {
    const parameters: StableSwapParameters = { balances: [5n * 10n ** 24n, 7n * 10n ** 12n], decimals: [18, 6], amplification: 200n, fee: 4_000_000n }
    const withFee = getDyWithFee(parameters, 0, 1, 10n ** 22n)
    const feeless = getDyWithFee({ ...parameters, fee: 0n }, 0, 1, 10n ** 22n)
    // The fee is fee/1e10 of the gross output: gross = delivered + fee within rounding of one raw unit.
    expect(withFee.dy + withFee.feeRaw).toBeGreaterThanOrEqual(feeless.dy - 1n)
    expect(withFee.dy + withFee.feeRaw).toBeLessThanOrEqual(feeless.dy)
    expect(withFee.feeRaw).toBe((feeless.dy * 4_000_000n) / 10n ** 10n)
  })

  it('rejects invalid pools and indices', () => {
    const parameters: StableSwapParameters = { balances: [10n ** 18n, 10n ** 6n], decimals: [18, 6], amplification: 100n, fee: 4_000_000n }
    expect(() => getDy(parameters, 0, 0, 1n)).toThrow(BaseError)
    expect(() => getDy(parameters, 0, 2, 1n)).toThrow(BaseError)
    expect(() => getDy(parameters, 0, 1, -1n)).toThrow(BaseError)
    expect(() => getDy({ ...parameters, balances: [0n, 10n ** 6n] }, 0, 1, 1n)).toThrow(BaseError)
    expect(() => getDy({ ...parameters, amplification: 0n }, 0, 1, 1n)).toThrow(BaseError)
    expect(() => getDy({ ...parameters, decimals: [24, 6] }, 0, 1, 1n)).toThrow(BaseError)
  })
})

describe('stableMarginalRate', () => {
  it('is the limit of the exact average rate of small trades', () => {
    fc.assert(
      fc.property(fc.oneof(pool(2), pool(3)), (record) => {
        const { parameters, i, j } = toCase(record)
        // 1e-7 of the smaller normalised balance: price impact around 1e-7, and at least 1e7 raw units each side.
        const scaleI = 10n ** BigInt(18 - (parameters.decimals[i] as number))
        const scaleJ = 10n ** BigInt(18 - (parameters.decimals[j] as number))
        const xpI = (parameters.balances[i] as bigint) * scaleI
        const xpJ = (parameters.balances[j] as bigint) * scaleJ
        const dxXp = (xpI < xpJ ? xpI : xpJ) / 10_000_000n
        if (dxXp / scaleI < 10n ** 7n || dxXp / scaleJ < 10n ** 7n) return
        const dx = dxXp / scaleI
        const average = Number(getDy(parameters, i, j, dx)) / Number(dx)
        const marginal = stableMarginalRate(parameters, i, j)
        expect(Math.abs(marginal / average - 1)).toBeLessThan(1e-5)
      }),
      { numRuns: 300 },
    )
  })
})
