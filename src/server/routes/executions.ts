// POST /v1/executions and GET /v1/executions/:id: start an intent on the executor and follow it,
// as JSON status or as a server-sent event stream of journal records (one event per step event).
// Registered only when the service runs against chains it can sign on (`accord serve --devnet-dir`).
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync } from 'fastify'
import type { Market } from '../../../solver/market/types.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { QuoteRequestSchema } from '../../market/intentSchema.ts'
import type { ExecutionManager } from '../../executor/executionManager.ts'
import { encodeJournalRecord } from '../../executor/journal.ts'
import type { ExecutionQueue } from '../executions/executionQueue.ts'
import { ApiError, withFieldRoot } from '../errorCatalogue.ts'
import { clientErrorResponses } from '../schemas/errorSchema.ts'
import { redactSecrets } from '../auth/redactSecrets.ts'
import { serialiseExecutionStarts } from '../executions/serialiseExecutionStarts.ts'

export interface ExecutionRoutesOptions {
  /** Signs in this process (executions of one account one after another), unless `queue` is given. */
  readonly manager?: ExecutionManager
  /** Where executions go instead (with Redis: createRedisExecutionQueue, signed by `accord worker`). */
  readonly queue?: ExecutionQueue
  /** The market the executor's chains are described by (intents are resolved against it). */
  readonly market: Market
  /** The signing account's address: executions of one account run one at a time (nonce owner). */
  readonly account?: string
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) })
const StatusQuery = Type.Object({
  stream: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Answer as a text/event-stream of journal records' })),
})
const StartedSchema = Type.Object({ id: Type.String(), statusUrl: Type.String(), eventsUrl: Type.String() })

export const executionRoutes: FastifyPluginAsync<ExecutionRoutesOptions> = async (app, { manager, queue, market, account = 'default' }) => {
  if (!queue && !manager) throw new TypeError('executionRoutes needs a manager or a queue.')
  const executions = queue ?? serialiseExecutionStarts(manager as ExecutionManager)
  app.addHook('onClose', () => executions.idle())
  app.post<{ Body: Static<typeof QuoteRequestSchema> }>(
    '/v1/executions',
    {
      config: { role: 'execute' },
      schema: {
        tags: ['executions'],
        summary: 'Plan an intent and execute it on the connected chains',
        description: 'Executions of the signing account run one at a time; one waiting its turn has status `queued`.',
        body: QuoteRequestSchema,
        response: { 202: StartedSchema, ...clientErrorResponses },
      },
    },
    async (request, reply) => {
      let intent
      try {
        intent = resolveIntentRequest(market, request.body)
      } catch (error) {
        throw withFieldRoot(error, 'body')
      }
      const { id } = await executions.start(account, { body: request.body, intent })
      const statusUrl = `/v1/executions/${encodeURIComponent(id)}`
      reply.code(202).header('location', statusUrl)
      return { id, statusUrl, eventsUrl: `${statusUrl}?stream=true` }
    },
  )

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof StatusQuery> }>(
    '/v1/executions/:id',
    {
      config: { role: 'execute' },
      schema: {
        tags: ['executions'],
        description: 'Signed transactions and RPC URLs are never included (error texts are redacted).',
        summary: 'Status and outcome of an execution, or (stream=true / Accept: text/event-stream) its step events',
        params: IdParams,
        querystring: StatusQuery,
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const status = await executions.status(id)
      if (!status) throw new ApiError('UNKNOWN_EXECUTION', `No execution with id "${id}".`, 'params.id')
      const wantsStream = request.query.stream === 'true' || (request.headers.accept ?? '').includes('text/event-stream')
      if (!wantsStream) return redactSecrets(status)
      // A stream of an execution waiting its turn begins when it starts.
      await executions.started(id)

      // Server-sent events: every journal record so far, then each new one; closes after the outcome.
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
      let unsubscribe: (() => void) | undefined
      let closed = false
      const close = () => {
        if (closed) return
        closed = true
        unsubscribe?.()
        raw.end()
      }
      request.raw.on('close', close)
      unsubscribe = await executions.subscribe(
        id,
        (record) => {
          if (closed) return
          raw.write(`event: ${record.type}\ndata: ${JSON.stringify(redactSecrets(JSON.parse(encodeJournalRecord(record))))}\n\n`)
          if (record.type === 'outcome') close()
        },
        close,
      )
      if (closed) unsubscribe()
    },
  )
}
