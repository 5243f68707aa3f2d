// `accord plan FILE --execute --devnet-dir DIR`: executes a composite plan with the devnet's user
// account and contracts (devnet.json), journals under DIR/executions.
import { join } from 'node:path'
import type { CompositePlan } from '../../solver/composite/types.ts'
import type { Market } from '../../solver/market/types.ts'
import { loadDevnetEnvironment } from './loadDevnetEnvironment.ts'
import { executeCompositePlan, type CompositeExecutionOutcome } from '../executor/composite/executeCompositePlan.ts'

export async function executeCompositePlanOnDevnet(parameters: {
  devnetDir: string
  market: Market
  plan: CompositePlan
  id?: string
  onEvent?: ((line: string) => void) | undefined
}): Promise<CompositeExecutionOutcome> {
  const environment = await loadDevnetEnvironment(parameters.devnetDir)
  return executeCompositePlan({
    market: parameters.market,
    plan: parameters.plan,
    targets: environment.targets,
    account: environment.account,
    journalDir: join(parameters.devnetDir, 'executions'),
    ...(parameters.id ? { id: parameters.id } : {}),
    ...(parameters.onEvent ? { onEvent: parameters.onEvent } : {}),
  })
}
