/**
 * Progress in the runner log: plain lines per file (a line every ten seconds while a long file
 * streams) and one collapsible log group per monitor as its result is final, holding its operating
 * point, the bytes it read and why it got its verdict. Everything goes through log.ts (escaped,
 * secrets masked).
 */
import * as core from '@actions/core';
import { logLine, progressLine, type ProgressSink } from '../core/index.ts';
import { log, redact } from './log.ts';

const PLAIN_INTERVAL_MS = 10_000;

export function actionsProgress(now: () => number = () => performance.now()): ProgressSink {
  let lastUpdate = -Infinity;
  return (event) => {
    switch (event.kind) {
      case 'file-start':
        lastUpdate = now();
        log.info(progressLine(event));
        return;
      case 'file-progress':
        if (now() - lastUpdate < PLAIN_INTERVAL_MS || event.bytesDone >= event.bytes) return;
        lastUpdate = now();
        log.info(progressLine(event));
        return;
      case 'file-done':
        log.info(progressLine(event));
        return;
      case 'monitor-done': {
        const { result } = event;
        core.startGroup(logLine(redact(`${result.id}: ${result.verdict}`)));
        try {
          log.info(progressLine(event));
          for (const reason of result.reasons) log.info(`  ${reason}`);
          if (result.error) log.info(`  error: ${result.error}`);
          if (result.repair) log.info(`  repair (${result.repair.method}): ${result.repair.verdict_after ?? 'not measured'}${result.repair.file ? `, written to ${result.repair.file}` : ''}`);
        } finally {
          core.endGroup();
        }
      }
    }
  };
}
