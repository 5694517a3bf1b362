/** The pipeline's public surface; the CLI and the Action import only from here. */
// First: onnxruntime's native log lines stay off stderr for every session (see ort-messages.ts).
import './scoring/ort-messages.ts';
export { loadConfig, validateConfig, formatDiagnostic, DEFAULT_CONFIG_PATH, type LoadConfigOptions } from './config/index.ts';
export { confinePath, defaultRoot, isInside, openRegularFile, readRegularFile, resolveInsideRoot } from './paths.ts';
export { runGate, displayPath, type GateRunOptions } from './gate.ts';
export { GateError, describeError, inputError, usageError } from './errors.ts';
export { logLine, annotationText, mdText, mdCode, mermaidLabel, clip } from './escape.ts';
export { emitter, progressLine, rate, type ProgressEvent, type ProgressSink } from './progress.ts';
export { ortMessage } from './scoring/ort-messages.ts';
export { resolveExecutionProvider, cudaProviderLibrary, cudaInstallHelp, forgetCudaProvider, nvidiaGpuVisible, type ExecutionProvider, type ResolvedProvider, type CudaProviderLibrary } from './scoring/probe.ts';
export { cudaProviderPackage, extractProviderFiles, linkProviderFiles, missingProviderFiles, resolvePackage, verifyPackage, NUGET_SERVICE_INDEX, type CudaProviderPackage } from './scoring/cuda-package.ts';
export { exitCodeFor, decideGate, judgeStaleness } from './verdict.ts';
export { serializeReport, writeReport, reportSchemaProblems } from './report/json.ts';
export { writeOutputFile, osErrorText } from './report/write.ts';
export { renderMarkdown, renderSummary, renderReportMarkdown, renderDetectionMarkdown, SUMMARY_MAX_BYTES, type ReportStage, type RenderedMarkdown } from './report/markdown.ts';
export { renderComment, renderTrajectoryComment, commentMarker, hasCommentMarker, COMMENT_MAX_CHARS, type CommentOptions, type RenderedComment } from './report/comment.ts';
export { reportEvent, monitorRepair, type UpdateEventView, type RepairView } from './report/extras.ts';
export { mergeReports, mergeReportFiles, parseReport, MAX_REPORT_BYTES, type MergeOptions, loadReportFile, loadReportFiles, findReportFiles, type LoadedReport } from './merge-reports.ts';
export { parseShard, formatShard, selectShard, fileFingerprint, MAX_SHARDS } from './shard.ts';
export { renderTextTable } from './report/text-table.ts';
export { verdictLine } from './report/verdict-line.ts';
export { needsMeasurement, DECLARE_HELP, type MeasurementDecision, type MeasurementPolicy } from './detect/needs-measurement.ts';
export { TOOL_VERSION } from './version.ts';
export type * from './types.ts';
export { planAnnotations, planDetectionAnnotations, ANNOTATIONS_PER_LEVEL, ANNOTATIONS_PER_JOB, type Annotation, type AnnotationLevel } from './report/annotations.ts';
export {
  detectUpdateEvent,
  eventForChange,
  formatEventSummary,
  declaredFromLabels,
  type ChangeSource,
  type ChangedFile,
  type UpdateEvent,
} from './detect/index.ts';
export { changedFilesFromDir, changedFilesFromGit, changedFileFromBytes } from './changes/index.ts';
export { historyFromReports, fitPredictor, renderFitSummary, type History, type HistoryExample, type FittedPredictor } from './predict/history.ts';
export { loadPredictor, parsePredictor, builtInPredictor, estimateRisk, predictorProblems, type Predictor } from './predict/predictor.ts';
export { parseBudget, formatBudget, budgetCount, type RevalidationBudget } from './predict/triage.ts';
export { FEATURE_NAMES, FEATURE_DESCRIPTIONS, type FeatureName } from './predict/features.ts';
export { calibrateConfig, thresholdAtFpr, withThresholds, writeCalibratedThresholds, formatThreshold, type CalibratedMonitor, type CalibrationResult, type CalibrateOptions } from './calibrate.ts';
export { runTrajectory, type TrajectoryOptions } from './trajectory/run.ts';
export { renderTrajectoryMarkdown, renderTrajectoryText, trajectoryLine, trajectoryVerdictLine } from './trajectory/render.ts';
export { trajectorySchemaProblems, writeTrajectoryReport } from './trajectory/json.ts';
export { checkpointFolders } from './trajectory/checkpoints.ts';
export type { Checkpoint, TrajectoryMonitor, TrajectoryPoint, TrajectoryReport } from './trajectory/types.ts';
export { readSampleRiskBatch, SAMPLE_RISK_FORMAT, type SampleRiskBatch } from './sample-risk/batch.ts';
export { rankSampleRisk, riskOrder, type SampleRiskSection, type RankedSample, type MonitorSampleRisk } from './sample-risk/rank.ts';
export { screenDataset, datasetIndex, type ScreenOptions, type ScreenResult } from './sample-risk/screen.ts';
