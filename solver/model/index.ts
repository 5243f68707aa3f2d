export type * from './intent.ts'
export type * from './latency.ts'
export type * from './plan.ts'
