// LP backend over HiGHS (https://highs.dev) compiled to WebAssembly by the `highs` package
// (https://github.com/lovasoa/highs-js): the program goes in as sparse arrays or as CPLEX LP text.
import highsDefault from 'highs'
import type { LinearProgram, LpBackend, LpSolution, LpStatus } from '../types.ts'
import { checkLinearProgram, mipBound } from './checkLinearProgram.ts'
import { toLpFormat } from './toLpFormat.ts'

// The package is CommonJS with an ESM build. Under NodeNext its typings make the default import the
// CommonJS module object (loader at `.default`), while at run time Node resolves the ESM build whose
// default export is the loader itself; accept both.
type LoadHighs = (typeof highsDefault)['default']
const loadHighs: LoadHighs = (highsDefault as unknown as { default?: LoadHighs }).default ?? (highsDefault as unknown as LoadHighs)
type Highs = Awaited<ReturnType<LoadHighs>>
type HighsModel = ReturnType<Highs['createModel']>
type HighsModelData = Parameters<HighsModel['passModel']>[0]

export interface CreateHighsBackendOptions {
  /**
   * Relative MIP gap at which HiGHS stops branching when the program sets no `mipGap` (HiGHS option
   * `mip_rel_gap`, whose own default is 1e-4). Default here 1e-9, i.e. solve to optimality.
   */
  readonly mipRelativeGap?: number
  /** Wall-clock budget per solve (HiGHS `time_limit`); a solve that hits it reports 'timedout'. */
  readonly timeLimitSeconds?: number
  /**
   * How programs reach HiGHS. 'arrays' (default): a compressed-sparse-row matrix through `passModel`.
   * 'lpText': CPLEX LP text (toLpFormat) through HiGHS's LP reader, which costs about 5 ms per
   * hundred rows in the WebAssembly build, more than solving a small split LP; useful to inspect a
   * model or to cross-check the arrays path.
   */
  readonly input?: 'arrays' | 'lpText'
}

/** HiGHS `mip_abs_gap` (its default 1e-6); part of the bound a MIP solution reports. */
const MIP_ABSOLUTE_GAP = 1e-6

/** One WebAssembly instance per process: loading compiles ~3 MB of Wasm. */
let loading: Promise<Highs> | undefined

function loadOnce(): Promise<Highs> {
  loading ??= loadHighs().catch((error: unknown) => {
    loading = undefined // let a later call retry
    throw error
  })
  return loading
}

const failed = (status: LpStatus): LpSolution => ({ status, objective: NaN, values: {} })

/** HiGHS model status codes (`highs.constants.modelStatus`, HighsModelStatus in HiGHS) to ours. */
function statusOf(highs: Highs, code: number): LpStatus | 'ambiguous' {
  const codes = highs.constants.modelStatus
  if (code === codes.optimal || code === codes.empty) return 'optimal'
  if (code === codes.infeasible) return 'infeasible'
  if (code === codes.unbounded) return 'unbounded'
  if (code === codes.unboundedOrInfeasible) return 'ambiguous'
  if (code === codes.timeLimit || code === codes.iterationLimit) return 'timedout'
  return 'error'
}

/** The program as HiGHS model data: columns in `variables` order, rows as given (ranges native). */
function toModelData(highs: Highs, program: LinearProgram, variables: readonly string[]): HighsModelData {
  const column = new Map(variables.map((name, i) => [name, i]))
  const infinity = highs.infinity
  const clamp = (value: number) => (value === Infinity ? infinity : value === -Infinity ? -infinity : value)
  const binaries = new Set(program.binaries ?? [])
  const colCost = variables.map((name) => program.objective[name] ?? 0)
  const colLower = variables.map((name) => {
    const lower = program.bounds?.[name]?.lower ?? 0
    return clamp(binaries.has(name) ? Math.max(0, lower) : lower)
  })
  const colUpper = variables.map((name) => {
    const upper = program.bounds?.[name]?.upper ?? Infinity
    return clamp(binaries.has(name) ? Math.min(1, upper) : upper)
  })
  const starts = [0]
  const indices: number[] = []
  const values: number[] = []
  for (const constraint of program.constraints) {
    for (const [name, coefficient] of Object.entries(constraint.terms)) {
      if (coefficient === 0) continue
      indices.push(column.get(name) as number)
      values.push(coefficient)
    }
    starts.push(indices.length)
  }
  const { variableType, objectiveSense } = highs.constants
  return {
    numCols: variables.length,
    numRows: program.constraints.length,
    sense: program.direction === 'maximize' ? objectiveSense.maximize : objectiveSense.minimize,
    colCost,
    colLower,
    colUpper,
    rowLower: program.constraints.map((constraint) => clamp(constraint.lower ?? -Infinity)),
    rowUpper: program.constraints.map((constraint) => clamp(constraint.upper ?? Infinity)),
    matrix: { format: 'csr', numRows: program.constraints.length, numCols: variables.length, starts, indices, values },
    ...(binaries.size > 0 ? { integrality: variables.map((name) => (binaries.has(name) ? variableType.integer : variableType.continuous)) } : {}),
  }
}

