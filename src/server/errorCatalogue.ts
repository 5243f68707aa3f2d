// The one place where errors become HTTP responses: Accord error codes and fastify's own errors
// (schema validation, body parsing, rate limiting) map to a status and a `{ code, message, field }` body.
import { BaseError, type ErrorCode } from '../../solver/errors.ts'
import { ERROR_TABLE } from '../errors/errorTable.ts'
import { toFieldPath } from '../market/validateSchema.ts'

/** Every code of the error tree; the HTTP layer's own (INVALID_REQUEST, RATE_LIMITED, …) are among them. */
export type ApiErrorCode = ErrorCode

/** HTTP status of every code, from the one table (src/errors/errorTable.ts). */
export const ERROR_STATUS: Readonly<Record<ApiErrorCode, number>> = Object.fromEntries(
  Object.entries(ERROR_TABLE).map(([code, meaning]) => [code, meaning.status]),
) as Record<ApiErrorCode, number>

/** The body of every error response. `field` is the path of the offending input (`body.from.token`), or null. */
export interface ApiErrorBody {
  readonly code: ApiErrorCode
  readonly message: string
  readonly field: string | null
}

export interface ApiErrorResponse {
  readonly statusCode: number
  readonly body: ApiErrorBody
}

/** An error raised by the HTTP layer itself (not by the planner), e.g. the rate limiter: a BaseError with its status. */
export class ApiError extends BaseError {
  override name = 'ApiError'
  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(code, message, field === undefined ? {} : { field })
  }

  /** Read by fastify plugins that inspect a thrown error's status (the rate limiter). */
  get statusCode(): number {
    return ERROR_STATUS[this.code]
  }
}

/** fastify's own error codes (https://fastify.dev/docs/latest/Reference/Errors/) that are client mistakes. */
const FASTIFY_ERRORS: Readonly<Record<string, ApiErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
}

interface ValidationIssue {
  readonly keyword: string
  readonly instancePath: string
  readonly params: Record<string, unknown>
  readonly message?: string
}

interface FastifyLikeError {
  readonly code?: unknown
  readonly statusCode?: unknown
  readonly message?: unknown
  readonly validation?: readonly ValidationIssue[]
  readonly validationContext?: string
}

function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code)
}

/**
 * A schema failure as `{ field, message }`: the first issue ajv reports, with the missing or unknown
 * property appended to the path, and one message for a failed `anyOf` (e.g. chain: name or id).
 */
function describeValidation(issues: readonly ValidationIssue[], context: string): { field: string; message: string } {
  const first = issues[0]
  if (!first) return { field: context, message: `${context} is invalid` }
  let path = first.instancePath
  let message = first.message ?? 'is invalid'
  if (first.keyword === 'required') {
    path += `/${String(first.params.missingProperty)}`
    message = 'is required'
  } else if (first.keyword === 'additionalProperties') {
    path += `/${String(first.params.additionalProperty)}`
    message = 'is not a known field'
  } else if (first.keyword === 'discriminator') {
    const tag = String(first.params.tag)
    path += `/${tag}`
    message = first.params.tagValue === undefined ? 'is required' : `${JSON.stringify(first.params.tagValue)} is not a known ${tag}`
  } else if (issues.some((issue) => issue.keyword === 'anyOf' && issue.instancePath === first.instancePath)) {
    message = 'has the wrong type or value'
  }
  const field = toFieldPath(path, context)
  return { field, message: `${field} ${message}.` }
}

/**
 * Maps anything a route or fastify throws to a status and body. Accord errors keep their code, message
 * and field; fastify's validation errors become INVALID_REQUEST with the field path; anything unknown
 * is a 500 whose message reveals nothing internal.
 */
export function toApiErrorResponse(error: unknown): ApiErrorResponse {
  if (error instanceof BaseError) {
    return { statusCode: ERROR_STATUS[error.code], body: { code: error.code, message: error.shortMessage, field: error.field ?? null } }
  }
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError
  if (candidate.validation) {
    // fastify names the query string `querystring`; routes report query fields as `query.chain`.
    const context = candidate.validationContext === 'querystring' ? 'query' : (candidate.validationContext ?? 'body')
    const { field, message } = describeValidation(candidate.validation, context)
    return { statusCode: 400, body: { code: 'INVALID_REQUEST', message, field } }
  }
  const message = typeof candidate.message === 'string' ? candidate.message : 'Invalid request.'
  if (typeof candidate.code === 'string' && Object.hasOwn(FASTIFY_ERRORS, candidate.code)) {
    const code = FASTIFY_ERRORS[candidate.code]!
    return { statusCode: ERROR_STATUS[code], body: { code, message, field: code === 'UNSUPPORTED_MEDIA_TYPE' ? 'headers.content-type' : 'body' } }
  }
  if (isApiErrorCode(candidate.code) && ERROR_STATUS[candidate.code] < 500)
    return { statusCode: ERROR_STATUS[candidate.code], body: { code: candidate.code, message, field: null } }
  const statusCode = typeof candidate.statusCode === 'number' ? candidate.statusCode : 500
  if (statusCode === 429) return { statusCode, body: { code: 'RATE_LIMITED', message, field: null } }
  // Other client errors fastify raises (bad JSON from secure-json-parse, proto poisoning, malformed URL).
  if (statusCode >= 400 && statusCode < 500)
    return { statusCode, body: { code: error instanceof SyntaxError ? 'INVALID_JSON' : 'INVALID_REQUEST', message, field: null } }
  return { statusCode: 500, body: { code: 'INTERNAL', message: 'Internal server error.', field: null } }
}

/** Re-roots an Accord error's field path (`amount` → `body.amount`), keeping code and message; errors without a field pass through. */
export function withFieldRoot(error: unknown, root: string): unknown {
  if (!(error instanceof BaseError) || !error.field || error.field === root || error.field.startsWith(`${root}.`)) return error
  return new BaseError(error.code, error.shortMessage, {
    field: `${root}.${error.field}`,
    cause: error,
    ...(error.details === undefined ? {} : { details: error.details }),
  })
}
