// `accord devnet up|down|status`: runs the local devnet in the background (anvil chains and the
// relayer as detached processes whose ids go to pids.json) and reports on it.
import { PACKAGE_ROOT, RUNS_FROM_SOURCE, siblingModule } from '../config/packagePaths.ts'
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../../solver/errors.ts'
import { ProcessStartError } from '../errors/operationalErrors.ts'
import { defineCommand, parseNumberFlag } from './command.ts'
import { isProcessAlive } from '../system/isProcessAlive.ts'
import { defaultIO, type CommandIO } from '../config/io.ts'
import { DEFAULT_DEVNET_DIR } from '../config/defaults.ts'
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_UNMET } from '../config/exitCodes.ts'
import { readDevnetFile } from '../devnet/readDevnetFile.ts'
import { startDevnet } from '../devnet/startDevnet.ts'


/** Contents of pids.json. */
export interface DevnetPids {
  readonly anvil: readonly { readonly chainId: number; readonly pid: number }[]
  readonly relayer?: { readonly pid: number }
}

const usage = `Usage: accord devnet <up|down|status> [options]

Runs a local devnet: three anvil chains (ids 900001–900003; blocks every 1 s, 2 s and 250 ms) with
the official Uniswap V2 pairs and Uniswap V3 pools (SwapRouter, QuoterV2, positions over many ranges),
our AccordSpoke bridge and a relayer, in the background.

  up       start the chains, deploy, write <dir>/market.json and <dir>/devnet.json, start the relayer
  down     stop the processes started by \`up\`
  status   report which chains answer and their block numbers

Options:
  --dir DIR              where the files live (default ${DEFAULT_DEVNET_DIR})
  --json                 print JSON
  -h, --help             show this help

Options of \`up\`:
  --delay-ms MS          relayer delay before each fill (default 2000)
  --failure-rate P       probability the relayer never fills a deposit, 0–1 (default 0)
  --seed N               seed of the relayer's failure draws (default 1)`

const RELAYER_MAIN = fileURLToPath(siblingModule('../devnet/relayerMain', import.meta.url))

/**
 * True when `pid` runs what we started (anvil or the relayer), so a pid reused by an unrelated
 * process after a crash is never signalled. Where /proc is missing (macOS), trusts the pid file.
 */
async function isOurs(pid: number): Promise<boolean> {
  if (!isProcessAlive(pid)) return false
  try {
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ')
    return commandLine.includes('anvil') || commandLine.includes('relayerMain')
  } catch {
    return process.platform !== 'linux'
  }
}

async function readPids(dir: string): Promise<DevnetPids | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'pids.json'), 'utf8')) as DevnetPids
  } catch {
    return undefined
  }
}

async function terminate(pid: number): Promise<void> {
  if (!(await isOurs(pid))) return
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + 5000
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL')
}

async function rpcBlockNumber(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    const body = (await response.json()) as { result?: string }
    return body.result === undefined ? undefined : Number(body.result)
  } catch {
    return undefined
  }
}

async function up(dir: string, flags: { delayMs?: number; failureRate?: number; seed?: number }, json: boolean, io: CommandIO): Promise<number> {
  const running = await readPids(dir)
  if (running) {
    const alive = await Promise.all([...running.anvil.map((entry) => entry.pid), running.relayer?.pid ?? -1].map(isOurs))
    if (alive.some(Boolean))
      throw new BaseError('INVALID_ARGUMENT', `A devnet is already up (pids in ${join(dir, 'pids.json')}); run \`accord devnet down\` first.`)
  }
  const devnetFile = join(dir, 'devnet.json')
  const devnet = await startDevnet({
    detached: true,
    logDir: dir,
    marketFile: join(dir, 'market.json'),
    devnetFile,
    uniswapV3: true,
    relayer: { run: 'none', delayMs: flags.delayMs ?? 2000, failureRate: flags.failureRate ?? 0, seed: flags.seed ?? 1 },
  })
  let relayerPid: number
  try {
    const logFd = openSync(join(dir, 'relayer.log'), 'a')
    // `--import tsx` (from source) resolves from the working directory, so run from the package root.
    const child = spawn(process.execPath, [...(RUNS_FROM_SOURCE ? ['--import', 'tsx'] : []), RELAYER_MAIN, '--devnet', devnetFile], {
      cwd: PACKAGE_ROOT,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    })
    closeSync(logFd)
    child.unref()
    if (child.pid === undefined) throw new ProcessStartError('Cannot start the relayer process.')
    relayerPid = child.pid
  } catch (error) {
    await devnet.stop()
    throw error
  }
  const pids: DevnetPids = { anvil: devnet.chains.map((chain) => ({ chainId: chain.chainId, pid: chain.pid })), relayer: { pid: relayerPid } }
  await writeFile(join(dir, 'pids.json'), `${JSON.stringify(pids, null, 2)}\n`)

  if (json) io.stdout(JSON.stringify({ dir, devnetFile, marketFile: devnet.marketFile, pids, devnet: devnet.info }, null, 2))
  else
    io.stdout(
      [
        `Devnet up (${dir}):`,
        ...devnet.chains.map(
          (chain) => `  ${chain.name.padEnd(10)} chain ${chain.chainId}  ${chain.rpcUrl.padEnd(24)} block ${chain.blockTimeMs} ms  spoke ${chain.contracts.spoke}  router ${chain.contracts.router}${chain.contracts.uniswapV3 ? `  V3 SwapRouter ${chain.contracts.uniswapV3.swapRouter}` : ''}`,
        ),
        `  relayer    ${devnet.info.relayer.address}  delay ${devnet.info.relayer.delayMs} ms  failure rate ${devnet.info.relayer.failureRate}  (pid ${relayerPid})`,
        `  user       ${devnet.info.accounts.user.address}  (index ${devnet.info.accounts.user.addressIndex} of the anvil mnemonic)`,
        `Market: ${devnet.marketFile}  (${devnet.market.venues.length} venues)`,
        `Addresses: ${devnetFile}`,
        'Stop with `accord devnet down`.',
      ].join('\n'),
    )
  return EXIT_OK
}

