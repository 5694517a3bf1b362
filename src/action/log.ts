/**
 * The Action's only way to the runner log: every line goes through escape.ts, so a name from the
 * pull request's files (or an API error message) can never forge a workflow command, and the token
 * is masked (core.setSecret) and also replaced in anything we write ourselves (summary, comment).
 */
import * as core from '@actions/core';
import { annotationText, logLine, type Logger } from '../core/index.ts';

const secrets: string[] = [];

/** Masks a secret in the runner log (add-mask) and in every text the Action writes. */
export function addSecret(value: string): void {
  if (!value) return;
  core.setSecret(value);
  if (!secrets.includes(value)) secrets.push(value);
}

/** `text` with every registered secret replaced by ***. */
export function redact(text: string): string {
  let out = String(text);
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

function props(p: AnnotationProps | undefined): core.AnnotationProperties | undefined {
  if (!p) return undefined;
  return {
    ...(p.title !== undefined ? { title: logLine(redact(p.title)) } : {}),
    ...(p.file !== undefined ? { file: logLine(p.file) } : {}),
    ...(p.startLine !== undefined ? { startLine: p.startLine } : {}),
    ...(p.startColumn !== undefined ? { startColumn: p.startColumn } : {}),
  };
}

export const log = {
  info: (message: string) => core.info(logLine(redact(message))),
  debug: (message: string) => core.debug(logLine(redact(message))),
  warning: (message: string, p?: AnnotationProps) => core.warning(annotationText(redact(message)), props(p)),
  error: (message: string, p?: AnnotationProps) => core.error(annotationText(redact(message)), props(p)),
  notice: (message: string, p?: AnnotationProps) => core.notice(annotationText(redact(message)), props(p)),
  /** An error annotation and a failing step (exit code 1). */
  setFailed: (message: string) => core.setFailed(annotationText(redact(message))),
};

/** The core pipeline's logger on the runner: monitor errors become annotations at their config line instead. */
export const actionsLogger: Logger = {
  info: (m) => log.info(m),
  warning: (m) => log.warning(m),
  error: (m) => log.info(`error: ${m}`),
  debug: (m) => log.debug(m),
};
