/**
 * A gate run's progress as events: which activation file streams, how far and how fast, and each
 * monitor's result once it is final. The shells render them (the CLI's terminal line, the Action's
 * log groups); the core prints no progress itself, and no result depends on it: a sink that
 * throws is ignored.
 */
import { formatBytes } from './detect/parse.ts';
import type { MonitorResult } from './types.ts';

export type ProgressEvent =
  /** One tensor starts streaming: its file on every side, read once for all the monitors listed. */
  | { kind: 'file-start'; file: string; tensor: string; sides: number; bytes: number; monitors: string[] }
  | { kind: 'file-progress'; file: string; tensor: string; bytesDone: number; bytes: number; seconds: number }
  | { kind: 'file-done'; file: string; tensor: string; bytes: number; seconds: number; monitors: number; failed?: string }
  /** A monitor's result is final; bytes and seconds are those of the files it read (shared with the other monitors reading them). */
  | { kind: 'monitor-done'; result: MonitorResult; bytes: number; seconds: number };

export type ProgressSink = (event: ProgressEvent) => void;

/** Calls the sink, never letting a rendering problem reach the pipeline. */
export function emitter(sink: ProgressSink | undefined): ProgressSink {
  if (!sink) return () => {};
  return (event) => {
    try {
      sink(event);
    } catch {
      // progress is decoration: a broken terminal or log must not change a verdict
    }
  };
}

export const rate = (bytes: number, seconds: number): string => (seconds > 0 ? `${formatBytes(bytes / seconds)}/s` : '-');

const name = (file: string, tensor: string) => `${file} [${tensor}]`;

/** One plain line per event (no cursor movement); untrusted names are escaped by the shell that prints it. */
export function progressLine(event: ProgressEvent): string {
  switch (event.kind) {
    case 'file-start':
      return `reading ${name(event.file, event.tensor)}: ${formatBytes(event.bytes)} over ${event.sides} side${event.sides === 1 ? '' : 's'} for ${event.monitors.length} monitor${event.monitors.length === 1 ? '' : 's'}`;
    case 'file-progress':
      return `${name(event.file, event.tensor)}: ${Math.floor((100 * event.bytesDone) / Math.max(event.bytes, 1))}% (${formatBytes(event.bytesDone)} of ${formatBytes(event.bytes)}, ${rate(event.bytesDone, event.seconds)})`;
    case 'file-done':
      return event.failed
        ? `${name(event.file, event.tensor)}: stopped after ${event.seconds.toFixed(1)} s: ${event.failed}`
        : `read ${name(event.file, event.tensor)}: ${formatBytes(event.bytes)} in ${event.seconds.toFixed(1)} s (${rate(event.bytes, event.seconds)}) for ${event.monitors} monitor${event.monitors === 1 ? '' : 's'}`;
    case 'monitor-done': {
      const { result } = event;
      const read = event.bytes > 0 ? `; read ${formatBytes(event.bytes)} at ${rate(event.bytes, event.seconds)}` : '';
      return `${result.id}: ${result.verdict}${operatingPoint(result)}${read}`;
    }
  }
}

function operatingPoint(result: MonitorResult): string {
  if (!result.base || !result.updated) return '';
  const f = (x: number) => x.toFixed(2);
  return ` (TPR ${f(result.base.tpr)} -> ${f(result.updated.tpr)}, FPR ${f(result.base.fpr)} -> ${f(result.updated.fpr)})`;
}
