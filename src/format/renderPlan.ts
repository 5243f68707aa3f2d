// A plan as a readable text table for the terminal.
import type { SerializedFrontierPoint, SerializedPlan } from './serializePlan.ts'

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n')
}

const seconds = (value: number) => (value < 120 ? `${value.toFixed(1)} s` : `${(value / 60).toFixed(1)} min`)
const percent = (value: number) => `${(value * 100).toFixed(2)} %`

export function renderPlan(plan: SerializedPlan): string {
  const lines: string[] = []
  lines.push(
    `${plan.amountIn.amount} ${plan.from.symbol} on ${plan.from.chain} → ${plan.to.symbol} on ${plan.to.chain}  (market ${plan.marketVersion}, ${plan.strategy})`,
  )
  lines.push('')
  const rows = [['#', 'action', 'venue', 'chain', 'in', 'out (exact)', 'min out', 'after', 'start', 'expected', 'p95', 'conf', 'P(ok)']]
  for (const step of plan.steps) {
    const scheduled = plan.schedule.steps.find((s) => s.stepIndex === step.index)!
    rows.push([
      String(step.index),
      step.action,
      step.venueId,
      step.chain,
      `${step.amountIn.amount} ${step.tokenIn.symbol}`,
      `${step.amountOut.amount} ${step.tokenOut.symbol}`,
      `${scheduled.minAmountOut.amount}`,
      step.dependsOn.length ? step.dependsOn.join(',') : '-',
      seconds(scheduled.earliestStartSeconds),
      seconds(scheduled.expectedCompletionSeconds),
      seconds(scheduled.p95CompletionSeconds),
      String(scheduled.confirmations),
      percent(scheduled.successProbability),
    ])
  }
  lines.push(table(rows))
  lines.push('')
  lines.push(`expected out      ${plan.expectedAmountOut.amount} ${plan.to.symbol}`)
  lines.push(`minimum out       ${plan.minAmountOut.amount} ${plan.to.symbol}`)
  lines.push(
    `outcome P         ${percent(plan.outcomeProbability.total)}  (steps succeed ${percent(plan.outcomeProbability.allStepsSucceed)}, within deadline ${percent(
      plan.outcomeProbability.withinDeadline,
    )}, above minimum ${percent(plan.outcomeProbability.aboveMinimum)})`,
  )
  lines.push(`duration          expected ${seconds(plan.expectedDurationSeconds)}, p95 ${seconds(plan.p95DurationSeconds)}`)
  lines.push(`gas               $${plan.gasCostUsd.toFixed(2)}`)
  if (plan.routes.length > 1) {
    lines.push('routes')
    for (const route of plan.routes) lines.push(`  ${route.amountIn.amount} ${plan.from.symbol}: ${route.venueIds.join(' → ')}`)
  }
  return lines.join('\n')
}

/** The frontier as a table: output, probability and time of each point, the chosen one marked. */
export function renderFrontier(frontier: readonly SerializedFrontierPoint[]): string {
  const rows = [['', 'expected out', 'P(outcome)', 'expected', 'p95', 'steps', 'routes', 'strategy']]
  for (const point of frontier)
    rows.push([
      point.chosen ? '*' : '',
      `${point.expectedAmountOut.amount} ${point.expectedAmountOut.symbol}`,
      percent(point.outcomeProbability),
      seconds(point.expectedDurationSeconds),
      seconds(point.p95DurationSeconds),
      String(point.steps),
      String(point.routes.length),
      point.strategy,
    ])
  return `frontier (output, probability, time; * = this plan)\n${table(rows)}`
}
