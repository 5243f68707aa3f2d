// Quote worker bootstrap: registers tsx's loader in this thread, then loads the TypeScript task module.
// (Node 20 does not apply `--import` from a Worker's execArgv, so the loader is registered here.)
import { register } from 'tsx/esm/api'

register()
const { default: runQuoteTask, planCompositeTask } = await import('./quoteWorker.ts')
export default runQuoteTask
export { planCompositeTask }
