// Applies state changes (pool reserves, bridge liquidity and latency, gas prices, token prices) to a
// market, all or nothing. The result goes through parseMarket, so an updated market passes exactly
// the checks a market file does, and gets its new version from withMarketVersion.
import { BaseError, InvalidMarketError, UnknownNetworkError, UnknownTokenError } from '../../solver/errors.ts'
import { getNetwork, indexMarket, resolveToken } from '../../solver/market/indexMarket.ts'
import type { Market } from '../../solver/market/types.ts'
import type { MarketFile } from '../market/marketSchema.ts'
import { parseMarket, serializeMarket } from '../market/parseMarket.ts'
import type { MarketUpdate } from './schemas/marketUpdateSchema.ts'

export interface ApplyMarketUpdatesParameters {
  readonly updates: readonly MarketUpdate[]
  /** New snapshot time, unix seconds (default: unchanged). */
  readonly timestamp?: number
  /** Prefix of the field paths in errors (`body` → `body.updates[2].pool`). */
  readonly root?: string
}

/**
 * Returns the market with every update applied; throws without changing anything when one is wrong:
 * UNKNOWN_VENUE / UNKNOWN_NETWORK / UNKNOWN_TOKEN for ids that name nothing, INVALID_MARKET for an
 * update of the wrong kind for its venue or one that leaves the market invalid (an empty reserve,
 * latency tiers out of order), each with the path of the offending update field.
 *
 * The version is a content hash, so updates that set the values already there leave it unchanged.
 */
export function applyMarketUpdates(market: Market, parameters: ApplyMarketUpdatesParameters): Market {
  const { updates, root = '' } = parameters
  const at = (i: number, field: string) => `${root ? `${root}.` : ''}updates[${i}].${field}`
  const file: MarketFile = serializeMarket(market)
  /** Which update last touched each entity of the file (`pools[3]` → 0), to re-root parseMarket's errors. */
  const touchedBy = new Map<string, number>()

  const findNetwork = (chain: string | number, i: number) => {
    const text = String(chain).trim().toLowerCase()
    const index = file.networks.findIndex((network) => (/^\d+$/.test(text) ? network.chainId === Number(text) : network.name === text))
    if (index < 0) throw new UnknownNetworkError(chain, { field: at(i, 'chain') })
    return index
  }

  updates.forEach((update, i) => {
    switch (update.kind) {
      case 'poolReserves':
      case 'poolBalances': {
        const index = file.pools.findIndex((pool) => pool.id === update.pool)
        if (index < 0) {
          const isBridge = file.bridges.some((bridge) => bridge.id === update.pool)
          if (isBridge) throw new InvalidMarketError(`Venue "${update.pool}" is a bridge, not a pool.`, { field: at(i, 'pool') })
          throw new BaseError('UNKNOWN_VENUE', `Unknown pool "${update.pool}".`, { field: at(i, 'pool') })
        }
        const pool = file.pools[index]!
        if (update.kind === 'poolReserves') {
          if (pool.kind !== 'constantProduct')
            throw new InvalidMarketError(`Pool "${pool.id}" is a ${pool.kind} pool; update it with poolBalances.`, { field: at(i, 'kind') })
          file.pools[index] = { ...pool, reserve0: update.reserve0, reserve1: update.reserve1 }
        } else {
          if (pool.kind === 'constantProduct' || pool.kind === 'concentratedLiquidity')
            throw new InvalidMarketError(`Pool "${pool.id}" is a ${pool.kind} pool; update it with ${pool.kind === 'constantProduct' ? 'poolReserves' : 'a new market'}.`, { field: at(i, 'kind') })
          if (update.balances.length !== pool.tokens.length)
            throw new InvalidMarketError(`Pool "${pool.id}" holds ${pool.tokens.length} tokens; got ${update.balances.length} balances.`, {
              field: at(i, 'balances'),
            })
          file.pools[index] = { ...pool, balances: [...update.balances] }
        }
        touchedBy.set(`pools[${index}]`, i)
        return
      }
      case 'bridge': {
        const index = file.bridges.findIndex((bridge) => bridge.id === update.bridge)
        if (index < 0) {
          if (file.pools.some((pool) => pool.id === update.bridge))
            throw new InvalidMarketError(`Venue "${update.bridge}" is a pool, not a bridge.`, { field: at(i, 'bridge') })
          throw new BaseError('UNKNOWN_VENUE', `Unknown bridge "${update.bridge}".`, { field: at(i, 'bridge') })
        }
        const { kind: _kind, bridge: _id, ...changes } = update
        const bridge = file.bridges[index]!
        file.bridges[index] = { ...bridge, ...changes, latencyTiers: changes.latencyTiers ? changes.latencyTiers.map((tier) => ({ ...tier })) : bridge.latencyTiers }
        touchedBy.set(`bridges[${index}]`, i)
        return
      }
      case 'network': {
        const index = findNetwork(update.chain, i)
        const { kind: _kind, chain: _chain, ...changes } = update
        file.networks[index] = { ...file.networks[index]!, ...changes }
        touchedBy.set(`networks[${index}]`, i)
        return
      }
      case 'tokenPrice': {
        const network = file.networks[findNetwork(update.chain, i)]!
        // Symbols resolve as in intents: by address, or by a symbol only one token on the network carries.
        const marketIndex = indexMarket(market)
        const { address } = resolveToken(marketIndex, getNetwork(marketIndex, network.chainId), update.token, at(i, 'token'))
        const index = file.tokens.findIndex((token) => token.chainId === network.chainId && token.address.toLowerCase() === address)
        if (index < 0) throw new UnknownTokenError(update.token, network.name, { field: at(i, 'token') })
        const { kind: _kind, chain: _chain, token: _token, ...changes } = update
        file.tokens[index] = { ...file.tokens[index]!, ...changes }
        touchedBy.set(`tokens[${index}]`, i)
        return
      }
    }
  })
  if (parameters.timestamp !== undefined) file.timestamp = parameters.timestamp

  try {
    return parseMarket(file)
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    // parseMarket names the entity (`bridges[3].latencyTiers[0].p95Seconds`); point at the update that set it.
    const match = error.field === undefined ? null : /^(\w+\[\d+\])(.*)$/.exec(error.field)
    const update = match ? touchedBy.get(match[1]!) : undefined
    const field = match && update !== undefined ? at(update, match[2]!.replace(/^\./, '')) : root ? `${root}.updates` : 'updates'
    throw new InvalidMarketError(`The update would make the market invalid: ${error.shortMessage}`, { field, cause: error })
  }
}
