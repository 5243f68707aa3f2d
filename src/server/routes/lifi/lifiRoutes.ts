// The LI.FI-compatible API, mounted at /lifi/v1 so that `@lifi/sdk`'s `createClient({ apiUrl:
// 'http://host:8080/lifi/v1' })` works unchanged: GET /chains, /tokens, /tools, /quote, /status and
// POST /advanced/routes and /advanced/stepTransaction with LI.FI's parameter names and units (raw `fromAmount`, `slippage` as a
// fraction, `order`, allow/deny bridges and exchanges) and its response types (@lifi/types,
// github.com/lifinance/types src/api.ts and src/step.ts; the requests as github.com/lifinance/sdk
// src/actions/*.ts sends them). Quotes are reads (role `quote`, as POST /v1/quote); the catalogue and
// /status are open. Transactions to sign are built when the request names `fromAddress` and the
// service knows the contracts of every step's chain (`accord serve --devnet-dir`).
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { ChainsResponse, LiFiStep, RoutesResponse, StatusResponse, ToolsResponse, TokensResponse, Token as LifiToken } from '@lifi/types'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { createHash } from 'node:crypto'
import { getAddress, isAddress, isHash, type Address, type Hash } from 'viem'
import { BaseError } from '../../../../solver/errors.ts'
import { isNativeTokenAddress, resolveNetwork, indexMarket } from '../../../../solver/market/indexMarket.ts'
import type { Market, Venue } from '../../../../solver/market/types.ts'
import { MAX_ALTERNATIVES } from '../../../../solver/model/intentLimits.ts'
import { resolveIntentRequest, type IntentRequest } from '../../../../solver/plan/resolveIntentRequest.ts'
import type { ExecutionTargets } from '../../../executor/chainEnvironment.ts'
import { toLifiQuoteStep, toLifiRoute, type ToLifiParameters } from '../../../format/lifi/toLifiRoute.ts'
import { nativeLifiToken, toLifiChain, toLifiToken } from '../../../format/lifi/toLifiToken.ts'
import type { SerializedPlan } from '../../../format/serializePlan.ts'
import { buildStepTransactions } from '../../../transactions/buildStepTransactions.ts'
import { createStatusClients, readTransferStatus } from '../../../transactions/readTransferStatus.ts'
import { clientIdentity } from '../../auth/authPlugin.ts'
import { ApiError } from '../../errorCatalogue.ts'
import type { MarketStore } from '../../marketStore.ts'
import type { QuoteResponse } from '../quote.ts'
import { ErrorResponseSchema, clientErrorResponses } from '../../schemas/errorSchema.ts'
import { ChainsResponseSchema, LifiStepSchema, RoutesResponseSchema, StatusResponseSchema, TokensResponseSchema, ToolsResponseSchema } from './lifiResponseSchemas.ts'
import { planLifiIntent, type LifiPlanningContext } from './planLifiIntent.ts'
import { populateStepTransaction } from './populateStepTransaction.ts'

export const LIFI_PREFIX = '/lifi/v1'

export interface LifiRoutesOptions extends LifiPlanningContext {
  readonly store: MarketStore
  /** Contracts and nodes per chain: transactions to sign and /status need them. */
  readonly targets?: ExecutionTargets
}

/** LI.FI's default slippage for /quote, 0.5 % (li.quest API reference), which is Accord's default 50 bp too. */
const DEFAULT_SLIPPAGE = 0.005

const Text = Type.String({ maxLength: 2000 })
const QuoteQuery = Type.Object(
  {
    fromChain: Type.String({ minLength: 1, maxLength: 64, description: 'Chain id or Accord network name' }),
    toChain: Type.String({ minLength: 1, maxLength: 64 }),
    fromToken: Type.String({ minLength: 1, maxLength: 64, description: 'Address or symbol; the native coin as 0x0000…0000 or 0xEeee…EEeE' }),
    toToken: Type.String({ minLength: 1, maxLength: 64 }),
    fromAmount: Type.String({ pattern: '^[0-9]{1,78}$', description: 'Raw units of fromToken' }),
    fromAddress: Type.Optional(Type.String({ maxLength: 64, description: 'The signer: with it, every step carries its transactionRequest' })),
    toAddress: Type.Optional(Type.String({ maxLength: 64 })),
    slippage: Type.Optional(Type.String({ pattern: '^(0|0?\\.[0-9]{1,6})$', description: 'Fraction, 0.005 = 0.5 % (default)' })),
    order: Type.Optional(Type.Union(['RECOMMENDED', 'FASTEST', 'CHEAPEST', 'SAFEST'].map((order) => Type.Literal(order)))),
    allowBridges: Type.Optional(Text),
    denyBridges: Type.Optional(Text),
    allowExchanges: Type.Optional(Text),
    denyExchanges: Type.Optional(Text),
    fee: Type.Optional(Type.String({ maxLength: 32 })),
    deadlineSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Accord extension: everything delivered within this many seconds' })),
  },
  { additionalProperties: true },
)
type QuoteQueryType = Static<typeof QuoteQuery>

