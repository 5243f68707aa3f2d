export { buildMarketGraph, venueEdgeKey, type HoldingAttributes, type MarketGraph, type VenueEdgeAttributes } from './buildMarketGraph.ts'
