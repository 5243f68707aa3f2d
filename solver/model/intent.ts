// What the user asks for: spend an amount of one asset to receive another, under optional constraints.
// Its limits are in intentLimits.ts; src/market/intentSchema.ts is the one input schema built on them.
import type { AssetRef } from '../market/types.ts'
import type { HolderAllowance } from './allowance.ts'
import type { OBJECTIVES } from './intentLimits.ts'

export type Objective = (typeof OBJECTIVES)[number]

/** What the user wants: spend `amountInRaw` of `from`, receive `to`. */
export interface Intent {
  readonly from: AssetRef
  readonly to: AssetRef
  readonly amountInRaw: bigint
  /** Smallest acceptable delivered amount (output raw units). */
  readonly minAmountOutRaw?: bigint
  /** Alternative to minAmountOutRaw: minimum = expected × (1 − bps/10 000). */
  readonly maxSlippageBps?: number
  /** Everything must be delivered within this many seconds of the start. */
  readonly deadlineSeconds?: number
  readonly objective?: Objective
  /** With objective `output`: the plan must reach at least this outcome probability. */
  readonly minProbability?: number
  /** Largest number of venues on one path. */
  readonly maxSteps?: number
  readonly allowBridges?: readonly string[]
  readonly denyBridges?: readonly string[]
  readonly allowNetworks?: readonly number[]
  readonly denyNetworks?: readonly number[]
  /**
   * The executing account's standing allowances: steps they cover send no approval, so the plan's
   * timing and schedule leave it out (solver/schedule/markApprovalsRequired.ts). Absent: none.
   */
  readonly allowances?: readonly HolderAllowance[]
}
