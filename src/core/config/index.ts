/** Config loading and validation: the gate's .github/monitor-gate.yml. */
export {
  DEFAULT_CONFIG_PATH,
  DEFAULT_MASK,
  DEFAULT_MIN_CLASS_ROWS,
  DEFAULT_OUTPUT,
  DEFAULT_POOLING,
  DEFAULT_TOLERANCE,
  configSchema,
  formatDiagnostic,
  formatKeyPath,
  loadConfig,
  parseBatchRef,
  parseLabelsRef,
  suggest,
  validateConfig,
  validateConfigText,
} from './load-config.ts';
