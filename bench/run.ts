// `npm run bench`: the benchmark harness with its default suite (see src/cli/benchCommand.ts for the options).
//   npm run bench [-- --suite realistic --samples 200 --seed 1 --planner ./my-planner.js]
import { defaultIO } from '../src/cli/command.ts'
import { benchCommand } from '../src/cli/benchCommand.ts'

process.exitCode = await benchCommand.run(process.argv.slice(2), defaultIO)
