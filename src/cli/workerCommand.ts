// `accord worker`: solves batch jobs queued on Redis by `accord serve --redis` (src/server/queue/runBatchWorker)
// and, with --devnet-dir, runs the executions queued for its signer (runExecutionWorker).
// Runs until SIGINT/SIGTERM; then finishes the job in hand within the grace period, or leaves it to
// be taken over by another worker once its lock expires.
import { Redis } from 'ioredis'
import { BaseError } from '../../solver/errors.ts'
import { redisKeys } from '../server/queue/redisKeys.ts'
import { DEFAULT_JOB_LOCK_MS, runBatchWorker } from '../server/queue/runBatchWorker.ts'
import { DEFAULT_SHUTDOWN_GRACE_MS } from '../server/lifecycle/shutdownServer.ts'
import { defineCommand } from './command.ts'
import type { CommandIO } from '../config/io.ts'
import { createLpBackend } from '../config/lpBackend.ts'
import { loadDevnetEnvironment } from '../devnet/loadDevnetEnvironment.ts'
import { createExecutionManager } from '../executor/executionManager.ts'
import { runExecutionWorker } from '../server/queue/runExecutionWorker.ts'
import { EXIT_OK } from '../config/exitCodes.ts'

const usage = `Usage: accord worker [--redis URL] [--lock-ms N] [--devnet-dir DIR]

Solves the batch jobs that \`accord serve --redis URL\` instances queue (BullMQ). Run as many as you
like, on any machine that reaches Redis; a job whose worker dies is taken over by another.
With --devnet-dir it also runs the executions queued for the devnet user's account: one at a time
across all workers (the account's lane), journals in .accord/executions. When a worker dies
mid-execution, another worker started in the same directory (sharing the journals) takes the
execution over from its journal once the lock expires; elsewhere it is failed as INTERRUPTED.

Options:
  --redis URL    Redis to take jobs from (default: $REDIS_URL)
  --lock-ms N    a job's lock lifetime: a dead worker's job moves on after about this long
                 (default: $ACCORD_JOB_LOCK_MS, else ${DEFAULT_JOB_LOCK_MS})
  Also: ACCORD_SHUTDOWN_GRACE_MS (default ${DEFAULT_SHUTDOWN_GRACE_MS}): how long SIGTERM waits for the job in hand.
  --devnet-dir DIR  sign executions as this devnet's user (\`accord devnet up\`)
  -h, --help     show this help`

async function startExecutionWorker(url: string, redis: Redis, devnetDir: string, lockMs: number, io: CommandIO) {
  const environment = await loadDevnetEnvironment(devnetDir)
  const manager = createExecutionManager({ ...environment, backend: await createLpBackend(undefined) })
  const account = environment.account.address
  const worker = await runExecutionWorker({ url, redis, keys: redisKeys(), manager, market: environment.market, account, lockMs, log: (line) => io.stdout(line) })
  worker.on('failed', (job, error) => io.stderr(`execution ${job?.id} failed: ${error.message.split('\n')[0]}`))
  return { worker, manager, account }
}

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'solve batch jobs queued on Redis',
  usage,
  json: false,
  options: { redis: { type: 'string' }, 'lock-ms': { type: 'string' }, 'devnet-dir': { type: 'string' } },
  async run({ values, io }) {
    const url = values.redis ?? process.env.REDIS_URL
    if (!url) throw new BaseError('INVALID_ARGUMENT', 'accord worker needs --redis URL or $REDIS_URL.', { field: '--redis' })
    const lockText = values['lock-ms'] ?? process.env.ACCORD_JOB_LOCK_MS
    const lockMs = lockText === undefined ? DEFAULT_JOB_LOCK_MS : Number(lockText)
    if (!Number.isInteger(lockMs) || lockMs < 500) throw new BaseError('INVALID_ARGUMENT', `--lock-ms must be a whole number ≥ 500, got "${lockText}".`, { field: '--lock-ms' })
    const graceMs = Number(process.env.ACCORD_SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS)
    const redis = new Redis(url, { maxRetriesPerRequest: 3 })
    const worker = runBatchWorker({ url, redis, keys: redisKeys(), lockMs, log: (line) => io.stdout(line) })
    worker.on('failed', (job, error) => io.stderr(`job ${job?.id} failed: ${error.message.split('\n')[0]}`))
    const executor = values['devnet-dir'] === undefined ? undefined : await startExecutionWorker(url, redis, values['devnet-dir'], lockMs, io)
    await worker.waitUntilReady()
    await executor?.worker.waitUntilReady()
    io.stdout(`Accord worker ready (lock ${lockMs} ms${executor ? `; executions of ${executor.account}` : ''})`)
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        const timer = setTimeout(() => void Promise.all([worker.close(true), executor?.worker.close(true)]).finally(resolve), graceMs)
        // An execution in hand finishes within the grace period, or is left to a worker sharing its journal (its lock expires).
        void Promise.all([worker.close(), executor?.worker.close().then(() => executor.manager.close())]).finally(() => {
          clearTimeout(timer)
          resolve()
        })
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await redis.quit().catch(() => {})
    setTimeout(() => process.exit(), 2_000).unref()
    return EXIT_OK
  },
})