const AllowDeny = Type.Object({ allow: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 })), deny: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 64 })) }, { additionalProperties: true })
const RoutesBody = Type.Object(
  {
    fromChainId: Type.Integer({ minimum: 1 }),
    fromAmount: Type.String({ pattern: '^[0-9]{1,78}$' }),
    fromTokenAddress: Type.String({ minLength: 1, maxLength: 64 }),
    fromAddress: Type.Optional(Type.String({ maxLength: 64 })),
    toChainId: Type.Integer({ minimum: 1 }),
    toTokenAddress: Type.String({ minLength: 1, maxLength: 64 }),
    toAddress: Type.Optional(Type.String({ maxLength: 64 })),
    options: Type.Optional(
      Type.Object(
        {
          slippage: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
          order: Type.Optional(Type.Union(['RECOMMENDED', 'FASTEST', 'CHEAPEST', 'SAFEST'].map((order) => Type.Literal(order)))),
          bridges: Type.Optional(AllowDeny),
          exchanges: Type.Optional(AllowDeny),
          fee: Type.Optional(Type.Number({ minimum: 0 })),
          deadlineSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 604_800 })),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
)
type RoutesBodyType = Static<typeof RoutesBody>

const StepToken = Type.Object({ address: Type.String({ minLength: 1, maxLength: 64 }), chainId: Type.Optional(Type.Integer()), symbol: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true })
/** A LiFiStep as a route gave it (@lifi/types src/step.ts): only what the transaction is built from is checked here. */
const StepBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 200 })),
    type: Type.String({ maxLength: 32 }),
    tool: Type.String({ minLength: 1, maxLength: 200 }),
    action: Type.Object(
      {
        fromChainId: Type.Integer({ minimum: 1 }),
        fromAmount: Type.String({ pattern: '^[0-9]{1,78}$' }),
        fromToken: StepToken,
        toChainId: Type.Integer({ minimum: 1 }),
        toToken: StepToken,
        slippage: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
        fromAddress: Type.Optional(Type.String({ maxLength: 64 })),
        toAddress: Type.Optional(Type.String({ maxLength: 64 })),
      },
      { additionalProperties: true },
    ),
    estimate: Type.Object({ gasCosts: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 16 })) }, { additionalProperties: true }),
    includedSteps: Type.Optional(Type.Array(Type.Object({ tool: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: true }), { maxItems: 64 })),
  },
  { additionalProperties: true },
)
type StepBodyType = Static<typeof StepBody>

const StatusQuery = Type.Object(
  { txHash: Type.String({ maxLength: 80 }), fromChain: Type.Optional(Type.String({ maxLength: 64 })), toChain: Type.Optional(Type.String({ maxLength: 64 })), bridge: Type.Optional(Type.String({ maxLength: 128 })) },
  { additionalProperties: true },
)
const ChainsQuery = Type.Object({ chainTypes: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true })
const TokensQuery = Type.Object({ chains: Type.Optional(Type.String({ maxLength: 2000 })), chainTypes: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true })

/** A common LI.FI request, in Accord's terms. */
interface LifiRequest {
  readonly intent: IntentRequest
  readonly fromAddress?: Address
  readonly toAddress?: Address
  readonly slippage: number
  readonly order: string
  readonly allowExchanges?: readonly string[]
  readonly denyExchanges?: readonly string[]
  readonly fee?: number
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter((item) => item !== ''))

function address(value: string | undefined, field: string): Address | undefined {
  if (value === undefined) return undefined
  if (!isAddress(value, { strict: false })) throw new ApiError('INVALID_REQUEST', `${field.split('.').pop()} must be a 20-byte hex address, got "${value}".`, field)
  return getAddress(value)
}

