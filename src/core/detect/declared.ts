/**
 * Declared update events: a `monitor-gate/<family>` pull-request label, or `update:` in the gate
 * config. A label is about one pull request, so it wins over the config's repository-wide `update:`.
 */
import { inputError } from '../errors.ts';
import type { GateConfig } from '../types.ts';
import { type DeclarableFamily, type DeclaredEvent, DECLARABLE_FAMILIES, isDeclarableFamily } from './types.ts';

export const LABEL_PREFIX = 'monitor-gate/';

/** The family a label declares (`monitor-gate/qlora` -> qlora, case-insensitive), or undefined. */
export function familyFromLabel(label: string): DeclarableFamily | undefined {
  const l = label.trim().toLowerCase();
  if (!l.startsWith(LABEL_PREFIX)) return undefined;
  const family = l.slice(LABEL_PREFIX.length);
  return isDeclarableFamily(family) ? family : undefined;
}

/**
 * The event declared by a pull request's labels. Labels that start with `monitor-gate/` but name no
 * family are ignored (other monitor-gate labels may exist); two different families are an input error.
 */
export function declaredFromLabels(labels: readonly string[]): DeclaredEvent | undefined {
  const found = new Map<DeclarableFamily, string>();
  for (const label of labels) {
    const family = familyFromLabel(label);
    if (family && !found.has(family)) found.set(family, label);
  }
  if (found.size === 0) return undefined;
  if (found.size > 1) {
    throw inputError(`pull request labels declare different updates: ${[...found.values()].join(', ')}`, {
      help: `keep one ${LABEL_PREFIX}<family> label (${DECLARABLE_FAMILIES.join(', ')})`,
    });
  }
  const [family, label] = [...found][0];
  return { family, source: `label ${label}` };
}

/** The event declared by the config's `update:` key, with its place as the source. */
export function declaredFromConfig(config: Pick<GateConfig, 'path' | 'update'>): DeclaredEvent | undefined {
  const u = config.update;
  if (!u) return undefined;
  return { family: u.family, ...(u.sub_kind ? { sub_kind: u.sub_kind } : {}), source: `${config.path}:${u.line} update:` };
}

/** Label first, then config; undefined when neither declares anything. */
export function resolveDeclared(labels: readonly string[], config?: Pick<GateConfig, 'path' | 'update'>): DeclaredEvent | undefined {
  return declaredFromLabels(labels) ?? (config ? declaredFromConfig(config) : undefined);
}
