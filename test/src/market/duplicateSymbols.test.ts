// Issue 18: tokens are identified by (network, address); symbols are labels that real markets repeat (several OHM,
// PEPE, rETH contracts on mainnet). A symbol resolves only when one token on the network carries it; otherwise the
// library, the HTTP API and the CLI answer with the candidates' addresses.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { BaseError } from '../../../solver/errors.ts'
import { resolveIntentRequest } from '../../../solver/plan/resolveIntentRequest.ts'
import { parseMarket } from '../../../src/market/parseMarket.ts'
import { buildServer } from '../../../src/server/buildServer.ts'
import { readSmallMarketFile } from '../server/helpers.ts'

const BASE_WETH = '0x4200000000000000000000000000000000000006'
// A second token on Base that also calls itself WETH (symbol copies are common on-chain); made-up address.
const OTHER_WETH = '0x00000000000000000000000000000000000b0b01'

function duplicateSymbolMarketFile() {
  const file = readSmallMarketFile()
  file.tokens.push({ ...file.tokens.find((t) => t.chainId === 8453 && t.symbol === 'WETH')!, address: OTHER_WETH, priceUsd: 1 })
  return file
}
const market = parseMarket(duplicateSymbolMarketFile())
const request = (token: string) => ({ from: { chain: 'arbitrum', token: 'USDC' }, to: { chain: 'base', token }, amount: '1000', deadlineSeconds: 3600 })

describe('duplicate symbols', () => {
  it('load; the ambiguous symbol is refused with every candidate address', () => {
    let error: unknown
    try {
      resolveIntentRequest(market, request('weth'))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(BaseError)
    expect(error).toMatchObject({ code: 'AMBIGUOUS_TOKEN', field: 'to.token', candidates: [BASE_WETH, OTHER_WETH] })
    // Unambiguous symbols and addresses still resolve.
    expect(resolveIntentRequest(market, request(OTHER_WETH.toUpperCase().replace('0X', '0x'))).to.token).toBe(OTHER_WETH)
    expect(resolveIntentRequest(market, request(BASE_WETH)).to.token).toBe(BASE_WETH)
    expect(resolveIntentRequest(market, { ...request('USDC'), to: { chain: 'base', token: 'usdc' } }).to.chainId).toBe(8453)
  })

  it('HTTP answers 400 AMBIGUOUS_TOKEN naming the candidates', async () => {
    const app = buildServer({ market, rateLimit: false })
    try {
      const response = await app.inject({ method: 'POST', url: '/v1/quote', payload: request('WETH') })
      expect(response.statusCode).toBe(400)
      const body = response.json() as { code: string; message: string; field: string }
      expect(body.code).toBe('AMBIGUOUS_TOKEN')
      expect(body.field).toBe('body.to.token')
      expect(body.message).toContain(BASE_WETH)
      expect(body.message).toContain(OTHER_WETH)
      const byAddress = await app.inject({ method: 'POST', url: '/v1/quote', payload: request(BASE_WETH) })
      expect(byAddress.statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })

  describe('CLI', () => {
    const directory = mkdtempSync(join(tmpdir(), 'accord-duplicate-symbols-'))
    afterAll(() => rmSync(directory, { recursive: true, force: true }))
    const marketFile = join(directory, 'market.json')
    writeFileSync(marketFile, JSON.stringify(duplicateSymbolMarketFile()))
    const bin = fileURLToPath(new URL('../../../bin/accord.mjs', import.meta.url))

    it('exits 2 listing the candidates', async () => {
      const result = await promisify(execFile)('node', [bin, 'quote', '--market', marketFile, '--from', 'arbitrum:USDC', '--to', 'base:WETH', '--amount', '1000'], {
        timeout: 60_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      )
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('AMBIGUOUS_TOKEN')
      expect(result.stderr).toContain(BASE_WETH)
      expect(result.stderr).toContain(OTHER_WETH)
    }, 90_000) // a child process of the CLI on a shared machine
  })
})
