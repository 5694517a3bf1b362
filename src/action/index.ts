import { describeError } from '../core/index.ts';
import { log } from './log.ts';
import { runAction } from './main.ts';

try {
  await runAction();
} catch (error) {
  // Only bugs reach here; user errors (config, inputs, unwritable outputs) are reported inside runAction.
  log.setFailed(`monitor-gate bug, please report: ${describeError(error)}`);
  if (error instanceof Error && error.stack) log.debug(error.stack);
}
