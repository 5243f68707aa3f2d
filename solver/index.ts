// The planning core's public face.
export * from './errors.ts'
export * from './amounts.ts'
export * from './market/index.ts'
export * from './model/index.ts'
export * from './graph/index.ts'
export * from './paths/index.ts'
export * from './plan/index.ts'
