import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import reportSchema from '../../../schemas/report.schema.json' with { type: 'json' };
import type { GateReport } from '../types.ts';

/** Stable bytes: key order is fixed by construction and there is no timestamp unless asked for. */
export function serializeReport(report: GateReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export async function writeReport(file: string, report: GateReport): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, serializeReport(report));
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Checks a report against the published report schema; returns readable problems, empty when valid. */
export function reportSchemaProblems(report: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(reportSchema);
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
