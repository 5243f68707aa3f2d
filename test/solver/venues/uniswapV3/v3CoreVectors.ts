// Test vectors published with Uniswap V3 core, copied as data.
// Source: Uniswap/v3-core (commit d8b1c635) test/TickMath.spec.ts, test/__snapshots__/TickMath.spec.ts.snap,
// test/SqrtPriceMath.spec.ts and test/SwapMath.spec.ts (expected values written in the specs).
// Prices given there as encodePriceSqrt(reserve1, reserve0) are kept in that form and encoded by `encodePriceSqrt`
// below, which reproduces test/shared/utilities.ts (bignumber.js √ to 20 decimals, × 2^96, floor).

/** getSqrtRatioAtTick: [tick, result] from the spec and its snapshot. */
export const sqrtRatioAtTick: ReadonlyArray<readonly [number, string]> = [
  [-887272, '4295128739'],
  [-887271, '4295343490'],
  [887271, '1461373636630004318706518188784493106690254656249'],
  [887272, '1461446703485210103287273052203988822378723970342'],
  [-50, '79030349367926598376800521322'],
  [-100, '78833030112140176575862854579'],
  [-250, '78244023372248365697264290337'],
  [-500, '77272108795590369356373805297'],
  [-1000, '75364347830767020784054125655'],
  [-2500, '69919044979842180277688105136'],
  [-3000, '68192822843687888778582228483'],
  [-4000, '64867181785621769311890333195'],
  [-5000, '61703726247759831737814779831'],
  [-50000, '6504256538020985011912221507'],
  [-150000, '43836292794701720435367485'],
  [-250000, '295440463448801648376846'],
  [-500000, '1101692437043807371'],
  [-738203, '7409801140451'],
  [50, '79426470787362580746886972461'],
  [100, '79625275426524748796330556128'],
  [250, '80224679980005306637834519095'],
  [500, '81233731461783161732293370115'],
  [1000, '83290069058676223003182343270'],
  [2500, '89776708723587163891445672585'],
  [3000, '92049301871182272007977902845'],
  [4000, '96768528593268422080558758223'],
  [5000, '101729702841318637793976746270'],
  [50000, '965075977353221155028623082916'],
  [150000, '143194173941309278083010301478497'],
  [250000, '21246587762933397357449903968194344'],
  [500000, '5697689776495288729098254600827762987878'],
  [738203, '847134979253254120489401328389043031315994541'],
]

/** getTickAtSqrtRatio: [ratio, tick] from the snapshot, plus the spec's explicit min+1 / max−1 cases. */
export const tickAtSqrtRatio: ReadonlyArray<readonly [string, number]> = [
  ['4295128739', -887272],
  ['4295343490', -887271],
  ['79228162514264337593543', -276325],
  ['79228162514264337593543950', -138163],
  ['9903520314283042199192993792', -41591],
  ['28011385487393069959365969113', -20796],
  ['56022770974786139918731938227', -6932],
  ['79228162514264337593543950336', 0],
  ['112045541949572279837463876454', 6931],
  ['224091083899144559674927752909', 20795],
  ['633825300114114700748351602688', 41590],
  ['79228162514264337593543950336000', 138162],
  ['79228162514264337593543950336000000', 276324],
  ['1461373636630004318706518188784493106690254656249', 887271],
  ['1461446703485210103287273052203988822378723970341', 887271],
]

/** A price either literal or as the spec's encodePriceSqrt(reserve1, reserve0). */
export type SpecPrice = string | { readonly reserve1: string; readonly reserve0: string }

export interface NextSqrtPriceVector {
  readonly name: string
  readonly price: SpecPrice
  readonly liquidity: string
  readonly amount: string
  readonly zeroForOne: boolean
  /** Expected √price, or 'revert'. */
  readonly expected: string
}

const E17 = '100000000000000000'
const E18 = '1000000000000000000'
const ONE: SpecPrice = { reserve1: '1', reserve0: '1' }
const MAX_UINT256 = ((1n << 256n) - 1n).toString()
const MAX_UINT128 = ((1n << 128n) - 1n).toString()
const P160M1 = ((1n << 160n) - 1n).toString()

