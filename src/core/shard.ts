/**
 * Sharding a monitor stack across runners: "i/n" picks a deterministic subset of the config's
 * monitor entries, and the config fingerprint lets a merge check every part ran the same config.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usageError } from './errors.ts';
import type { GateConfig, ShardSpec } from './types.ts';

/** More shards than this is a typo, not a runner fleet. */
export const MAX_SHARDS = 256;

/** Parses "i/n" (1-based, as an Actions matrix counts: `shard: ${{ matrix.shard }}/4`). */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const expected = `'i/n' with 1 <= i <= n <= ${MAX_SHARDS}, e.g. '2/4'`;
  if (!m) throw usageError(`shard must look like ${expected}, got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw usageError(`shard must be ${expected}, got '${text}'`);
  }
  return { index, count };
}

export const formatShard = (shard: ShardSpec) => `${shard.index}/${shard.count}`;

/**
 * Round-robin over the config's monitor entries in file order: entry k (0-based, valid or not)
 * belongs to shard (k mod n) + 1. Every entry lands in exactly one shard, shards differ in size by
 * at most one, and every runner computes the same split from the same config.
 */
export function shardOfEntry(entryIndex: number, count: number): number {
  return (entryIndex % count) + 1;
}

/** The part of the config's monitors (valid and invalid entries) that `shard` evaluates. */
export function selectShard(config: GateConfig, shard: ShardSpec): Pick<GateConfig, 'monitors' | 'invalidMonitors'> {
  // config.monitors keeps file order and skips the invalid entries, which carry their own index.
  const invalid = new Set(config.invalidMonitors.map((m) => m.index));
  const total = config.monitors.length + config.invalidMonitors.length;
  const validIndices: number[] = [];
  for (let k = 0; k < total; k++) if (!invalid.has(k)) validIndices.push(k);
  const mine = (entryIndex: number) => shardOfEntry(entryIndex, shard.count) === shard.index;
  return {
    monitors: config.monitors.filter((_, i) => mine(validIndices[i])),
    invalidMonitors: config.invalidMonitors.filter((m) => mine(m.index)),
  };
}

/** "sha256:<hex>" of a file's bytes, or undefined when it cannot be read. */
export function fileFingerprint(file: string): string | undefined {
  try {
    return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  } catch {
    return undefined;
  }
}
