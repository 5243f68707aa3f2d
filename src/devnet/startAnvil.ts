// Starts one anvil node (Foundry's local EVM, npm @foundry-rs/anvil) on a free loopback port and waits
// until its JSON-RPC answers with the expected chain id.
import { packageFile } from '../config/packagePaths.ts'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, closeSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { BaseError } from '../../solver/errors.ts'
import { AnvilUnavailableError } from '../errors/operationalErrors.ts'
import { DEVNET_MNEMONIC } from './devnetAccounts.ts'

export interface StartAnvilParameters {
  chainId: number
  /** Interval-mining period; anvil's `--block-time` takes (fractional) seconds. 0: automine (a block per transaction). */
  blockTimeMs: number
  /** Default: a free port picked by the OS. */
  port?: number
  host?: string
  /** Detach the process so it outlives this one (`accord devnet up`); otherwise it dies with us. */
  detached?: boolean
  /** File receiving anvil's stdout and stderr; default: discarded. */
  logFile?: string
  /** How long to wait for the RPC to answer. */
  startTimeoutMs?: number
  /** anvil's `--slots-in-an-epoch`: its `safe` block is this many blocks behind the head, `finalized` twice as many (anvil default 32). */
  slotsInAnEpoch?: number
}

export interface AnvilNode {
  readonly chainId: number
  readonly blockTimeMs: number
  readonly port: number
  readonly rpcUrl: string
  readonly pid: number
  readonly process: ChildProcess
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>
}

const require = createRequire(import.meta.url)

/** Platform packages of @foundry-rs/anvil, as in its const.mjs (BINARY_DISTRIBUTION_PACKAGES). */
const PLATFORM_PACKAGES: Record<string, Record<string, string>> = {
  darwin: { x64: '@foundry-rs/anvil-darwin-amd64', arm64: '@foundry-rs/anvil-darwin-arm64' },
  linux: { x64: '@foundry-rs/anvil-linux-amd64', arm64: '@foundry-rs/anvil-linux-arm64' },
  win32: { x64: '@foundry-rs/anvil-win32-amd64' },
}

/**
 * The anvil executable: `$ACCORD_ANVIL_BIN`, else the native binary of the installed platform package
 * (spawned directly rather than through the package's node wrapper, so signals reach anvil itself),
 * else the wrapper in node_modules/.bin.
 */
export function resolveAnvilBinary(): string {
  const fromEnv = process.env.ACCORD_ANVIL_BIN
  if (fromEnv) return fromEnv
  const platformPackage = PLATFORM_PACKAGES[process.platform]?.[process.arch]
  if (platformPackage) {
    try {
      const binary = require.resolve(`${platformPackage}/bin/anvil${process.platform === 'win32' ? '.exe' : ''}`)
      if (existsSync(binary)) return binary
    } catch {
      // fall through to the wrapper
    }
  }
  const wrapper = packageFile('node_modules/.bin/anvil')
  if (existsSync(wrapper)) return wrapper
  throw new AnvilUnavailableError('anvil is not installed.', { details: 'Run `npm install` (package @foundry-rs/anvil).' })
}

/** A port the OS reports free right now (another process may still take it before anvil does; startAnvil retries). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Children started without `detached`; killed if this process exits without stopping them. */
const attached = new Set<ChildProcess>()
let exitHookInstalled = false
function killAttachedOnExit(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const child of attached) child.kill('SIGKILL')
  })
}

async function rpcChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    const body = (await response.json()) as { result?: string }
    return body.result === undefined ? undefined : Number(body.result)
  } catch {
    return undefined
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

async function startOnce(parameters: StartAnvilParameters, port: number): Promise<AnvilNode | undefined> {
  const { chainId, blockTimeMs, host = '127.0.0.1', detached = false, logFile, startTimeoutMs = 15_000 } = parameters
  const args = [
    '--chain-id', String(chainId),
    ...(blockTimeMs > 0 ? ['--block-time', String(blockTimeMs / 1000)] : []),
    '--port', String(port),
    '--host', host,
    '--mnemonic', DEVNET_MNEMONIC,
    ...(parameters.slotsInAnEpoch === undefined ? [] : ['--slots-in-an-epoch', String(parameters.slotsInAnEpoch)]),
    '--quiet',
  ]
  const logFd = logFile ? openSync(logFile, 'a') : undefined
  const child = spawn(resolveAnvilBinary(), args, {
    detached,
    stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
  })
  if (logFd !== undefined) closeSync(logFd)
  if (detached) child.unref()
  else {
    attached.add(child)
    killAttachedOnExit()
    child.once('exit', () => attached.delete(child))
  }
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))
  const rpcUrl = `http://${host}:${port}`
  const node: AnvilNode = {
    chainId,
    blockTimeMs,
    port,
    rpcUrl,
    pid: child.pid ?? -1,
    process: child,
    async stop(graceMs = 2000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      if (!(await waitForExit(child, graceMs))) {
        child.kill('SIGKILL')
        await waitForExit(child, graceMs)
      }
    },
  }
  const deadline = Date.now() + startTimeoutMs
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))])
    if (failed) throw new AnvilUnavailableError(`Cannot start anvil: ${failed.message}.`, { cause: failed })
    if (child.exitCode !== null || child.signalCode !== null) return undefined // port taken, most likely
    const answered = await rpcChainId(rpcUrl)
    if (answered === chainId) return node
    if (answered !== undefined) {
      // Something else answers on this port; not ours.
      await node.stop()
      return undefined
    }
  }
  await node.stop()
  throw new AnvilUnavailableError(`anvil (chain ${chainId}) did not answer on ${rpcUrl} within ${startTimeoutMs} ms.`)
}

/**
 * Spawns anvil with `--chain-id`, `--block-time` (interval mining), `--port`, the devnet mnemonic and
 * `--quiet`, and resolves once `eth_chainId` answers with `chainId`. Without an explicit `port`, tries
 * up to three free ports. Throws an INTERNAL BaseError if anvil cannot be started.
 *
 * @example
 * const node = await startAnvil({ chainId: 900001, blockTimeMs: 250 })
 * // … node.rpcUrl …
 * await node.stop()
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<AnvilNode> {
  const attempts = parameters.port === undefined ? 3 : 1
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = parameters.port ?? (await findFreePort(parameters.host))
    const node = await startOnce(parameters, port)
    if (node) return node
  }
  throw new AnvilUnavailableError(`anvil (chain ${parameters.chainId}) exited before answering; is the port in use?`)
}