/** SqrtPriceMath.spec.ts #getNextSqrtPriceFromInput. */
export const nextSqrtPriceFromInput: readonly NextSqrtPriceVector[] = [
  { name: 'fails if price is zero', price: '0', liquidity: '0', amount: E17, zeroForOne: false, expected: 'revert' },
  { name: 'fails if liquidity is zero', price: '1', liquidity: '0', amount: E17, zeroForOne: true, expected: 'revert' },
  { name: 'fails if input amount overflows the price', price: P160M1, liquidity: '1024', amount: '1024', zeroForOne: false, expected: 'revert' },
  { name: 'any input amount cannot underflow the price', price: '1', liquidity: '1', amount: (1n << 255n).toString(), zeroForOne: true, expected: '1' },
  { name: 'returns input price if amount in is zero and zeroForOne = true', price: ONE, liquidity: E17, amount: '0', zeroForOne: true, expected: '79228162514264337593543950336' },
  { name: 'returns input price if amount in is zero and zeroForOne = false', price: ONE, liquidity: E17, amount: '0', zeroForOne: false, expected: '79228162514264337593543950336' },
  {
    name: 'returns the minimum price for max inputs',
    price: P160M1,
    liquidity: MAX_UINT128,
    amount: (BigInt(MAX_UINT256) - (BigInt(MAX_UINT128) << 96n) / BigInt(P160M1)).toString(),
    zeroForOne: true,
    expected: '1',
  },
  { name: 'input amount of 0.1 token1', price: ONE, liquidity: E18, amount: E17, zeroForOne: false, expected: '87150978765690771352898345369' },
  { name: 'input amount of 0.1 token0', price: ONE, liquidity: E18, amount: E17, zeroForOne: true, expected: '72025602285694852357767227579' },
  { name: 'amountIn > type(uint96).max and zeroForOne = true', price: ONE, liquidity: '10000000000000000000', amount: (1n << 100n).toString(), zeroForOne: true, expected: '624999999995069620' },
  { name: 'can return 1 with enough amountIn and zeroForOne = true', price: ONE, liquidity: '1', amount: (BigInt(MAX_UINT256) / 2n).toString(), zeroForOne: true, expected: '1' },
  { name: 'sqrtP * sqrtQ overflows', price: '1025574284609383690408304870162715216695788925244', liquidity: '50015962439936049619261659728067971248', amount: '406', zeroForOne: true, expected: '1025574284609383582644711336373707553698163132913' },
]

/** SqrtPriceMath.spec.ts #getNextSqrtPriceFromOutput. */
export const nextSqrtPriceFromOutput: readonly NextSqrtPriceVector[] = [
  { name: 'fails if price is zero', price: '0', liquidity: '0', amount: E17, zeroForOne: false, expected: 'revert' },
  { name: 'fails if liquidity is zero', price: '1', liquidity: '0', amount: E17, zeroForOne: true, expected: 'revert' },
  { name: 'fails if output amount is exactly the virtual reserves of token0', price: '20282409603651670423947251286016', liquidity: '1024', amount: '4', zeroForOne: false, expected: 'revert' },
  { name: 'fails if output amount is greater than virtual reserves of token0', price: '20282409603651670423947251286016', liquidity: '1024', amount: '5', zeroForOne: false, expected: 'revert' },
  { name: 'fails if output amount is greater than virtual reserves of token1', price: '20282409603651670423947251286016', liquidity: '1024', amount: '262145', zeroForOne: true, expected: 'revert' },
  { name: 'fails if output amount is exactly the virtual reserves of token1', price: '20282409603651670423947251286016', liquidity: '1024', amount: '262144', zeroForOne: true, expected: 'revert' },
  { name: 'succeeds if output amount is just less than the virtual reserves of token1', price: '20282409603651670423947251286016', liquidity: '1024', amount: '262143', zeroForOne: true, expected: '77371252455336267181195264' },
  { name: 'returns input price if amount in is zero and zeroForOne = true', price: ONE, liquidity: E17, amount: '0', zeroForOne: true, expected: '79228162514264337593543950336' },
  { name: 'returns input price if amount in is zero and zeroForOne = false', price: ONE, liquidity: E17, amount: '0', zeroForOne: false, expected: '79228162514264337593543950336' },
  { name: 'output amount of 0.1 token1 (zeroForOne = false)', price: ONE, liquidity: E18, amount: E17, zeroForOne: false, expected: '88031291682515930659493278152' },
  { name: 'output amount of 0.1 token1 (zeroForOne = true)', price: ONE, liquidity: E18, amount: E17, zeroForOne: true, expected: '71305346262837903834189555302' },
  { name: 'reverts if amountOut is impossible in zero for one direction', price: ONE, liquidity: '1', amount: MAX_UINT256, zeroForOne: true, expected: 'revert' },
  { name: 'reverts if amountOut is impossible in one for zero direction', price: ONE, liquidity: '1', amount: MAX_UINT256, zeroForOne: false, expected: 'revert' },
]

