// `accord devnet up|status|down` end to end: up starts detached anvil chains and a detached relayer
// that really bridges a deposit, status sees the chains, down stops every process it started.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { runDevnetCommand, type DevnetPids } from '../../../src/cli/devnetCommand.ts'
import { devnetAccount } from '../../../src/devnet/devnetAccounts.ts'
import { loadMarketFile } from '../../../src/market/loadMarketFile.ts'
import { getBridgeAmountOut } from '../../../solver/venues/bridge.ts'
import type { Bridge } from '../../../solver/market/types.ts'
import type { DevnetInfo } from '../../../src/devnet/types.ts'
import { balanceOf, chainTime, deposit, waitUntil } from '../devnet/devnetTestClients.ts'

let dir: string

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text) }, out, err }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-devnet-cli-'))
})

afterAll(async () => {
  // Whatever happened above, leave no process behind.
  await runDevnetCommand(['down', '--dir', dir], capture().io)
  await rm(dir, { recursive: true, force: true })
})

describe('accord devnet', () => {
  it('prints help for --help and rejects unknown subcommands', async () => {
    const help = capture()
    expect(await runDevnetCommand(['--help'], help.io)).toBe(0)
    expect(help.out.join('\n')).toMatch(/Usage: accord devnet <up\|down\|status>/)
    const upHelp = capture()
    expect(await runDevnetCommand(['up', '--help'], upHelp.io)).toBe(0)
    const unknown = capture()
    expect(await runDevnetCommand(['sideways'], unknown.io)).toBe(2)
    expect(unknown.err.join('\n')).toMatch(/Unknown devnet command "sideways"/)
    const badFlag = capture()
    expect(await runDevnetCommand(['up', '--failure-rate', '2', '--dir', dir], badFlag.io)).toBe(2)
    expect(help.out.join('\n')).toMatch(/--lending/)
    const lendingOnDown = capture()
    expect(await runDevnetCommand(['down', '--lending', '--dir', dir], lendingOnDown.io)).toBe(2)
    expect(lendingOnDown.err.join('\n')).toMatch(/--lending only applies to `devnet up`/)
    const status = capture()
    expect(await runDevnetCommand(['status', '--dir', dir, '--json'], status.io)).toBe(1)
    expect(JSON.parse(status.out.join(''))).toMatchObject({ up: false })
  })

  it('up → a detached relayer bridges a deposit → status → down stops every process', async () => {
    const up = capture()
    const upCode = await runDevnetCommand(['up', '--dir', dir, '--delay-ms', '200', '--json'], up.io)
    expect(upCode, up.out.join('\n') + up.err.join('\n')).toBe(0)
    const summary = JSON.parse(up.out.join('')) as { pids: DevnetPids; devnet: DevnetInfo; marketFile: string }
    const pids = JSON.parse(await readFile(join(dir, 'pids.json'), 'utf8')) as DevnetPids
    expect(pids).toEqual(summary.pids)
    expect(pids.anvil).toHaveLength(3)
    const allPids = [...pids.anvil.map((p) => p.pid), pids.relayer!.pid]
    for (const pid of allPids) expect(alive(pid)).toBe(true)

    // A second `up` refuses while this one runs.
    const again = capture()
    expect(await runDevnetCommand(['up', '--dir', dir], again.io)).toBe(2)
    expect(again.err.join('\n')).toMatch(/already up/)

    const status = capture()
    expect(await runDevnetCommand(['status', '--dir', dir, '--json'], status.io)).toBe(0)
    const report = JSON.parse(status.out.join('')) as { up: boolean; chains: { chainId: number; blockNumber?: number }[] }
    expect(report.up).toBe(true)
    expect(report.chains.map((c) => c.chainId)).toEqual(summary.devnet.chains.map((c) => c.chainId))
    for (const chain of report.chains) expect(chain.blockNumber).toBeGreaterThan(0)

    // The relayer process fills a deposit made against the files `up` wrote.
    const info = summary.devnet
    const market = await loadMarketFile(join(dir, 'market.json'))
    const origin = info.chains[2]!
    const destination = info.chains[0]!
    const bridgeInfo = info.bridges.find((b) => b.originChainId === origin.chainId && b.destinationChainId === destination.chainId && b.symbol === 'USDC')!
    const bridge = market.venues.find((v): v is Bridge => v.id === bridgeInfo.id)!
    const inputAmount = 750_000_000n
    const outputAmount = getBridgeAmountOut(bridge, inputAmount, 6, 6)
    const recipient = devnetAccount(12).address
    const outputToken = destination.contracts.tokens.USDC as Address
    await deposit(devnetAccount('user'), {
      origin,
      destination,
      symbol: 'USDC',
      inputAmount,
      outputAmount,
      recipient,
      fillDeadline: (await chainTime(origin)) + 60,
    })
    await waitUntil(async () => (await balanceOf(destination, outputToken, recipient)) === outputAmount, 20_000, 'the detached relayer to fill')

    const down = capture()
    expect(await runDevnetCommand(['down', '--dir', dir, '--json'], down.io)).toBe(0)
    expect(new Set((JSON.parse(down.out.join('')) as { stopped: number[] }).stopped)).toEqual(new Set(allPids))
    for (const pid of allPids) expect(alive(pid)).toBe(false)
    const after = capture()
    expect(await runDevnetCommand(['status', '--dir', dir], after.io)).toBe(1)
    expect(after.out.join('\n')).toMatch(/down/)
  })
})
