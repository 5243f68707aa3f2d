// Which side of a venue a trade enters and leaves by; the one place that decides whether a venue trades a pair.
import { BaseError } from '../errors.ts'
import { assetKey, assetKeyOf } from '../market/assetKey.ts'
import type { AssetKey, Venue } from '../market/types.ts'

export interface ResolveVenuePairReturnType {
  /** Index of tokenIn: pool coin index (token0 = 0, token1 = 1 for constant product); 0 for a bridge. */
  readonly indexIn: number
  /** Index of tokenOut, as indexIn; 1 for a bridge. */
  readonly indexOut: number
}

/** Asset keys of a venue's coins in pool order (a bridge: origin, destination). */
export function venueAssetKeys(venue: Venue): AssetKey[] {
  switch (venue.kind) {
    case 'constantProduct':
    case 'concentratedLiquidity':
      return [assetKey(venue.chainId, venue.token0), assetKey(venue.chainId, venue.token1)]
    case 'stableSwap':
    case 'balancerWeighted':
    case 'balancerStable':
      return venue.tokens.map((token) => assetKey(venue.chainId, token))
    case 'bridge':
      return [assetKeyOf(venue.from), assetKeyOf(venue.to)]
  }
}

/**
 * Coin indices of `tokenIn` and `tokenOut` in `venue`. Bridges are one-directional (from → to).
 * Throws BaseError `INVALID_ARGUMENT` when the venue does not trade tokenIn for tokenOut.
 */
export function resolveVenuePair(venue: Venue, tokenIn: AssetKey, tokenOut: AssetKey): ResolveVenuePairReturnType {
  const keys = venueAssetKeys(venue)
  const keyIn = tokenIn.toLowerCase()
  const keyOut = tokenOut.toLowerCase()
  const indexIn = keys.indexOf(keyIn as AssetKey)
  const indexOut = keys.indexOf(keyOut as AssetKey)
  const directionOk = venue.kind === 'bridge' ? indexIn === 0 && indexOut === 1 : indexIn !== indexOut
  if (indexIn < 0 || indexOut < 0 || !directionOk)
    throw new BaseError('INVALID_ARGUMENT', `Venue "${venue.id}" does not trade ${tokenIn} for ${tokenOut}.`, {
      details: `It trades ${keys.join(venue.kind === 'bridge' ? ' → ' : ', ')}.`,
    })
  return { indexIn, indexOut }
}
