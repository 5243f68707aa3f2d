// The routes the devnet relayer serves, one per bridge venue, quoting exactly what the planner quotes.
import { getBridgeAmountOut } from '../../solver/venues/bridge.ts'
import { getToken, indexMarket } from '../../solver/market/indexMarket.ts'
import { assetKeyOf } from '../../solver/market/assetKey.ts'
import type { Market } from '../../solver/market/types.ts'
import { BaseError } from '../../solver/errors.ts'
import type { RelayerRoute } from './relayer.ts'
import type { DevnetInfo } from './types.ts'

/**
 * One RelayerRoute per bridge of `info`, whose quote is the market bridge's `getBridgeAmountOut`
 * (solver/venues/bridge.ts): the relayer fills a deposit asking for at most what a plan on this
 * market expects, and leaves anything greedier unfilled (it is then refunded).
 */
export function devnetRelayerRoutes(info: Pick<DevnetInfo, 'bridges'>, market: Market): RelayerRoute[] {
  const index = indexMarket(market)
  return info.bridges.map((bridgeInfo) => {
    const bridge = index.venues.get(bridgeInfo.id)
    if (bridge?.kind !== 'bridge') throw new BaseError('UNKNOWN_VENUE', `Bridge ${bridgeInfo.id} of devnet.json is not in the market.`)
    const decimalsIn = getToken(index, assetKeyOf(bridge.from)).decimals
    const decimalsOut = getToken(index, assetKeyOf(bridge.to)).decimals
    return {
      bridgeId: bridgeInfo.id,
      originChainId: bridgeInfo.originChainId,
      inputToken: bridgeInfo.inputToken,
      destinationChainId: bridgeInfo.destinationChainId,
      outputToken: bridgeInfo.outputToken,
      quoteOutput: (inputAmountRaw: bigint) => getBridgeAmountOut(bridge, inputAmountRaw, decimalsIn, decimalsOut),
      confirmations: bridge.confirmations,
    }
  })
}
