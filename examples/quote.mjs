// The library in a few lines: load a market, plan an intent, print the plan.
// Run with `node examples/quote.mjs [AMOUNT]` after `npm run build` (or from an installed package).
import { loadMarket, quoteIntent, resolveIntentRequest, serializeQuoteResult, renderPlan, BaseError } from 'accord'

const market = await loadMarket() // the bundled realistic market; or loadMarket('my-market.json')
try {
  const intent = resolveIntentRequest(market, {
    from: { chain: 'base', token: 'USDC' },
    to: { chain: 'arbitrum', token: 'WETH' },
    amount: process.argv[2] ?? '250000',
    deadlineSeconds: 600,
  })
  const result = quoteIntent(market, intent) // raw bigint amounts, the frontier, alternatives
  const quote = serializeQuoteResult(market, result, { intent }) // the JSON the HTTP API returns
  if (!('plan' in quote)) {
    console.error(`${quote.code}: ${quote.message}`)
    process.exit(1)
  }
  console.log(renderPlan(quote.plan))
  console.log(JSON.stringify({ expectedAmountOut: quote.expectedAmountOut, outcomeProbability: quote.outcomeProbability }))
} catch (error) {
  // Bad input (unknown token, malformed amount) is a BaseError with a stable code and the field.
  if (error instanceof BaseError) console.error(`${error.code} (${error.field}): ${error.shortMessage}`)
  else throw error
  process.exit(2)
}
