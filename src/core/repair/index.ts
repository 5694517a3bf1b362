/** Label-free repair of stale monitors: realign the updated model's activations and ship the repaired probe. */
export {
  repairMonitor,
  repairReportOf,
  MIN_ROWS_TO_CHOOSE,
  AUTO_CANDIDATES,
  type RepairMonitorOptions,
  type RepairResult,
} from './repair-monitor.ts';
export {
  fitRealignment,
  fitMeanShift,
  fitStandardize,
  fitCoral,
  fitProcrustes,
  pairedStats,
  fallbackChain,
  shrunkCovariance,
  CORAL_SHRINKAGE,
  STANDARDIZE_EPSILON,
  PROCRUSTES_PULL,
  type AffineMap,
  type PairedStats,
  type FitContext,
} from './fit.ts';
export { composeRepairedProbe, modelStructureProblems, REPAIR_METADATA_PREFIX, type ComposedProbe, type ComposeInfo } from './compose.ts';
export { splitRows, scoreModelBytes, agreement, heldOutScoreOf, pickBest, SPLIT_SEED, SELECTION_RULES, DEFAULT_SELECTION_RULE, type CandidateResult, type AgreementMetrics, type SelectionRule } from './choose.ts';
export { fitRidge, mergeStats, RIDGE_GRID, RIDGE_METHODS, SUBSPACE_RANK, type FirstLayer, type RidgeFit } from './ridge.ts';
export { MatrixEngine, LinalgError, EXACT_MAX_WIDTH, type LinalgEngine } from './linalg.ts';
