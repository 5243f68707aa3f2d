// US dollars for people: `$1,234,567`, whole dollars, the one formatter the CLI and the benchmarks use.

export function formatUsd(value: number): string {
  return `$${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
}
