// The route page (web/, served at / by src/server/routes/page.ts) in real headless Chromium (Debian's
// `chromium`, driven by playwright-core): it loads the market into the form, a quote renders one graph
// node per step and one timeline row per scheduled step with the deadline drawn, the frontier points
// are clickable and show that point's numbers, a quote id opens the same plan, and an execution on a
// real devnet updates the timeline live from its server-sent events. Each figure is compared with the
// API's own JSON for the same request. With ACCORD_SCREENSHOTS=DIR it also saves screenshots there
// (the README's are made so: ACCORD_SCREENSHOTS=docs/screenshots).
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildServer } from '../../src/server/buildServer.ts'
import { loadMarketFile } from '../../src/market/loadMarketFile.ts'
import { DEFAULT_MARKET_FILE } from '../../src/config/defaults.ts'
import { createExecutionManager, type ExecutionManager } from '../../src/executor/executionManager.ts'
import { startExecutorDevnet, type ExecutorDevnet } from '../../src/devnet/testing/executorDevnet.ts'
import { OPEN_AUTH } from '../src/server/helpers.ts'

/** Debian's package installs it here (.ci/run installs it); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? '/usr/bin/chromium'
const SCREENSHOTS = process.env.ACCORD_SCREENSHOTS

interface FrontierPoint {
  chosen: boolean
  expectedAmountOut: { amount: string; raw: string }
  outcomeProbability: number
  p95DurationSeconds: number
}
interface QuoteAnswer {
  quoteId: string
  outcomeProbability: number
  plan: { steps: Array<{ index: number; action: string }>; schedule: { steps: Array<{ stepIndex: number }> }; expectedAmountOut: { amount: string; symbol: string } }
  frontier: FrontierPoint[]
}

let browser: Browser
let app: FastifyInstance
let url: string

async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true })
}

async function quoteByApi(body: unknown): Promise<QuoteAnswer> {
  const response = await fetch(`${url}/v1/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(response.status).toBe(200)
  return (await response.json()) as QuoteAnswer
}

/** Fills the form by visible names (network name, token symbol), submits, and waits for the plan. */
async function quoteInPage(page: Page, from: [string, string], to: [string, string], amount: string, deadline: string) {
  await page.goto(url)
  await page.waitForSelector('body[data-ready="true"]')
  const chainId = async (name: string) => String((await (await fetch(`${url}/v1/networks`)).json() as { networks: Array<{ name: string; chainId: number }> }).networks.find((n) => n.name === name)!.chainId)
  await page.selectOption('#from-chain', await chainId(from[0]))
  await page.selectOption('#from-token', { label: from[1] })
  await page.selectOption('#to-chain', await chainId(to[0]))
  await page.selectOption('#to-token', { label: to[1] })
  await page.fill('#amount', amount)
  await page.fill('#deadline', deadline)
  await page.click('#quote-button')
  await page.waitForSelector('#result:not([hidden]) #graph .step')
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  app = buildServer({ market: await loadMarketFile(DEFAULT_MARKET_FILE), rateLimit: false })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('the route page on the realistic market', () => {
  it('loads the networks and tokens of the market into the form', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForSelector('body[data-ready="true"]')
    const networks = (await (await fetch(`${url}/v1/networks`)).json()) as { networks: unknown[] }
    expect(await page.locator('#from-chain option').count()).toBe(networks.networks.length)
    expect(await page.locator('#from-token option').count()).toBeGreaterThan(0)
    await page.close()
  })

  it('renders a quote: one graph node per step, one timeline row per scheduled step, the deadline, the summary', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    await quoteInPage(page, ['base', 'USDC'], ['arbitrum', 'WETH'], '250000', '600')
    const tokens = (await (await fetch(`${url}/v1/tokens`)).json()) as { tokens: Array<{ chain: string; symbol: string; address: string; chainId: number }> }
    const token = (chain: string, symbol: string) => tokens.tokens.find((t) => t.chain === chain && t.symbol === symbol)!
    // The same request as the page sends (tokens by address): answered from the cache, the same quote.
    const answer = await quoteByApi({
      from: { chain: token('base', 'USDC').chainId, token: token('base', 'USDC').address },
      to: { chain: token('arbitrum', 'WETH').chainId, token: token('arbitrum', 'WETH').address },
      amount: '250000',
      deadlineSeconds: 600,
      objective: 'probability',
    })
    expect(answer.plan.steps.length).toBeGreaterThan(1)
    expect(await page.locator('#graph .step').count()).toBe(answer.plan.steps.length)
    expect(await page.locator('#graph .step.bridge').count()).toBe(answer.plan.steps.filter((step) => step.action === 'bridge').length)
    expect(await page.locator('#timeline .timeline-row').count()).toBe(answer.plan.schedule.steps.length)
    expect(await page.locator('#timeline .deadline').count()).toBe(1)
    expect(await page.locator('#summary dd[data-term="Outcome probability"]').textContent()).toBe(`${(answer.outcomeProbability * 100).toFixed(2)} %`)
    expect(await page.locator('#summary dd[data-term="Expected out"]').textContent()).toContain(`${answer.plan.expectedAmountOut.amount} WETH`)
    expect(new URL(page.url()).searchParams.get('quote')).toBe(answer.quoteId)
    await screenshot(page, 'route-page.png')

    // Opening the quote by id draws the same plan.
    const opened = await browser.newPage()
    await opened.goto(`${url}/?quote=${answer.quoteId}`)
    await opened.waitForSelector('#result:not([hidden]) #graph .step')
    expect(await opened.locator('#graph .step').count()).toBe(answer.plan.steps.length)
    expect(await opened.locator('#summary dd[data-term="Expected out"]').textContent()).toContain(answer.plan.expectedAmountOut.amount)
    await opened.close()

    // The frontier: one point per entry; clicking one shows that point's numbers.
    expect(await page.locator('#frontier .frontier-point').count()).toBe(answer.frontier.length)
    const other = answer.frontier.findIndex((point) => !point.chosen)
    expect(other).toBeGreaterThanOrEqual(0)
    await page.click(`#frontier .frontier-point[data-index="${other}"]`)
    const detail = await page.locator('#frontier-detail').textContent()
    expect(detail).toContain(`expected out ${answer.frontier[other]!.expectedAmountOut.amount} WETH`)
    expect(detail).toContain(`outcome probability ${(answer.frontier[other]!.outcomeProbability * 100).toFixed(2)} %`)
    expect(await page.locator(`#frontier .frontier-point.selected`).getAttribute('data-index')).toBe(String(other))
    await screenshot(page, 'route-page-frontier.png')
    await page.close()
  })

  it('fits a narrow (mobile) viewport: no horizontal page overflow; wide drawings scroll inside their own boxes', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    await quoteInPage(page, ['base', 'USDC'], ['arbitrum', 'WETH'], '250000', '600')
    // Run in the page (the test's TypeScript has no DOM types, so the page code is a string).
    const layout = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth
      // Every visible element whose box sticks out past the viewport, unless an ancestor scrolls or clips it.
      const clippedByAncestor = (element) => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          const overflowX = getComputedStyle(parent).overflowX
          if (overflowX === 'auto' || overflowX === 'scroll' || overflowX === 'hidden') return true
        }
        return false
      }
      const outside = [...document.body.querySelectorAll('*')]
        .filter((element) => {
          const box = element.getBoundingClientRect()
          return box.width > 0 && box.height > 0 && (box.right > width + 1 || box.left < -1) && !clippedByAncestor(element)
        })
        .map((element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + '.' + [...element.classList].join('.'))
      return { width, scrollWidth: document.documentElement.scrollWidth, outside }
    })()`)) as { width: number; scrollWidth: number; outside: string[] }
    expect(layout.outside).toEqual([])
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width)
    expect(await page.locator('#graph .step').count()).toBeGreaterThan(1)
    await screenshot(page, 'route-page-mobile.png')
    await page.close()
  })

  it('shows the planner’s reason when no plan meets the constraints', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForSelector('body[data-ready="true"]')
    await page.fill('#deadline', '1')
    await page.click('#quote-button')
    await page.waitForSelector('#status.error')
    expect(await page.locator('#status').textContent()).toMatch(/^(NO_ROUTE|INFEASIBLE_CONSTRAINTS): /)
    await page.close()
  })
})

describe('the route page following an execution on a devnet', () => {
  let devnet: ExecutorDevnet
  let manager: ExecutionManager
  let devnetApp: FastifyInstance
  let devnetUrl: string

  beforeAll(async () => {
    devnet = await startExecutorDevnet()
    manager = createExecutionManager({ market: devnet.devnet.market, targets: devnet.targets, account: devnet.user, journalDir: await devnet.journalDir() })
    devnetApp = buildServer({ auth: OPEN_AUTH, market: devnet.devnet.market, rateLimit: false, executions: { manager, market: devnet.devnet.market } })
    devnetUrl = await devnetApp.listen({ host: '127.0.0.1', port: 0 })
  })

  afterAll(async () => {
    await manager?.close()
    await devnetApp?.close()
    await devnet?.stop()
  })

  it('executes the quoted plan and marks each step done on the timeline as its event arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const saved = url
    url = devnetUrl
    try {
      await quoteInPage(page, ['devnet-a', 'USDT'], ['devnet-c', 'WETH'], '2000', '300')
    } finally {
      url = saved
    }
    const steps = await page.locator('#timeline .timeline-row').count()
    expect(steps).toBeGreaterThanOrEqual(3)
    await page.click('#execute-button')
    await page.locator('#status', { hasText: /^Execution .*: / }).waitFor({ timeout: 120_000 })
    // Every step of the plan completed on chain, each drawn where its event put it.
    expect(await page.locator('#timeline .actual').count()).toBe(steps)
    const events = await page.locator('#events li').allTextContents()
    expect(events.some((line) => line.includes('bridge-filled'))).toBe(true)
    expect(events.at(-1)).toContain('outcome')
    await screenshot(page, 'route-page-execution.png')
    await page.close()
  }, 180_000)
})