async function down(dir: string, json: boolean, io: CommandIO): Promise<number> {
  const pids = await readPids(dir)
  if (!pids) {
    if (json) io.stdout(JSON.stringify({ stopped: [] }))
    else io.stdout(`No devnet is up (no ${join(dir, 'pids.json')}).`)
    return EXIT_OK
  }
  const all = [...pids.anvil.map((entry) => entry.pid), ...(pids.relayer ? [pids.relayer.pid] : [])]
  const stopped: number[] = []
  // Relayer first, so it does not send into chains that are going away.
  for (const pid of [...all].reverse()) {
    if (await isOurs(pid)) stopped.push(pid)
    await terminate(pid)
  }
  await rm(join(dir, 'pids.json'), { force: true })
  await rm(join(dir, 'devnet.json'), { force: true })
  if (json) io.stdout(JSON.stringify({ stopped }))
  else io.stdout(stopped.length > 0 ? `Devnet down (stopped pids ${stopped.join(', ')}).` : 'Devnet was not running; cleaned up its files.')
  return EXIT_OK
}

async function status(dir: string, json: boolean, io: CommandIO): Promise<number> {
  const pids = await readPids(dir)
  let info
  try {
    info = await readDevnetFile(join(dir, 'devnet.json'))
  } catch {
    if (json) io.stdout(JSON.stringify({ up: false, chains: [] }))
    else io.stdout('Devnet is down.')
    return EXIT_UNMET
  }
  const chains = await Promise.all(
    info.chains.map(async (chain) => ({
      chainId: chain.chainId,
      name: chain.name,
      rpcUrl: chain.rpcUrl,
      blockNumber: await rpcBlockNumber(chain.rpcUrl),
    })),
  )
  const relayerAlive = pids?.relayer ? await isOurs(pids.relayer.pid) : false
  const up = chains.every((chain) => chain.blockNumber !== undefined) && relayerAlive
  if (json) io.stdout(JSON.stringify({ up, chains, relayer: { alive: relayerAlive, pid: pids?.relayer?.pid } }, null, 2))
  else
    io.stdout(
      [
        `Devnet ${up ? 'up' : 'degraded'} (${dir}):`,
        ...chains.map(
          (chain) => `  ${chain.name.padEnd(10)} chain ${chain.chainId}  ${chain.rpcUrl.padEnd(24)} ${chain.blockNumber === undefined ? 'not answering' : `block ${chain.blockNumber}`}`,
        ),
        `  relayer    ${relayerAlive ? `running (pid ${pids?.relayer?.pid})` : 'not running'}`,
      ].join('\n'),
    )
  return up ? EXIT_OK : EXIT_UNMET
}

export const devnetCommand = defineCommand({
  name: 'devnet',
  summary: 'run a local devnet (anvil chains, Uniswap V2, bridge relayer): up | down | status',
  usage,
  positionals: true,
  options: {
    dir: { type: 'string' },
    'delay-ms': { type: 'string' },
    'failure-rate': { type: 'string' },
    seed: { type: 'string' },
  },
  async run({ values, positionals, json, io }) {
    const [subcommand, ...extra] = positionals
    if (subcommand === undefined) {
      io.stdout(usage)
      return EXIT_BAD_INPUT
    }
    if (extra.length > 0) throw new BaseError('INVALID_ARGUMENT', `Unexpected argument "${extra[0]}".`)
    const dir = resolve(values.dir ?? DEFAULT_DEVNET_DIR)
    if (subcommand !== 'up')
      for (const flag of ['delay-ms', 'failure-rate', 'seed'] as const)
        if (values[flag] !== undefined) throw new BaseError('INVALID_ARGUMENT', `--${flag} only applies to \`devnet up\`.`, { field: `--${flag}` })
    switch (subcommand) {
      case 'up': {
        const delayMs = parseNumberFlag(values['delay-ms'], '--delay-ms', { min: 0, max: 3_600_000 })
        const failureRate = parseNumberFlag(values['failure-rate'], '--failure-rate', { min: 0, max: 1 })
        const seed = parseNumberFlag(values.seed, '--seed', { min: 0, max: 2 ** 32 - 1 })
        return await up(
          dir,
          { ...(delayMs === undefined ? {} : { delayMs }), ...(failureRate === undefined ? {} : { failureRate }), ...(seed === undefined ? {} : { seed }) },
          json,
          io,
        )
      }
      case 'down':
        return await down(dir, json, io)
      case 'status':
        return await status(dir, json, io)
      default:
        throw new BaseError('INVALID_ARGUMENT', `Unknown devnet command "${subcommand}"; expected up, down or status.`)
    }
  },
})

/** `accord devnet …` with `argv` after `devnet`; returns the exit code. */
export function runDevnetCommand(argv: string[], io: CommandIO = defaultIO): Promise<number> {
  return devnetCommand.run(argv, io)
}
