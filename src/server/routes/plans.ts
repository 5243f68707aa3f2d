// POST /v1/plans: a composite intent (sources → goals) → one plan: a DAG of swaps, bridges,
// approvals, supplies, borrows and deposits with one schedule and one probability that every goal
// holds by the deadline. Planned in the service's worker pool (as quotes), so the joint search stays
// off the event loop. With an executor configured and `execute: true`, the plan is also executed;
// GET /v1/plans/:id answers the plan and, while and after executing, the execution's state and verdict.
// With a plans directory (`accord serve --devnet-dir` keeps them beside the executions' journals) each
// plan is also written to `plan-<id>.json` on every change, so GET answers it after a restart.
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { LocalAccount } from 'viem'
import type { CompositeIntentRequest } from '../../../solver/composite/resolveCompositeRequest.ts'
import { BaseError } from '../../../solver/errors.ts'
import type { CompositeExecutionOutcome } from '../../executor/composite/executeCompositePlan.ts'
import type { ExecutionTargets } from '../../executor/executionTargets.ts'
import type { SerializedCompositePlan } from '../../format/serializeCompositePlan.ts'
import { CompositeIntentSchema } from '../../market/compositeIntentSchema.ts'
import { ApiError } from '../errorCatalogue.ts'
import { DEFAULT_PUBLIC_ROLES, clientIdentity } from '../auth/authPlugin.ts'
import { redactSecrets, redactText } from '../auth/redactSecrets.ts'
import type { Role } from '../auth/roles.ts'
import type { MarketStore } from '../marketStore.ts'
import { clientErrorResponses } from '../schemas/errorSchema.ts'
import type { QuotePlanner } from '../workers/createQuotePlanner.ts'
import { planComposite } from '../workers/planComposite.ts'
import type { PlannerBudget } from '../workers/plannerBudget.ts'

export const PlanRequestSchema = Type.Object(
  {
    ...CompositeIntentSchema.properties,
    execute: Type.Optional(Type.Boolean({ description: 'Also execute the plan (only on a service started with an executor, e.g. --devnet-dir)' })),
  },
  { additionalProperties: false, title: 'CompositeIntentRequest', description: 'A composite intent: sources, goals, deadline' },
)
type PlanRequest = Static<typeof PlanRequestSchema>

export interface PlanRoutesOptions {
  readonly store: MarketStore
  /** Signer and chains to execute on; without it `execute: true` is refused. */
  readonly execution?: { readonly targets: ExecutionTargets; readonly account: LocalAccount; readonly journalDir?: string }
  /** Plans kept for GET (oldest dropped first); default 1000. */
  readonly maxStored?: number
  /** Roles anonymous requests hold (the auth plugin's); default DEFAULT_PUBLIC_ROLES. */
  readonly publicRoles?: readonly Role[]
  /** The service's worker pool (buildServer's); without it plans are made on the event loop. */
  readonly planner?: QuotePlanner
  /** Where each plan is written (`plan-<id>.json`); without it plans live in memory only. */
  readonly plansDir?: string
  /** Planner time per client and minute, shared with /v1/quote (a composite plan costs seconds); without it unmetered. */
  readonly budget?: PlannerBudget
}

interface StoredPlan {
  readonly id: string
  readonly createdAt: string
  readonly marketVersion: string
  readonly plan: SerializedCompositePlan
  /** `interrupted`: read back after a restart while it was executing (its composite journal resumes it). */
  status: 'planned' | 'executing' | 'finished' | 'failed' | 'interrupted'
  execution?: CompositeExecutionOutcome
  error?: string
}

