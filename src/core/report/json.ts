import { Ajv } from 'ajv';
import reportSchema from '../../../schemas/report.schema.json' with { type: 'json' };
import type { GateReport } from '../types.ts';
import { writeOutputFile } from './write.ts';

/** Stable bytes: key order is fixed by construction and there is no timestamp unless asked for. */
export function serializeReport(report: GateReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * Writes the JSON report atomically (temp file in the same folder, then rename): a failed write
 * leaves the old file or none, never half a report. Failures are one `output` GateError line.
 */
export async function writeReport(file: string, report: GateReport): Promise<void> {
  await writeOutputFile(file, serializeReport(report), { what: 'report' });
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Checks a report against the published report schema; returns readable problems, empty when valid. */
export function reportSchemaProblems(report: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(reportSchema);
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