export const lifiRoutes: FastifyPluginAsync<LifiRoutesOptions> = async (app, options) => {
  const { store, targets } = options
  const statusClients = targets ? createStatusClients(targets) : undefined

  app.get<{ Querystring: Static<typeof ChainsQuery> }>(
    '/chains',
    { schema: { tags: ['lifi'], summary: 'LI.FI getChains: the networks of the market as EVM chains', querystring: ChainsQuery, response: { 200: ChainsResponseSchema, ...clientErrorResponses } } },
    async (request): Promise<ChainsResponse> => {
      const types = list(request.query.chainTypes)
      if (types && !types.includes('EVM')) return { chains: [] }
      return {
        chains: store.current.networks.map((network) => {
          const chain = targets?.chains.get(network.chainId)
          return toLifiChain(network, chain?.rpcUrl || undefined, chain?.devnet !== true)
        }),
      }
    },
  )

  app.get<{ Querystring: Static<typeof TokensQuery> }>(
    '/tokens',
    { schema: { tags: ['lifi'], summary: 'LI.FI getTokens: the tokens of the market per chain id (`chains` = ids or names, comma-separated)', querystring: TokensQuery, response: { 200: TokensResponseSchema, ...clientErrorResponses } } },
    async (request): Promise<TokensResponse> => {
      const market = store.current
      const index = indexMarket(market)
      const types = list(request.query.chainTypes)
      if (types && !types.includes('EVM')) return { tokens: {} }
      const chains = list(request.query.chains)?.map((chain, i) => resolveNetwork(index, chain, `query.chains[${i}]`)) ?? market.networks
      const tokens: Record<number, LifiToken[]> = {}
      for (const network of chains) tokens[network.chainId] = [nativeLifiToken(network), ...market.tokens.filter((token) => token.chainId === network.chainId).map(toLifiToken)]
      return { tokens }
    },
  )

  app.get('/tools', { schema: { tags: ['lifi'], summary: 'LI.FI getTools: bridges (by venue id) and exchanges (by pool id)', response: { 200: ToolsResponseSchema } } }, async (): Promise<ToolsResponse> => {
    const market = store.current
    const bridges = market.venues.filter((venue): venue is Extract<Venue, { kind: 'bridge' }> => venue.kind === 'bridge')
    return {
      bridges: bridges.map((bridge) => ({ key: bridge.id, name: `${bridge.protocol} ${bridge.id}`, logoURI: '', supportedChains: [{ fromChainId: bridge.from.chainId, toChainId: bridge.to.chainId }] })),
      exchanges: market.venues.filter((venue) => venue.kind !== 'bridge').map((pool) => ({ key: pool.id, name: pool.id, logoURI: '', supportedChains: [pool.chainId] })),
    }
  })

  const plan = async (request: FastifyRequest, reply: FastifyReply, lifi: LifiRequest, root: string) => {
    if (lifi.fee !== undefined && lifi.fee !== 0) throw new ApiError('INVALID_REQUEST', 'Integrator fees are not supported: Accord takes none.', `${root}.fee`)
    const restricted = lifi.allowExchanges || lifi.denyExchanges
    const { market, quote, cache } = await planLifiIntent(options, {
      currentMarket: () => store.current,
      resolveIntent: (market) => resolveIntentRequest(market, lifi.intent, root),
      maxAlternatives: MAX_ALTERNATIVES,
      client: clientIdentity(request),
      ...(request.apiKey?.quota?.plannerMsPerMinute === undefined ? {} : { plannerMsPerMinute: request.apiKey.quota.plannerMsPerMinute }),
      ...(restricted ? { restrict: (market: Market) => withoutExchanges(market, lifi.allowExchanges, lifi.denyExchanges) } : {}),
    })
    reply.header('x-accord-cache', cache)
    return { market, quote }
  }

  /** The LI.FI shapes' inputs for one plan of the quote; with transactions when the signer and the contracts are known. */
  const lifiParameters = (market: Market, quote: QuoteResponse, serialized: SerializedPlan, labels: readonly string[], lifi: LifiRequest, root: string): ToLifiParameters => {
    let transactions
    if (lifi.fromAddress !== undefined && targets) {
      // The native coin is quoted as its wrapped token: the signer wraps it first or unwraps the output last.
      const wrapInput = isNativeTokenAddress(lifi.intent.from.token)
      const unwrapOutput = isNativeTokenAddress(lifi.intent.to.token)
      for (const side of ['from', 'to'] as const) {
        const wanted = side === 'from' ? wrapInput : unwrapOutput
        const asset = serialized[side]
        const wrappedNative = targets.chains.get(asset.chainId)?.wrappedNative
        if (wanted && wrappedNative?.toLowerCase() !== asset.token.toLowerCase())
          throw new ApiError(
            'INVALID_REQUEST',
            `The native coin is quoted as ${asset.symbol} (${asset.token}), which is not a WETH9 this service knows on chain ${asset.chainId}: it cannot ${side === 'from' ? 'wrap' : 'unwrap'} it. Ask for ${asset.symbol} instead.`,
            `${root}.${side === 'from' ? 'fromToken' : 'toToken'}`,
          )
      }
      if (unwrapOutput && lifi.toAddress !== undefined && lifi.toAddress !== lifi.fromAddress)
        throw new ApiError('INVALID_REQUEST', `The output is unwrapped by WETH9.withdraw, which pays the signer: toAddress must be fromAddress for native ${serialized.to.symbol.replace(/^W/, '')}, or ask for ${serialized.to.symbol} (${serialized.to.token}).`, `${root}.toAddress`)
      transactions = buildStepTransactions({
        market,
        plan: serialized,
        targets,
        fromAddress: lifi.fromAddress,
        ...(lifi.toAddress ? { toAddress: lifi.toAddress } : {}),
        slippage: lifi.slippage,
        nowSeconds: Math.floor(Date.now() / 1000),
        wrapInput,
        unwrapOutput,
      })
    }
    return {
      market,
      plan: serialized,
      ...(transactions ? { transactions } : {}),
      ...(lifi.fromAddress ? { fromAddress: lifi.fromAddress } : {}),
      ...(lifi.toAddress ? { toAddress: lifi.toAddress } : {}),
      slippage: lifi.slippage,
      extension: { quoteId: quote.quoteId, marketVersion: quote.marketVersion, expiresAt: quote.expiresAt, labels, frontier: quote.frontier },
    }
  }

  app.get<{ Querystring: QuoteQueryType }>(
    '/quote',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['lifi'],
        summary: 'LI.FI getQuote: the plan as one LiFiStep whose includedSteps are its steps (each with its transactionRequest)',
        description:
          'Accord plans are one transaction per step, so the step\'s own `transactionRequest` is present only for a one-step plan; `accord.transactions` lists every approval and step transaction in the order to send them. `order`: RECOMMENDED and SAFEST answer the most likely plan, CHEAPEST and FASTEST the alternative with that label when there is one.',
        querystring: QuoteQuery,
        response: { 200: LifiStepSchema, ...clientErrorResponses, 422: ErrorResponseSchema, 503: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const query = request.query
      const lifi = lifiRequestFromQuery(query)
      const { market, quote } = await plan(request, reply, lifi, 'query')
      const candidates = [{ labels: ['best', ...quote.labels], plan: quote.plan }, ...quote.alternatives]
      const wanted = lifi.order === 'CHEAPEST' ? 'cheapest' : lifi.order === 'FASTEST' ? 'fastest' : 'best'
      const chosen = candidates.find((candidate) => candidate.labels.includes(wanted)) ?? candidates[0]!
      return toLifiQuoteStep(lifiParameters(market, quote, chosen.plan, chosen.labels, lifi, 'query'))
    },
  )

  app.post<{ Body: RoutesBodyType }>(
    '/advanced/routes',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['lifi'],
        summary: 'LI.FI getRoutes: the plan and its alternatives as Routes, one LiFiStep per transaction',
        description: '`options.order` sorts the routes: RECOMMENDED (default) and SAFEST by outcome probability, CHEAPEST by toAmount, FASTEST by executionDuration.',
        body: RoutesBody,
        response: { 200: RoutesResponseSchema, ...clientErrorResponses, 422: ErrorResponseSchema, 503: ErrorResponseSchema },
      },
    },
    async (request, reply): Promise<RoutesResponse> => {
      const body = request.body
      const lifi = lifiRequestFromRoutesBody(body)
      const { market, quote } = await plan(request, reply, lifi, 'body')
      const candidates = [{ labels: ['best', ...quote.labels], plan: quote.plan }, ...quote.alternatives]
      const routes = candidates.map((candidate, i) => toLifiRoute(lifiParameters(market, quote, candidate.plan, candidate.labels, lifi, 'body'), `${quote.quoteId}:${i}`))
      const order = lifi.order
      if (order === 'CHEAPEST') routes.sort((a, b) => (BigInt(b.toAmount) > BigInt(a.toAmount) ? 1 : BigInt(b.toAmount) < BigInt(a.toAmount) ? -1 : 0))
      else if (order === 'FASTEST') routes.sort((a, b) => a.accord.expectedDurationSeconds - b.accord.expectedDurationSeconds)
      else if (order === 'SAFEST') routes.sort((a, b) => b.accord.outcomeProbability.total - a.accord.outcomeProbability.total)
      return { routes, unavailableRoutes: { filteredOut: [], failed: [] } }
    },
  )

  app.post<{ Body: StepBodyType }>(
    '/advanced/stepTransaction',
    {
      config: { role: 'quote' },
      schema: {
        tags: ['lifi'],
        summary: 'LI.FI getStepTransaction: one step of a route, re-quoted for its action.fromAmount, with its transactionRequest',
        description:
          'The SDK\'s executor sends each route step that has no `transactionRequest` here, with `action.fromAmount` set to what the step before it delivered. The step is re-quoted on the current market (its `tool` is the venue id, or `wrap`/`unwrap` for WETH9), and returned with `transactionRequest`, `estimate.toAmount`/`toAmountMin` and `estimate.approvalAddress` (the contract the signer approves for `fromAmount`). A `GET /quote` step of several transactions is refused: its steps are in `accord.transactions`.',
        body: StepBody,
        response: { 200: LifiStepSchema, ...clientErrorResponses, 422: ErrorResponseSchema },
      },
    },
    async (request): Promise<LiFiStep> => {
      if (!targets) throw new ApiError('UNKNOWN_NETWORK', 'This service knows no contracts to call (start it with --devnet-dir): it cannot build transactions.', 'body.action.fromChainId')
      const populated = populateStepTransaction({ market: store.current, targets, step: request.body as unknown as LiFiStep, nowSeconds: Math.floor(Date.now() / 1000) })
      // The step's own fields pass through: one a LiFiStep must carry (toolDetails, estimate.tool, full
      // tokens…) and the request lacked is the client's error, named by its path, not a failed reply.
      const missing = Value.Errors(LifiStepSchema, JSON.parse(JSON.stringify(populated, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))).First()
      if (missing)
        throw new ApiError('INVALID_REQUEST', `The step is not a complete LiFiStep as /advanced/routes returns it: ${missing.path || '/'} ${missing.message.toLowerCase()}.`, `body${missing.path.replace(/\//g, '.')}`)
      return populated
    },
  )

  app.get<{ Querystring: Static<typeof StatusQuery> }>(
    '/status',
    {
      schema: {
        tags: ['lifi'],
        summary: 'LI.FI getStatus: a transaction sent from a quote, read from the chain (a deposit: until its fill)',
        querystring: StatusQuery,
        response: { 200: StatusResponseSchema, ...clientErrorResponses },
      },
    },
    async (request): Promise<StatusResponse> => {
      const { txHash, fromChain } = request.query
      if (!isHash(txHash)) throw new ApiError('INVALID_REQUEST', `txHash must be a 32-byte hex hash, got "${txHash}".`, 'query.txHash')
      if (!targets || !statusClients) throw new ApiError('UNKNOWN_NETWORK', 'This service reads no chains (start it with --devnet-dir): it cannot look transactions up.', 'query.fromChain')
      const chainId = fromChain === undefined ? undefined : resolveNetwork(indexMarket(store.current), fromChain, 'query.fromChain').chainId
      const status = await readTransferStatus(targets, statusClients, txHash as Hash, chainId)
      return toLifiStatus(status, request.query.bridge)
    },
  )
}

