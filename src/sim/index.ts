// The Monte Carlo execution simulator: realises plans against a moving market (see README.md).
export { applyForeignTrades, DEFAULT_FLOW_TRADERS, type ApplyForeignTradesReturnType, type FlowTraders } from './applyForeignTrades.ts'
export { poolMidPrice } from './poolMidPrice.ts'
export { prepareRealisation, type PreparedRealisation } from './prepareRealisation.ts'
export { openUniform, sampleExponential, samplePoisson, sampleStandardNormal } from './randomVariates.ts'
export { realisePlan, type RealisationFailure, type RealisedStep, type RealisePlanParameters, type RealisePlanReturnType } from './realisePlan.ts'
export { shiftPoolPrice } from './shiftPoolPrice.ts'
