#!/usr/bin/env node
import { logLine } from '../core/index.ts';
import { runCli } from './main.ts';

// Node prints process warnings verbatim; a library's warning may quote input, so it goes out as one inert line.
process.emitWarning = ((warning: string | Error) => {
  process.stderr.write(`warning: ${logLine(warning instanceof Error ? warning.message : String(warning))}\n`);
}) as typeof process.emitWarning;

process.exitCode = await runCli(process.argv.slice(2));
