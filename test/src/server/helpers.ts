// Shared by the server tests: the small market (as a file and as a Market), a known-good intent,
// and ajv validators for the documented response schemas.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import AjvModule from 'ajv'
import type { TSchema } from '@sinclair/typebox'
import type { Market } from '../../../solver/market/types.ts'
import type { MarketFile } from '../../../src/market/marketSchema.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { ROLES } from '../../../src/server/auth/roles.ts'

export const SMALL_MARKET_FILE = fileURLToPath(new URL('../../../fixtures/markets/small.json', import.meta.url))

/** A fresh copy of the small market's JSON, to edit independently of the server. */
export function readSmallMarketFile(): MarketFile {
  return JSON.parse(readFileSync(SMALL_MARKET_FILE, 'utf8')) as MarketFile
}

export function loadSmallMarket(): Market {
  return parseMarket(readSmallMarketFile())
}

/** USDC on Base → WETH on Arbitrum: needs a bridge and a swap, so plans differ in speed, cost and risk. */
export const BASE_USDC_TO_ARB_WETH = {
  from: { chain: 'base', token: 'USDC' },
  to: { chain: 'arbitrum', token: 'WETH' },
  amount: '250000',
  deadlineSeconds: 3600,
} as const

const Ajv = AjvModule as unknown as typeof AjvModule.default
const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true })
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value))

/** Validates `value` against a documented schema; returns ajv's errors as text, or '' when it matches. */
export function schemaErrors(schema: TSchema, value: unknown): string {
  const validate = ajv.compile(schema)
  return validate(value) ? '' : ajv.errorsText(validate.errors)
}

/** Every role public: for tests of what routes do, not of who may call them (auth.test.ts covers that). */
export const OPEN_AUTH = { keys: [], publicRoles: ROLES }
