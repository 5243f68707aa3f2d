// `accord market import --from cow-auction FILE`: converts a public snapshot (a CoW Protocol solver auction) into
// an Accord market file and reports what it imported, per liquidity kind.
import { readFile, writeFile } from 'node:fs/promises'
import { BaseError, InvalidMarketError } from '../../solver/errors.ts'
import { importCowAuction, type ImportCowAuctionReturnType } from '../market/importCowAuction.ts'
import { EXIT_OK } from '../config/exitCodes.ts'
import { defineCommand, parseNumberFlag } from './command.ts'

const usage = `Usage: accord market import --from cow-auction FILE --native-price-usd USD [options]

Converts a CoW Protocol solver auction (tokens with reference prices; constant-product, Balancer weighted and
stable, and Uniswap V3 concentrated-liquidity pools with their ticks and gas estimates) into an Accord market
file; what cannot be simulated exactly is skipped and counted with the reason. Tokens without a reference price
stay unpriced: Accord derives their price from the pools on load.

Options:
  --from cow-auction      the snapshot format (the only one so far)
  --native-price-usd USD  USD per native token (the auction prices tokens in it); required
  --chain ID              chain of the auction (default 1; importable: 1)
  --name NAME             market name (default cow-auction-<auction id>)
  --volatility X          annualised volatility given to every token (default 0.6; the auction has none)
  --out FILE              write the market to FILE instead of stdout
  --json                  print the import report as JSON (on stdout with --out, else on stderr)
  -h, --help              show this help

Exit codes: 0 imported, 2 bad usage or file.`

function renderReport({ report }: ImportCowAuctionReturnType): string {
  const lines = [
    `tokens: ${report.tokens.imported} imported of ${report.tokens.listed} listed (${report.tokens.priced} priced, ${report.tokens.unpriced} unpriced)`,
  ]
  for (const [kind, entry] of Object.entries(report.liquidity)) {
    const skipped = Object.entries(entry.skipped).map(([reason, n]) => `${n} ${reason}`)
    lines.push(`${kind}: ${entry.imported} imported of ${entry.seen}${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}`)
  }
  if (report.inactive > 0) lines.push(`inactive (empty) pools: ${report.inactive}`)
  return lines.join('\n')
}

export const marketImportCommand = defineCommand({
  name: 'market',
  summary: 'import a market snapshot from a public format (CoW Protocol auction)',
  usage,
  positionals: true,
  options: {
    from: { type: 'string' },
    'native-price-usd': { type: 'string' },
    chain: { type: 'string' },
    name: { type: 'string' },
    volatility: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, positionals, json, io }) {
    const [action, file, ...extra] = positionals
    if (action !== 'import') throw new BaseError('INVALID_ARGUMENT', `Unknown market action "${action ?? ''}"; try: accord market import.`, { field: 'action' })
    if (values.from !== 'cow-auction') throw new BaseError('INVALID_ARGUMENT', '--from must be cow-auction.', { field: '--from' })
    if (file === undefined || extra.length > 0) throw new BaseError('INVALID_ARGUMENT', 'Give exactly one auction FILE.', { field: 'FILE' })
    const nativePriceUsd = parseNumberFlag(values['native-price-usd'], '--native-price-usd', { min: Number.MIN_VALUE })
    if (nativePriceUsd === undefined)
      throw new BaseError('INVALID_ARGUMENT', '--native-price-usd is required: the auction prices tokens in the native token only.', { field: '--native-price-usd' })
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new InvalidMarketError(`Cannot read auction file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { cause: error })
    }
    let auction: unknown
    try {
      auction = JSON.parse(text)
    } catch (error) {
      throw new InvalidMarketError(`Auction file is not valid JSON: ${(error as Error).message}`, { cause: error })
    }
    const chainId = parseNumberFlag(values.chain, '--chain', { min: 1, integer: true })
    const annualVolatility = parseNumberFlag(values.volatility, '--volatility', { min: 0, max: 10 })
    const result = importCowAuction(auction, {
      nativePriceUsd,
      source: `CoW Protocol auction ${file.split('/').at(-1)}`,
      ...(chainId === undefined ? {} : { chainId }),
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(annualVolatility === undefined ? {} : { annualVolatility }),
    })
    const marketText = `${JSON.stringify(result.market, null, 2)}\n`
    const report = json ? JSON.stringify(result.report, null, 2) : renderReport(result)
    if (values.out !== undefined) {
      await writeFile(values.out, marketText)
      io.stdout(report)
    } else {
      io.stdout(marketText.trimEnd())
      io.stderr(report)
    }
    return EXIT_OK
  },
})