function lifiRequestFromQuery(query: QuoteQueryType): LifiRequest {
  const slippage = query.slippage === undefined ? DEFAULT_SLIPPAGE : Number(query.slippage)
  const allowBridges = list(query.allowBridges)
  const denyBridges = list(query.denyBridges)
  const fromAddress = address(query.fromAddress, 'query.fromAddress')
  const toAddress = address(query.toAddress, 'query.toAddress')
  const allowExchanges = list(query.allowExchanges)
  const denyExchanges = list(query.denyExchanges)
  return {
    intent: {
      from: { chain: query.fromChain, token: query.fromToken },
      to: { chain: query.toChain, token: query.toToken },
      amountRaw: query.fromAmount,
      maxSlippageBps: Math.round(slippage * 10_000),
      ...(allowBridges ? { allowBridges } : {}),
      ...(denyBridges ? { denyBridges } : {}),
      ...(query.deadlineSeconds === undefined ? {} : { deadlineSeconds: Number(query.deadlineSeconds) }),
    },
    ...(fromAddress ? { fromAddress } : {}),
    ...(toAddress ? { toAddress } : {}),
    slippage,
    order: query.order ?? 'RECOMMENDED',
    ...(allowExchanges ? { allowExchanges } : {}),
    ...(denyExchanges ? { denyExchanges } : {}),
    ...(query.fee === undefined ? {} : { fee: Number(query.fee) }),
  }
}

