/**
 * Errors meant for users: one line that names the file, the place in it and the problem.
 * Anything thrown that is not a GateError is a bug in monitor-gate and keeps its stack.
 */
/** output: a report, Markdown or predictor file could not be written (the verdict itself stands). */
export type GateErrorKind = 'usage' | 'config' | 'input' | 'probe' | 'output';

export interface GateErrorOptions {
  /** The file the problem is in, as the user would recognise it. */
  file?: string;
  /** Where in the file: "line 12, column 5", "header", "tensor 'pii.eval'", "row 17". */
  where?: string;
  /** How to fix it, when that is not obvious from the message. */
  help?: string;
}

export class GateError extends Error {
  readonly kind: GateErrorKind;
  readonly file?: string;
  readonly where?: string;
  readonly help?: string;

  constructor(kind: GateErrorKind, message: string, options: GateErrorOptions = {}) {
    super(message);
    this.name = 'GateError';
    this.kind = kind;
    this.file = options.file;
    this.where = options.where;
    this.help = options.help;
  }

  /** "file: where: message (help)" on one line. */
  toLine(): string {
    return formatProblem(this.message, this);
  }
}

export function formatProblem(message: string, options: GateErrorOptions): string {
  const place = [options.file, options.where].filter(Boolean).join(': ');
  const help = options.help ? ` (${options.help})` : '';
  return `${place ? place + ': ' : ''}${message}${help}`;
}

export const usageError = (message: string, options?: GateErrorOptions) => new GateError('usage', message, options);
export const configError = (message: string, options?: GateErrorOptions) => new GateError('config', message, options);
export const inputError = (message: string, options?: GateErrorOptions) => new GateError('input', message, options);
export const outputError = (message: string, options?: GateErrorOptions) => new GateError('output', message, options);
export const probeError = (message: string, options?: GateErrorOptions) => new GateError('probe', message, options);

/** The one-line text of any error; a non-GateError is a bug, so its stack is kept for the report. */
export function describeError(error: unknown): string {
  if (error instanceof GateError) return error.toLine();
  if (error instanceof Error) return `internal error: ${error.message}`;
  return `internal error: ${String(error)}`;
}
