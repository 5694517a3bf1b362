/**
 * Whether a change must be measured: the one place the gate decides to skip. It fails closed: only a
 * change positively recognized as not touching a model (family none), with skipping opted into, skips.
 * No change given, an unknown update, or any recognized update is measured.
 */
import type { Evidence, UpdateEvent } from './types.ts';

export interface MeasurementDecision {
  measure: boolean;
  /** One sentence for the verdict line and the log: why the monitors are (not) measured. */
  reason: string;
  /** For family unknown: the files that touch a model without saying how (what made it unknown). */
  unidentified?: Evidence[];
}

export interface MeasurementPolicy {
  /** Config `skip-when-unchanged`: skip a change with no model update (family none). */
  skipWhenUnchanged: boolean;
}

/** How to declare the family, for messages about an unknown update. */
export const DECLARE_HELP = 'declare the family with `update: <family>` in the config or a `monitor-gate/<family>` pull request label';

export function needsMeasurement(event: UpdateEvent | undefined, policy: MeasurementPolicy): MeasurementDecision {
  if (!event) return { measure: true, reason: 'no change was given to detect the update from; the monitors are measured' };
  const declared = event.declared ? ` (declared by ${event.declared.source})` : '';
  switch (event.family) {
    case 'none':
      return policy.skipWhenUnchanged
        ? { measure: false, reason: `no model update in the change${declared}; measurement skipped (skip-when-unchanged: true)` }
        : { measure: true, reason: `no model update in the change${declared}; the monitors are measured anyway (set skip-when-unchanged: true to skip such changes)` };
    case 'unknown': {
      const unidentified = event.evidence.filter((e) => e.kind === 'touches-model');
      const files = [...new Set(unidentified.map((e) => e.file))];
      const named = files.length === 0 ? '' : `: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
      return {
        measure: true,
        reason: `the change touches the model but its kind of update could not be identified${named}; the monitors are measured (${DECLARE_HELP})`,
        unidentified,
      };
    }
    default:
      return { measure: true, reason: `${event.sub_kind ? `${event.family} (${event.sub_kind})` : event.family} update${declared}; the monitors are measured` };
  }
}
