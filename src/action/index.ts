import { describeError } from '../core/index.ts';
import { log } from './log.ts';
import { runAction } from './main.ts';

// Node prints process warnings to stderr verbatim, and a library's warning may quote input (a config
// key): on the runner that is a line outside our sinks, so route them through the escaped log.
process.emitWarning = ((warning: string | Error) => log.debug(`node warning: ${warning instanceof Error ? warning.message : String(warning)}`)) as typeof process.emitWarning;

try {
  await runAction();
} catch (error) {
  // Only bugs reach here; user errors (config, inputs, unwritable outputs) are reported inside runAction.
  log.setFailed(`monitor-gate bug, please report: ${describeError(error)}`);
  if (error instanceof Error && error.stack) log.debug(error.stack);
}
