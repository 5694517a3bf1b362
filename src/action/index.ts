import * as core from '@actions/core';
import { describeError } from '../core/index.ts';
import { runAction } from './main.ts';

try {
  await runAction();
} catch (error) {
  // Only bugs reach here; user errors are reported inside runAction.
  core.setFailed(`monitor-gate bug, please report: ${describeError(error)}`);
  if (error instanceof Error && error.stack) core.debug(error.stack);
}