function lifiRequestFromRoutesBody(body: RoutesBodyType): LifiRequest {
  const options = body.options ?? {}
  const slippage = options.slippage ?? DEFAULT_SLIPPAGE
  const fromAddress = address(body.fromAddress, 'body.fromAddress')
  const toAddress = address(body.toAddress, 'body.toAddress')
  return {
    intent: {
      from: { chain: body.fromChainId, token: body.fromTokenAddress },
      to: { chain: body.toChainId, token: body.toTokenAddress },
      amountRaw: body.fromAmount,
      maxSlippageBps: Math.round(slippage * 10_000),
      ...(options.bridges?.allow ? { allowBridges: options.bridges.allow } : {}),
      ...(options.bridges?.deny ? { denyBridges: options.bridges.deny } : {}),
      ...(options.deadlineSeconds === undefined ? {} : { deadlineSeconds: options.deadlineSeconds }),
    },
    ...(fromAddress ? { fromAddress } : {}),
    ...(toAddress ? { toAddress } : {}),
    slippage,
    order: options.order ?? 'RECOMMENDED',
    ...(options.exchanges?.allow ? { allowExchanges: options.exchanges.allow } : {}),
    ...(options.exchanges?.deny ? { denyExchanges: options.exchanges.deny } : {}),
    ...(options.fee === undefined ? {} : { fee: options.fee }),
  }
}

