// Serialises a LinearProgram to CPLEX LP format, the text HiGHS reads
// (format: https://www.ibm.com/docs/en/icos/22.1.1?topic=cplex-lp-file-format-algebraic-representation;
// HiGHS reader: https://ergo-code.github.io/HiGHS/dev/interfaces/file-formats/ ).
import { BaseError } from '../../errors.ts'
import type { LinearProgram } from '../types.ts'

/** Terms per output line; LP readers historically limit line length (CPLEX: 510 characters). */
const TERMS_PER_LINE = 8

export interface ToLpFormatReturnType {
  readonly text: string
  /** LP-format column name of each program variable (`v<i>`, in the order given). */
  readonly columnNames: ReadonlyMap<string, string>
}

function formatNumber(value: number): string {
  // Shortest round-trip decimal; LP readers parse exponents ("1e-7") with strtod.
  return Object.is(value, -0) ? '0' : String(value)
}

function formatBound(value: number): string {
  return value === Infinity ? 'inf' : value === -Infinity ? '-inf' : formatNumber(value)
}

function formatTerms(terms: ReadonlyArray<readonly [string, number]>): string {
  if (terms.length === 0) return ''
  return terms
    .map(([name, coefficient], i) => {
      const sign = coefficient < 0 ? '-' : '+'
      const line = i > 0 && i % TERMS_PER_LINE === 0 ? '\n   ' : ''
      return `${line} ${sign} ${formatNumber(Math.abs(coefficient))} ${name}`
    })
    .join('')
}

/**
 * Writes `program` as LP-format text. Every variable is renamed `v<i>` and every row `c<i>`
 * (`c<i>_lo` / `c<i>_hi` for two-sided rows, which the format has no syntax for), so user names
 * never meet the format's rules (no leading digit or "e", reserved words, 255-character limit).
 * Rows without non-zero terms are dropped (the caller decides their feasibility).
 * `variables` must list every variable the program mentions (see checkLinearProgram).
 * Throws BaseError `INVALID_ARGUMENT` for a non-finite coefficient or an empty variable list.
 *
 * @example
 * toLpFormat({ direction: 'maximize', objective: { x: 1 }, constraints: [{ name: 'cap', terms: { x: 1 }, upper: 4 }] }, ['x']).text
 * // 'Maximize\n obj: + 1 v0\nSubject To\n c0: + 1 v0 <= 4\nBounds\n 0 <= v0 <= inf\nEnd\n'
 */
export function toLpFormat(program: LinearProgram, variables: readonly string[]): ToLpFormatReturnType {
  if (variables.length === 0) throw new BaseError('INVALID_ARGUMENT', 'An LP-format model needs at least one variable.')
  const columnNames = new Map(variables.map((name, i) => [name, `v${i}`]))
  const column = (name: string): string => {
    const mapped = columnNames.get(name)
    if (mapped === undefined) throw new BaseError('INVALID_ARGUMENT', `Variable "${name}" is not in the variable list.`)
    return mapped
  }
  const termsOf = (record: Readonly<Record<string, number>>) =>
    Object.entries(record)
      .filter(([name, coefficient]) => {
        if (!Number.isFinite(coefficient)) throw new BaseError('INVALID_ARGUMENT', `Coefficient of "${name}" is ${coefficient}.`)
        return coefficient !== 0
      })
      .map(([name, coefficient]) => [column(name), coefficient] as const)

  const lines: string[] = [program.direction === 'maximize' ? 'Maximize' : 'Minimize']
  const objective = termsOf(program.objective)
  // An objective needs at least one term; a zero coefficient still declares the column.
  lines.push(` obj:${objective.length > 0 ? formatTerms(objective) : ` 0 ${column(variables[0] as string)}`}`)

  lines.push('Subject To')
  program.constraints.forEach((constraint, i) => {
    const terms = termsOf(constraint.terms)
    if (terms.length === 0) return
    const body = formatTerms(terms)
    const lower = constraint.lower ?? -Infinity
    const upper = constraint.upper ?? Infinity
    if (lower === upper) lines.push(` c${i}:${body} = ${formatNumber(lower)}`)
    else if (lower > -Infinity && upper < Infinity) {
      lines.push(` c${i}_lo:${body} >= ${formatNumber(lower)}`)
      lines.push(` c${i}_hi:${body} <= ${formatNumber(upper)}`)
    } else if (lower > -Infinity) lines.push(` c${i}:${body} >= ${formatNumber(lower)}`)
    else if (upper < Infinity) lines.push(` c${i}:${body} <= ${formatNumber(upper)}`)
  })

  // Declare every column in Bounds so variables that appear in no row still exist in the model.
  lines.push('Bounds')
  const binaries = program.binaries ?? []
  const binarySet = new Set(binaries)
  for (const name of variables) {
    const bound = program.bounds?.[name]
    // A binary's bounds are [0, 1] whatever else is said; write them so the sections agree.
    const lower = binarySet.has(name) ? Math.max(0, bound?.lower ?? 0) : (bound?.lower ?? 0)
    const upper = binarySet.has(name) ? Math.min(1, bound?.upper ?? 1) : (bound?.upper ?? Infinity)
    if (lower === -Infinity && upper === Infinity) lines.push(` ${column(name)} free`)
    else lines.push(` ${formatBound(lower)} <= ${column(name)} <= ${formatBound(upper)}`)
  }
  if (binaries.length > 0) {
    lines.push('Binary')
    for (let i = 0; i < binaries.length; i += TERMS_PER_LINE)
      lines.push(` ${binaries.slice(i, i + TERMS_PER_LINE).map(column).join(' ')}`)
  }
  lines.push('End')
  return { text: `${lines.join('\n')}\n`, columnNames }
}
