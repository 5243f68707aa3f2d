// JSON schema of the error body every 4xx/5xx response carries (see errorCatalogue.ts).
import { Type, type Static } from '@sinclair/typebox'
import { ERROR_STATUS, type ApiErrorBody } from '../errorCatalogue.ts'
import { FrontierSchema, PlanSchema } from './planSchema.ts'

const codes = Object.keys(ERROR_STATUS) as Array<keyof typeof ERROR_STATUS>

export const ErrorResponseSchema = Type.Object(
  {
    code: Type.Union(codes.map((code) => Type.Literal(code)), { description: 'Stable machine-readable error code' }),
    message: Type.String({ description: 'What went wrong, for people' }),
    field: Type.Union([Type.String(), Type.Null()], { description: 'Path of the offending input, e.g. body.from.token' }),
  },
  { additionalProperties: false, description: 'Error' },
)

/** 422 from /v1/quote: the planner's reason, and the best plan it found when one exists. */
export const QuoteErrorResponseSchema = Type.Object(
  {
    ...ErrorResponseSchema.properties,
    marketVersion: Type.Optional(Type.String()),
    bestPlan: Type.Optional(PlanSchema),
    frontier: Type.Optional(FrontierSchema),
  },
  { additionalProperties: false, description: 'No route, or no plan meets the constraints' },
)

/** Response schemas shared by every route for the client errors they can return. */
export const clientErrorResponses = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  413: ErrorResponseSchema,
  415: ErrorResponseSchema,
  429: ErrorResponseSchema,
} as const

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// Compile-time guard: the schema and the type the catalogue produces stay the same shape.
export const errorSchemaMatchesType: Same<Static<typeof ErrorResponseSchema>, ApiErrorBody> = true
