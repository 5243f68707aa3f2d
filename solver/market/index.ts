export type * from './types.ts'
export { assetKey, assetKeyOf, parseAssetKey } from './assetKey.ts'
export { computeMarketVersion, withMarketVersion } from './computeMarketVersion.ts'
export { getNetwork, getToken, indexMarket, resolveNetwork, resolveToken, type MarketIndex } from './indexMarket.ts'
