// Compiles TypeBox/JSON schemas with ajv and turns the most specific failure into an Accord error
// whose `field` is a readable path (`pools[3].reserve0`).
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv'
import type { TSchema } from '@sinclair/typebox'
import { BaseError, type ErrorCode } from '../../solver/errors.ts'

const Ajv = AjvModule as unknown as typeof AjvModule.default
// `verbose` puts `parentSchema` on each error, which describe() needs for the schema's `description`.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true })
const compiled = new WeakMap<TSchema, ValidateFunction>()

/** `/pools/3/reserve0` → `pools[3].reserve0`, prefixed with `root` when given. */
export function toFieldPath(instancePath: string, root = ''): string {
  let path = root
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~')
    path += /^\d+$/.test(key) ? `[${key}]` : path ? `.${key}` : key
  }
  return path
}

/** Picks the error a person should see: drop union branches whose discriminating `kind` did not match, then the deepest. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const rejectedBranches = new Set<string>()
  for (const error of errors) {
    if (error.keyword === 'const' && error.instancePath.endsWith('/kind')) {
      const branch = /^(.*\/anyOf\/\d+)\//.exec(error.schemaPath)
      if (branch?.[1]) rejectedBranches.add(`${error.instancePath.slice(0, -'/kind'.length)}|${branch[1]}`)
    }
  }
  const relevant = errors.filter((error) => {
    if (error.keyword === 'anyOf') return false
    for (const key of rejectedBranches) {
      const [instance, branch] = key.split('|') as [string, string]
      if (error.instancePath.startsWith(instance) && error.schemaPath.startsWith(`${branch}/`)) return false
    }
    return true
  })
  const pool = relevant.length > 0 ? relevant : errors
  return pool.reduce((best, error) => (error.instancePath.length > best.instancePath.length ? error : best))
}

function describe(error: ErrorObject, errors: readonly ErrorObject[]): { message: string; field: string } {
  let instancePath = error.instancePath
  let message = error.message ?? 'is invalid'
  if (error.keyword === 'const') {
    // A union discriminated by a constant (`kind`): name every value some branch accepts.
    const allowed = errors
      .filter((other) => other.keyword === 'const' && other.instancePath === error.instancePath)
      .map((other) => JSON.stringify((other.params as { allowedValue: unknown }).allowedValue))
    message = allowed.length > 1 ? `must be one of ${[...new Set(allowed)].join(', ')}` : `must be ${allowed[0]}`
  } else if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty
    instancePath += `/${missing}`
    message = 'is required'
  } else if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty
    instancePath += `/${extra}`
    message = 'is not a known field'
  } else if (error.keyword === 'pattern' && error.parentSchema && 'description' in error.parentSchema) {
    message = `must be ${String((error.parentSchema as { description: string }).description).toLowerCase()}`
  }
  return { message, field: instancePath }
}

/**
 * Validates `value` against `schema`; throws a BaseError with `code` and the offending field path.
 * `root` prefixes the path (`body`, `intents[2]`).
 */
export function assertMatchesSchema<T>(schema: TSchema, value: unknown, code: ErrorCode, what: string, root = ''): asserts value is T {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (validate(value)) return
  const errors = validate.errors ?? []
  const { message, field: instancePath } = describe(mostSpecific(errors), errors)
  const field = toFieldPath(instancePath, root) || root || undefined
  throw new BaseError(code, `Invalid ${what}: ${field ?? 'value'} ${message}.`, { field })
}