export interface AmountDeltaVector {
  readonly name: string
  readonly token: 0 | 1
  readonly priceA: SpecPrice
  readonly priceB: SpecPrice
  readonly liquidity: string
  readonly roundUp: boolean
  readonly expected: string
}

/** SqrtPriceMath.spec.ts #getAmount0Delta / #getAmount1Delta (rounded-down values are the spec's `sub(1)`). */
export const amountDeltas: readonly AmountDeltaVector[] = [
  { name: 'amount0: 0 if liquidity is 0', token: 0, priceA: ONE, priceB: { reserve1: '2', reserve0: '1' }, liquidity: '0', roundUp: true, expected: '0' },
  { name: 'amount0: 0 if prices are equal', token: 0, priceA: ONE, priceB: ONE, liquidity: '0', roundUp: true, expected: '0' },
  { name: 'amount0: price 1 to 1.21, up', token: 0, priceA: ONE, priceB: { reserve1: '121', reserve0: '100' }, liquidity: E18, roundUp: true, expected: '90909090909090910' },
  { name: 'amount0: price 1 to 1.21, down', token: 0, priceA: ONE, priceB: { reserve1: '121', reserve0: '100' }, liquidity: E18, roundUp: false, expected: '90909090909090909' },
  { name: 'amount1: 0 if liquidity is 0', token: 1, priceA: ONE, priceB: { reserve1: '2', reserve0: '1' }, liquidity: '0', roundUp: true, expected: '0' },
  { name: 'amount1: price 1 to 1.21, up', token: 1, priceA: ONE, priceB: { reserve1: '121', reserve0: '100' }, liquidity: E18, roundUp: true, expected: '100000000000000000' },
  { name: 'amount1: price 1 to 1.21, down', token: 1, priceA: ONE, priceB: { reserve1: '121', reserve0: '100' }, liquidity: E18, roundUp: false, expected: '99999999999999999' },
  { name: 'sqrtP * sqrtQ overflows: amount0 of the 406 swap', token: 0, priceA: '1025574284609383582644711336373707553698163132913', priceB: '1025574284609383690408304870162715216695788925244', liquidity: '50015962439936049619261659728067971248', roundUp: true, expected: '406' },
]

export interface SwapStepVector {
  readonly name: string
  readonly price: SpecPrice
  readonly target: SpecPrice
  readonly liquidity: string
  readonly amountRemaining: string
  readonly feePips: number
  readonly expected: { readonly amountIn: string; readonly amountOut: string; readonly feeAmount: string; readonly sqrtQ?: SpecPrice }
}