/**
 * Loads HiGHS (once per process) and returns a backend whose `solve` is synchronous. The backend
 * keeps one persistent HiGHS model and passes each program into it, which avoids creating a
 * native instance per solve (about 4 ms each, more than a small split LP takes to solve).
 * LPs run without presolve (it costs more than it saves at split-LP sizes); MIPs with it.
 *
 * `solve` never throws: HiGHS raises on text it cannot read and aborts on some malformed models;
 * both are caught, the model is discarded (a fresh one is made on the next solve) and status 'error'
 * is returned. "Infeasible or unbounded" from presolve is resolved by solving again without presolve.
 * A MIP's `bound` is HiGHS's proven dual bound (`mip_dual_bound`), or the gap-derived one if absent.
 * Rejects only if the WebAssembly module cannot be loaded. Not for concurrent use from several
 * threads (each worker should create its own backend).
 *
 * @example
 * const backend = await createHighsBackend()
 * backend.solve({ direction: 'maximize', objective: { x: 1 }, constraints: [{ name: 'c', terms: { x: 1 }, upper: 4 }] })
 * // { status: 'optimal', objective: 4, values: { x: 4 }, bound: 4 }
 */
export async function createHighsBackend(options: CreateHighsBackendOptions = {}): Promise<LpBackend> {
  const highs = await loadOnce()
  const defaultGap = options.mipRelativeGap ?? 1e-9
  let model: HighsModel | undefined
  const freshModel = (): HighsModel => {
    const created = highs.createModel()
    created.options.set({
      output_flag: false,
      mip_abs_gap: MIP_ABSOLUTE_GAP,
      ...(options.timeLimitSeconds === undefined ? {} : { time_limit: options.timeLimitSeconds }),
    })
    return created
  }
  const discard = () => {
    try {
      model?.dispose()
    } catch {
      // already unusable; nothing to release
    }
    model = undefined
  }

  return {
    name: 'highs',
    solve(program: LinearProgram): LpSolution {
      const checked = checkLinearProgram(program)
      if (checked.problem !== undefined) return failed('error')
      if (checked.triviallyInfeasible) return failed('infeasible')
      if (checked.variables.length === 0) return { status: 'optimal', objective: 0, values: {}, bound: 0 }
      const isMip = (program.binaries ?? []).length > 0
      const gap = isMip ? (program.mipGap ?? defaultGap) : 0
      try {
        model ??= freshModel()
        model.options.set({ mip_rel_gap: Math.max(gap, 1e-12), presolve: isMip ? 'choose' : 'off' })
        let columnOf: (name: string, index: number) => number
        if (options.input === 'lpText') {
          const lp = toLpFormat(program, checked.variables)
          model.readModel({ format: 'lp', data: lp.text })
          const lpModel = model
          columnOf = (name) => lpModel.getColByName(lp.columnNames.get(name) as string)
        } else {
          model.passModel(toModelData(highs, program, checked.variables))
          columnOf = (_, index) => index
        }
        // The time limit counts cumulative run time on a persistent model; restart it per solve.
        if (options.timeLimitSeconds !== undefined) model.zeroAllClocks()
        model.run()
        let status = statusOf(highs, model.getModelStatus())
        if (status === 'ambiguous') {
          model.options.set({ presolve: 'off' })
          model.clearSolver()
          model.run()
          status = statusOf(highs, model.getModelStatus())
        }
        if (status !== 'optimal') return failed(status === 'ambiguous' ? 'error' : status)
        const { colValue } = model.getSolution()
        const values: Record<string, number> = {}
        checked.variables.forEach((name, index) => {
          values[name] = colValue[columnOf(name, index)] ?? 0
        })
        const objective = model.getObjectiveValue()
        let bound = objective
        if (isMip) {
          const dual = Number(model.info.get('mip_dual_bound'))
          const proven = program.direction === 'maximize' ? dual >= objective : dual <= objective
          bound = Number.isFinite(dual) && proven ? dual : mipBound(program.direction, objective, gap, MIP_ABSOLUTE_GAP)
        }
        return { status: 'optimal', objective, values, bound }
      } catch {
        discard()
        return failed('error')
      }
    },
  }
}
