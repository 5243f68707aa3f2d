// The benchmark harness's public face: the Planner interface, suites, the runner and the report.
export type { Planner, PlannerFactory } from '../planners/planner.ts'
export { loadPlannerModule } from './loadPlannerModule.ts'
export { createSuiteCase, loadSuite, tradeSizeBucket, DEFAULT_SUITE, SUITES, type Suite, type SuiteCase, type TradeSizeBucket } from './suite.ts'
export { DEFAULT_REGIMES, FLOW_REGIME, MODEL_REGIME, type SimulationRegime } from './regimes.ts'
export {
  realisationSeed,
  runBenchmark,
  type BenchmarkResult,
  type CaseRecord,
  type PlanRecord,
  type PlanSummary,
  type RealisationSummary,
  type RunBenchmarkOptions,
} from './runBenchmark.ts'
export { summariseBenchmark, type BenchmarkSummary, type HeadlineCheck, type PlannerBucketSummary } from './summariseBenchmark.ts'
export { brierScore, calibrationBuckets, type CalibrationBucket, type Forecast } from './calibration.ts'
export { collectEnvironment, type BenchmarkEnvironment } from './collectEnvironment.ts'
export { toReportJson, writeReport, type BenchmarkReport } from './writeReport.ts'
