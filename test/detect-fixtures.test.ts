/**
 * Detection on fixtures written from each tool's own documentation (test/fixtures/detect/<tool>/<case>/:
 * the files of a change and an expected.json with the family, the sub_kind and the sources that define
 * every key used). Every case must be right.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { changedFilesFromDir } from '../src/core/changes/index.ts';
import { detectUpdateEvent, formatEventSummary, isUpdateFamily } from '../src/core/detect/index.ts';
import { repoRoot } from './helpers/workspace.ts';

const root = path.join(repoRoot, 'test', 'fixtures', 'detect');

interface Expected {
  family: string;
  sub_kind: string | null;
  sources: string[];
  note?: string;
}

function cases(): Array<{ tool: string; name: string; dir: string; expected: Expected }> {
  const out = [];
  for (const tool of readdirSync(root).sort()) {
    for (const name of readdirSync(path.join(root, tool)).sort()) {
      const dir = path.join(root, tool, name);
      if (!statSync(dir).isDirectory()) continue;
      out.push({ tool, name, dir, expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected });
    }
  }
  return out;
}

test('documentation fixtures: every case per tool has the expected family and sub_kind', async (t) => {
  const all = cases();
  assert.ok(all.length >= 100, `${all.length} fixtures`);
  const misses: string[] = [];
  const perTool = new Map<string, [number, number]>();
  for (const c of all) {
    assert.ok(isUpdateFamily(c.expected.family), `${c.tool}/${c.name}: expected family ${c.expected.family}`);
    assert.ok(c.expected.sources.length > 0, `${c.tool}/${c.name}: no sources`);
    const files = (await changedFilesFromDir(c.dir)).filter((f) => f.path !== 'expected.json');
    const event = await detectUpdateEvent(files);
    const ok = event.family === c.expected.family && event.sub_kind === c.expected.sub_kind;
    const [right, total] = perTool.get(c.tool) ?? [0, 0];
    perTool.set(c.tool, [right + (ok ? 1 : 0), total + 1]);
    if (!ok) misses.push(`${c.tool}/${c.name}: got ${event.family}/${event.sub_kind}, expected ${c.expected.family}/${c.expected.sub_kind}\n${formatEventSummary(event)}`);
  }
  t.diagnostic([...perTool].map(([tool, [r, n]]) => `${tool} ${r}/${n}`).join(', '));
  assert.deepEqual(misses, []);
});
