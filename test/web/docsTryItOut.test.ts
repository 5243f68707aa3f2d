// Swagger UI at /docs in real headless Chromium, used as a newcomer would: open "Plan an intent",
// press "Try it out" and "Execute" without editing the example body, and get a 200; the example
// response it shows has no negative raw amount.
import { existsSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../src/server/buildServer.ts'
import { loadMarketFile } from '../../src/market/loadMarketFile.ts'
import { DEFAULT_MARKET_FILE } from '../../src/config/defaults.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? '/usr/bin/chromium'

let browser: Browser
let app: FastifyInstance
let url: string

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  app = buildServer({ market: await loadMarketFile(DEFAULT_MARKET_FILE), rateLimit: false })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('Swagger UI', () => {
  it('sends the example body of POST /v1/quote as it is and gets a 200', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } })
    await page.goto(`${url}/docs/#/quote/createQuote`)
    const operation = page.locator('#operations-quote-createQuote')
    await operation.locator('.try-out__btn').click()
    // The example response of the 200 answer, as Swagger UI shows it beside the request.
    const exampleText = (await operation.locator('.responses-table .response').first().textContent()) ?? ''
    expect(exampleText).toContain('"raw"')
    expect(exampleText).not.toMatch(/"raw":\s*"-/)
    await operation.locator('.execute').click()
    const status = operation.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 60_000 })
    expect((await status.textContent())?.trim()).toBe('200')
    await page.close()
  }, 120_000)
})