/** SwapMath.spec.ts #computeSwapStep. `sqrtQ` absent: the spec checks it only by a relation (tested separately). */
export const swapSteps: readonly SwapStepVector[] = [
  {
    name: 'exact amount in that gets capped at price target in one for zero',
    price: ONE, target: { reserve1: '101', reserve0: '100' }, liquidity: '2000000000000000000', amountRemaining: E18, feePips: 600,
    expected: { amountIn: '9975124224178055', amountOut: '9925619580021728', feeAmount: '5988667735148', sqrtQ: { reserve1: '101', reserve0: '100' } },
  },
  {
    name: 'exact amount out that gets capped at price target in one for zero',
    price: ONE, target: { reserve1: '101', reserve0: '100' }, liquidity: '2000000000000000000', amountRemaining: `-${E18}`, feePips: 600,
    expected: { amountIn: '9975124224178055', amountOut: '9925619580021728', feeAmount: '5988667735148', sqrtQ: { reserve1: '101', reserve0: '100' } },
  },
  {
    name: 'exact amount in that is fully spent in one for zero',
    price: ONE, target: { reserve1: '1000', reserve0: '100' }, liquidity: '2000000000000000000', amountRemaining: E18, feePips: 600,
    expected: { amountIn: '999400000000000000', amountOut: '666399946655997866', feeAmount: '600000000000000' },
  },
  {
    name: 'exact amount out that is fully received in one for zero',
    price: ONE, target: { reserve1: '10000', reserve0: '100' }, liquidity: '2000000000000000000', amountRemaining: `-${E18}`, feePips: 600,
    expected: { amountIn: '2000000000000000000', amountOut: E18, feeAmount: '1200720432259356' },
  },
  {
    name: 'amount out is capped at the desired amount out',
    price: '417332158212080721273783715441582', target: '1452870262520218020823638996', liquidity: '159344665391607089467575320103', amountRemaining: '-1', feePips: 1,
    expected: { amountIn: '1', amountOut: '1', feeAmount: '1', sqrtQ: '417332158212080721273783715441581' },
  },
  {
    name: 'target price of 1 uses partial input amount',
    price: '2', target: '1', liquidity: '1', amountRemaining: '3915081100057732413702495386755767', feePips: 1,
    expected: { amountIn: '39614081257132168796771975168', amountOut: '0', feeAmount: '39614120871253040049813', sqrtQ: '1' },
  },
  {
    name: 'entire input amount taken as fee',
    price: '2413', target: '79887613182836312', liquidity: '1985041575832132834610021537970', amountRemaining: '10', feePips: 1872,
    expected: { amountIn: '0', amountOut: '0', feeAmount: '10', sqrtQ: '2413' },
  },
  {
    name: 'handles intermediate insufficient liquidity in zero for one exact output case',
    price: '20282409603651670423947251286016', target: ((20282409603651670423947251286016n * 11n) / 10n).toString(), liquidity: '1024', amountRemaining: '-4', feePips: 3000,
    expected: { amountIn: '26215', amountOut: '0', feeAmount: '79', sqrtQ: ((20282409603651670423947251286016n * 11n) / 10n).toString() },
  },
  {
    name: 'handles intermediate insufficient liquidity in one for zero exact output case',
    price: '20282409603651670423947251286016', target: ((20282409603651670423947251286016n * 9n) / 10n).toString(), liquidity: '1024', amountRemaining: '-263000', feePips: 3000,
    expected: { amountIn: '1', amountOut: '26214', feeAmount: '1', sqrtQ: ((20282409603651670423947251286016n * 9n) / 10n).toString() },
  },
]

/**
 * encodePriceSqrt(reserve1, reserve0) of v3-core test/shared/utilities.ts: bignumber.js computes √(reserve1/reserve0)
 * rounded half-up to 20 decimal places (its default DECIMAL_PLACES and ROUNDING_MODE), multiplies by 2^96 and floors.
 */
export function encodePriceSqrt(price: SpecPrice): bigint {
  if (typeof price === 'string') return BigInt(price)
  const scale = 10n ** 40n
  const numerator = BigInt(price.reserve1) * scale
  const denominator = BigInt(price.reserve0)
  if (numerator % denominator !== 0n) throw new Error('encodePriceSqrt: ratio not exact at 40 decimals')
  const n = numerator / denominator
  let root = n
  for (let next = (root + 1n) / 2n; next < root; next = (next + n / next) / 2n) root = next // Newton: floor(√n)
  if (4n * n >= (2n * root + 1n) ** 2n) root++ // half-up at the 20th decimal
  return (root << 96n) / 10n ** 20n
}
