import { Ajv } from 'ajv';
import reportSchema from '../../../schemas/report.schema.json' with { type: 'json' };
import trajectorySchema from '../../../schemas/trajectory.schema.json' with { type: 'json' };
import { writeOutputFile } from '../report/write.ts';
import type { TrajectoryReport } from './types.ts';

let validator: ReturnType<Ajv['compile']> | undefined;

/** Checks a trajectory report against its published schema; readable problems, empty when valid. */
export function trajectorySchemaProblems(report: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strict: true }).addSchema(reportSchema).compile(trajectorySchema);
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export async function writeTrajectoryReport(file: string, report: TrajectoryReport): Promise<void> {
  await writeOutputFile(file, JSON.stringify(report, null, 2) + '\n', { what: 'trajectory report' });
}
