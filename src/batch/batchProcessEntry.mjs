// Child-process bootstrap for solveBatchInChildProcess: registers tsx's loader, then loads the
// TypeScript runner (the parent may itself run without --import tsx, e.g. from a built package).
import { register } from 'tsx/esm/api'

register()
await import('./batchProcess.ts')