export const planRoutes: FastifyPluginAsync<PlanRoutesOptions> = async (app, options) => {
  const stored = new Map<string, StoredPlan>()
  const maxStored = options.maxStored ?? 1000
  const view = (entry: StoredPlan) => JSON.stringify(redactSecrets(entry))
  const publicRoles = new Set(options.publicRoles ?? DEFAULT_PUBLIC_ROLES)
  const { plansDir } = options
  if (plansDir) await mkdir(plansDir, { recursive: true })
  // Ids are ours (UUIDs): anything else is no file of ours, and never a path.
  const planFile = (id: string) => (plansDir && /^[0-9a-f-]{36}$/.test(id) ? join(plansDir, `plan-${id}.json`) : undefined)
  /** Writes the entry whole (temporary file, then rename), so a reader never sees half a plan. */
  const persist = async (entry: StoredPlan) => {
    const path = planFile(entry.id)
    if (!path) return
    await writeFile(`${path}.tmp`, view(entry))
    await rename(`${path}.tmp`, path)
  }
  const load = async (id: string): Promise<StoredPlan | undefined> => {
    const path = planFile(id)
    if (!path) return undefined
    try {
      const entry = JSON.parse(await readFile(path, 'utf8')) as StoredPlan
      // Executing in a process that has stopped: its composite journal (composite-<id>.jsonl) resumes it.
      if (entry.status === 'executing') entry.status = 'interrupted'
      return entry
    } catch {
      return undefined
    }
  }
  // Planning needs the route's role (`quote`); executing, and reading an execution, also `execute`, as /v1/executions.
  const requireExecuteRole = (request: FastifyRequest, field: string) => {
    if (publicRoles.has('execute')) return
    if (!request.apiKey) throw new ApiError('UNAUTHENTICATED', 'Executing a plan needs an API key with the role "execute" (Authorization: Bearer KEY).', 'headers.authorization')
    if (!request.apiKey.roles.includes('execute')) throw new ApiError('FORBIDDEN', `The key "${request.apiKey.id}" lacks the role "execute" needed for ${field}.`, 'headers.authorization')
  }

  app.post<{ Body: PlanRequest }>(
    '/v1/plans',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['plans'],
        summary: 'Plan a composite intent (and optionally execute it)',
        description:
          'Sources (holdings usable up to an amount) and goals (holding, lending supply, borrow with a health-factor floor and optional delivery, ERC-4626 deposit) planned jointly: one DAG of steps, one schedule, one probability that every goal holds by the deadline, and what the user holds if a leg fails. A goal that cannot be met is a 422 naming the goal and the binding constraint.',
        body: PlanRequestSchema,
        response: { ...clientErrorResponses },
      },
    },
    async (request, reply) => {
      const market = options.store.current
      const { execute, ...intentRequest } = request.body
      if (execute) requireExecuteRole(request, 'body.execute')
      if (execute && !options.execution) throw new ApiError('INVALID_REQUEST', 'This service has no executor; start it with --devnet-dir to execute plans.', 'body.execute')
      const compositeRequest = intentRequest as unknown as CompositeIntentRequest
      const client = clientIdentity(request)
      const plannerMsPerMinute = request.apiKey?.quota?.plannerMsPerMinute
      options.budget?.check(client, plannerMsPerMinute)
      const result = options.planner ? await options.planner.planComposite({ market, request: compositeRequest }) : planComposite(market, compositeRequest)
      options.budget?.charge(client, result.plannerMs, plannerMsPerMinute)
      if (result.kind === 'error') throw new BaseError(result.code, result.message, result.field === null ? {} : { field: result.field })
      if (result.kind === 'infeasible') return reply.code(422).type('application/json; charset=utf-8').send(result.body)
      const entry: StoredPlan = { id: randomUUID(), createdAt: new Date().toISOString(), marketVersion: market.version, plan: result.serialized, status: 'planned' }
      stored.set(entry.id, entry)
      if (stored.size > maxStored) stored.delete(stored.keys().next().value as string)
      if (execute && options.execution) {
        entry.status = 'executing'
        const { executeCompositePlan } = await import('../../executor/composite/executeCompositePlan.ts')
        await persist(entry)
        void executeCompositePlan({ market, plan: result.plan, ...options.execution, id: entry.id })
          .then((outcome) => {
            entry.execution = outcome
            entry.status = 'finished'
          })
          .catch((error: unknown) => {
            entry.status = 'failed'
            entry.error = redactText(error instanceof Error ? error.message : String(error))
          })
          .then(() => persist(entry))
          .catch((error: unknown) => app.log.error(`Plan ${entry.id} could not be written: ${(error as Error).message}`))
        return reply.code(202).type('application/json; charset=utf-8').send(JSON.stringify({ id: entry.id, status: entry.status, statusUrl: `/v1/plans/${entry.id}`, plan: entry.plan }))
      }
      await persist(entry)
      return reply.code(200).type('application/json; charset=utf-8').send(view(entry))
    },
  )

  app.get<{ Params: { id: string } }>(
    '/v1/plans/:id',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['plans'],
        summary: 'A stored plan and, when executed, its execution state and per-goal verdict',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { ...clientErrorResponses },
      },
    },
    async (request, reply) => {
      const entry = stored.get(request.params.id) ?? (await load(request.params.id))
      if (!entry)
        throw new ApiError(
          'UNKNOWN_EXECUTION',
          `No plan with id ${request.params.id}${plansDir ? '' : ` (plans are kept in memory, the latest ${maxStored})`}.`,
          'params.id',
        )
      if (entry.status !== 'planned') requireExecuteRole(request, 'an executed plan')
      return reply.code(200).type('application/json; charset=utf-8').send(view(entry))
    },
  )
}
