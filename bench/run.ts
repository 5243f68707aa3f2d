// `npm run bench`: the benchmark harness with its default suite (see bench/harness/benchCommand.ts for the options).
//   npm run bench [-- --suite realistic --samples 200 --seed 1 --planner ./my-planner.js]
import { defaultIO } from '../src/config/io.ts'
import { benchCommand } from './harness/benchCommand.ts'

process.exitCode = await benchCommand.run(process.argv.slice(2), defaultIO)
