export { applyVenueTrade } from './applyVenueTrade.ts'
export { getBridgeAmountOut, getBridgeFeeRaw } from './bridge.ts'
export { getAmountIn, getAmountOut, marginalRate } from './constantProduct.ts'
export { quoteVenue, type QuoteVenueReturnType } from './quoteVenue.ts'
export { resolveVenuePair, venueAssetKeys, type ResolveVenuePairReturnType } from './resolveVenuePair.ts'
export {
  FEE_DENOMINATOR,
  PRECISION,
  getD,
  getDy,
  getDyWithFee,
  getRates,
  getXp,
  getY,
  stableMarginalRate,
  type GetDyWithFeeReturnType,
  type StableSwapParameters,
} from './stableSwap.ts'
export { toStableSwapParameters } from './toStableSwapParameters.ts'
export { venueCurve, type VenueCurve } from './venueCurve.ts'
export { listVenueEdges, type VenueEdge } from './venueEdges.ts'
