// POST /v1/batches: many intents solved jointly as a background job (solver/batch/MODEL.md);
// GET /v1/batches/:id: the job's progress and, once done, per-intent results and the batch summary.
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import { createHash } from 'node:crypto'
import { DEFAULT_BATCH_LIMITS, type BatchLimits, type BatchQueue } from '../queue/batchQueue.ts'
import { createEmbeddedBatchQueue } from '../queue/createEmbeddedBatchQueue.ts'
import { streamBatchJob } from '../queue/streamBatchJob.ts'
import { clientIdentity } from '../auth/authPlugin.ts'
import { BatchIntentSchema } from '../../market/intentSchema.ts'
import { ApiError } from '../errorCatalogue.ts'
import type { MarketStore } from '../marketStore.ts'
import { clientErrorResponses, ErrorResponseSchema } from '../schemas/errorSchema.ts'
import { AmountSchema, PlanSchema } from '../schemas/planSchema.ts'

/** Most intents in one batch; the joint LP of 10 000 intents takes about a minute on 2 cores. */
export const MAX_BATCH_INTENTS = 10_000
/** Largest batch body: ~300 bytes per intent. */
export const BATCH_BODY_LIMIT_BYTES = 4 * 1024 * 1024

export const BatchRequestSchema = Type.Object(
  { intents: Type.Array(BatchIntentSchema, { minItems: 1, maxItems: MAX_BATCH_INTENTS }) },
  { additionalProperties: false },
)
export type BatchRequest = Static<typeof BatchRequestSchema>

const JobStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')])
const Progress = Type.Object({ solved: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })
const IntentError = Type.Object({ code: Type.String(), message: Type.String(), field: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false })

const BatchIntentResultSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('ok'), Type.Literal('unmet'), Type.Literal('invalid')]),
    error: Type.Optional(IntentError),
    component: Type.Optional(Type.Integer({ description: 'Group of intents sharing venues it was solved with; -1 when no venue was needed' })),
    executionIndex: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Position of its plan in the component\'s execution order' })),
    amountIn: Type.Optional(AmountSchema),
    amountOut: Type.Optional(AmountSchema),
    minAmountOut: Type.Optional(AmountSchema),
    outcomeProbability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    netting: Type.Optional(
      Type.Array(
        Type.Object(
          { counterpartyId: Type.String(), given: AmountSchema, received: AmountSchema, savingUsd: Type.Number() },
          { additionalProperties: false },
        ),
      ),
    ),
    plan: Type.Optional(Type.Union([PlanSchema, Type.Null()])),
  },
  { additionalProperties: false },
)

const BatchSummarySchema = Type.Object(
  {
    intents: Type.Integer(),
    solved: Type.Integer(),
    unmet: Type.Integer(),
    invalid: Type.Integer(),
    components: Type.Integer(),
    largestComponent: Type.Integer(),
    deliveredUsd: Type.Number({ description: 'Value delivered by the joint solution, realised in sequence' }),
    independentDeliveredUsd: Type.Number({ description: 'Value the intents quoted one by one deliver when realised in the same sequence' }),
    independentQuotedUsd: Type.Number({ description: 'Sum of the one-by-one quotes on the untouched market (not achievable together)' }),
    nettedPairs: Type.Integer(),
    nettingSavingUsd: Type.Number(),
    lpIterations: Type.Integer(),
  },
  { additionalProperties: false },
)

export const BatchJobResponseSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: JobStatus,
    progress: Progress,
    createdAt: Type.String({ format: 'date-time' }),
    marketVersion: Type.String(),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false })),
    summary: Type.Optional(BatchSummarySchema),
    results: Type.Optional(Type.Array(BatchIntentResultSchema)),
  },
  { additionalProperties: false },
)

export interface BatchRoutesOptions {
  readonly store: MarketStore
  /** Job queue (default: in-process, bounded: createEmbeddedBatchQueue). */
  readonly jobs?: BatchQueue
  /** Per-client limits when the key sets none (default DEFAULT_BATCH_LIMITS). */
  readonly limits?: BatchLimits
  /** Result lifetime of the default in-process queue. */
  readonly retainMs?: number
}

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Same key (same client, same body) → the same job, not a new one' })),
})

export const batchRoutes: FastifyPluginAsync<BatchRoutesOptions> = async (app, options) => {
  const jobs = options.jobs ?? createEmbeddedBatchQueue(options.retainMs === undefined ? {} : { retainMs: options.retainMs })
  if (!options.jobs) app.addHook('onClose', () => jobs.close())
  const defaults = options.limits ?? DEFAULT_BATCH_LIMITS

  app.post<{ Body: BatchRequest; Headers: Static<typeof IdempotencyHeaders> }>(
    '/v1/batches',
    {
      config: { role: 'batch' },
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      schema: {
        tags: ['batch'],
        summary: 'Submit a batch of intents',
        description:
          'Queues a job that solves the intents jointly on the current market: venues shared by several intents are priced on their combined flow, opposite intents are netted against each other, and the exact amounts are realised in input order. Invalid intents get an error each and do not stop the others. Intent ids must be unique. Each client may have a bounded number of jobs and intents queued (429 `QUOTA_EXCEEDED`); a full queue answers 503 `OVERLOADED`. Poll `GET /v1/batches/{id}`; results are kept for an hour after the job ends.',
        headers: IdempotencyHeaders,
        body: BatchRequestSchema,
        response: { 200: BatchJobResponseSchema, 202: BatchJobResponseSchema, ...clientErrorResponses, 409: ErrorResponseSchema, 503: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const { intents } = request.body
      const seen = new Map<string, number>()
      intents.forEach((intent, index) => {
        const earlier = seen.get(intent.id)
        if (earlier !== undefined) throw new ApiError('INVALID_REQUEST', `Intent id "${intent.id}" is also used by intents[${earlier}]; ids must be unique.`, `body.intents[${index}].id`)
        seen.set(intent.id, index)
      })
      const quota = request.apiKey?.quota
      const { view, existing } = await jobs.submit({
        market: options.store.current,
        intents: intents.map(({ id, ...intent }) => ({ id, request: intent })),
        owner: clientIdentity(request),
        limits: { maxQueuedJobs: quota?.maxQueuedJobs ?? defaults.maxQueuedJobs, maxQueuedIntents: quota?.maxQueuedIntents ?? defaults.maxQueuedIntents },
        ...(request.headers['idempotency-key'] === undefined ? {} : { idempotencyKey: request.headers['idempotency-key'] }),
        fingerprint: createHash('sha256').update(JSON.stringify(request.body)).digest('hex'),
      })
      return reply.code(existing ? 200 : 202).header('location', `/v1/batches/${view.id}`).send(view)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      config: { role: 'batch' },
      schema: {
        tags: ['batch'],
        summary: 'Progress and results of a batch',
        description: 'Only the client that submitted the job can read it. The answer is streamed.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: BatchJobResponseSchema, ...clientErrorResponses, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const view = await jobs.view(request.params.id, clientIdentity(request))
      if (!view) throw new ApiError('ROUTE_NOT_FOUND', `No batch ${request.params.id} of this client (finished batches are kept for an hour).`, 'params.id')
      // Streamed text: the response schema documents it but does not serialise it.
      return reply.type('application/json; charset=utf-8').send(streamBatchJob(jobs, view))
    },
  )
}
