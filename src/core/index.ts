/** The pipeline's public surface; the CLI and the Action import only from here. */
export { loadConfig, validateConfig, formatDiagnostic } from './config/index.ts';
export { runGate, displayPath, type GateRunOptions } from './gate.ts';
export { GateError, describeError } from './errors.ts';
export { exitCodeFor, decideGate, judgeStaleness } from './verdict.ts';
export { serializeReport, writeReport, reportSchemaProblems } from './report/json.ts';
export { renderMarkdown } from './report/markdown.ts';
export { renderTextTable } from './report/text-table.ts';
export { TOOL_VERSION } from './version.ts';
export type * from './types.ts';
export { planAnnotations, ANNOTATIONS_PER_LEVEL, type Annotation } from './report/annotations.ts';