/** The market without the pools the lists leave out (an exchange is a pool id; bridges stay). */
function withoutExchanges(market: Market, allow: readonly string[] | undefined, deny: readonly string[] | undefined): Market {
  const allowed = allow ? new Set(allow) : undefined
  const denied = new Set(deny ?? [])
  const venues = market.venues.filter((venue) => venue.kind === 'bridge' || ((allowed === undefined || allowed.has(venue.id)) && !denied.has(venue.id)))
  // The version names the pools kept, so the cache never mixes two lists' plans.
  const digest = createHash('sha256').update(venues.map((venue) => venue.id).join('\n')).digest('hex').slice(0, 16)
  return { ...market, venues, version: `${market.version}+exchanges:${digest}` }
}

const txLink = () => ''

function toLifiStatus(status: Awaited<ReturnType<typeof readTransferStatus>>, bridge: string | undefined): StatusResponse {
  if (status.status === 'NOT_FOUND') return { status: 'NOT_FOUND', substatusMessage: `No transaction ${status.txHash} on the chains this service reads.` } as unknown as StatusResponse
  const sending = { txHash: status.sending.txHash, chainId: status.sending.chainId, txLink: txLink() }
  if (status.status === 'FAILED') return { status: 'FAILED', substatus: status.substatus, substatusMessage: 'The transaction reverted.', sending }
  if (status.status === 'PENDING')
    return {
      status: 'PENDING',
      substatus: status.substatus,
      substatusMessage: status.substatus === 'WAIT_SOURCE_CONFIRMATIONS' ? 'The transaction is not included yet.' : 'The bridge has not filled the deposit yet.',
      tool: bridge ?? 'accord',
      sending,
      receiving: { chainId: status.receivingChainId },
    }
  return {
    status: 'DONE',
    substatus: status.substatus,
    substatusMessage: status.substatus === 'REFUNDED' ? 'The bridge refunded the deposit on the origin chain.' : 'The transfer is complete.',
    tool: bridge ?? 'accord',
    sending,
    receiving: {
      chainId: status.receiving.chainId,
      txHash: status.receiving.txHash,
      txLink: txLink(),
      ...(status.receiving.amountRaw === undefined ? {} : { amount: status.receiving.amountRaw.toString() }),
    },
  } as StatusResponse
}
