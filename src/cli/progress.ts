/**
 * Progress on the terminal (stderr, so stdout keeps the table): on a TTY one line that updates in
 * place while a file streams (at most ten times a second), then a line per file read and one per
 * monitor as its result is final, with bytes per second; elsewhere (pipes, CI logs) the same lines
 * without the updating one, plus a plain progress line every ten seconds of a long file. Every
 * line is escaped (names come from files).
 */
import { logLine, progressLine, type ProgressSink } from '../core/index.ts';

export interface ProgressTarget {
  write: (text: string) => void;
  /** Whether the target is a terminal that understands carriage return and erase-line. */
  tty: boolean;
  /** Milliseconds since some fixed point; injectable so tests control the throttle. */
  now?: () => number;
}

const TTY_INTERVAL_MS = 100;
const PLAIN_INTERVAL_MS = 10_000;
const CLEAR_LINE = '\r\x1b[K';

export interface TerminalProgress {
  sink: ProgressSink;
  /** Clears the updating line, so another line (a warning) starts at the left edge. */
  clear: () => void;
}

export function terminalProgress(target: ProgressTarget): TerminalProgress {
  const now = target.now ?? (() => performance.now());
  let lastUpdate = -Infinity;
  let live = false; // a transient line is on screen
  const clear = () => {
    if (live) target.write(CLEAR_LINE);
    live = false;
  };
  const line = (text: string) => {
    clear();
    target.write(`${logLine(text)}\n`);
  };
  const sink: ProgressSink = (event) => {
    if (event.kind === 'file-progress') {
      const t = now();
      if (t - lastUpdate < (target.tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS) || event.bytesDone >= event.bytes) return;
      lastUpdate = t;
      if (target.tty) {
        target.write(`${CLEAR_LINE}${logLine(progressLine(event))}`);
        live = true;
      } else {
        line(progressLine(event));
      }
      return;
    }
    if (event.kind === 'file-start') {
      // on a terminal the file's line updates in place until it is read; elsewhere its "read" line says it all
      lastUpdate = now();
      if (target.tty) {
        target.write(`${CLEAR_LINE}${logLine(progressLine(event))}`);
        live = true;
      }
      return;
    }
    line(progressLine(event));
  };
  return { sink, clear };
}
