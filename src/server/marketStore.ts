// Holds the market the server quotes on and swaps it for an updated one. Readers take `current` once
// per request; the planner is synchronous, so a request never sees two versions.
import type { Market } from '../../solver/market/types.ts'
import { applyMarketUpdates, type ApplyMarketUpdatesParameters } from './applyMarketUpdates.ts'

export interface MarketUpdateResult {
  readonly previousVersion: string
  readonly version: string
  readonly changed: boolean
  readonly market: Market
}

export interface MarketStore {
  readonly current: Market
  /** Applies updates all-or-nothing (see applyMarketUpdates for the errors) and calls the listeners when the version changed. */
  update(parameters: ApplyMarketUpdatesParameters): MarketUpdateResult
  /** Makes `market` current (another instance's version, read from Redis); calls the listeners when the version changes. */
  replace(market: Market): void
  /** Called with the new market after every change of version. */
  onChange(listener: (market: Market, previous: Market) => void): void
}

export function createMarketStore(initial: Market): MarketStore {
  let current = initial
  const listeners: Array<(market: Market, previous: Market) => void> = []
  return {
    get current() {
      return current
    },
    update(parameters) {
      const previous = current
      const next = applyMarketUpdates(previous, parameters)
      const changed = next.version !== previous.version
      if (changed) {
        current = next
        for (const listener of listeners) listener(next, previous)
      }
      return { previousVersion: previous.version, version: current.version, changed, market: current }
    },
    replace(market) {
      const previous = current
      if (market.version === previous.version) return
      current = market
      for (const listener of listeners) listener(market, previous)
    },
    onChange(listener) {
      listeners.push(listener)
    },
  }
}
