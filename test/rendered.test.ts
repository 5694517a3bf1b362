// Golden Markdown of the pull-request comment for real runs (test/helpers/rendered-cases.ts): each
// case is run through the real gate and renderComment and compared byte for byte with
// test/fixtures/rendered/<case>.md. A change to the layout, the wording or the numbers shows up here
// as a diff to read, not as a loose regex that still matches.
//
// To accept a change, regenerate the files and review the diff before committing it:
//
//   UPDATE_RENDERED=1 node --import tsx --test test/rendered.test.ts
//
// Cases whose inputs are missing (the realbench pack beside the repository) are skipped. The goldens
// hold no machine's paths or times: paths are relative to the repository, and reports have no timings.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { RENDERED_CASES, goldenPath, hasGolden, renderCase, renderedDir } from './helpers/rendered-cases.ts';
import { repoRoot } from './helpers/workspace.ts';

const update = process.env.UPDATE_RENDERED === '1';

describe('golden comments of real runs', () => {
  for (const c of RENDERED_CASES) {
    test(`${c.name}: ${c.what}`, { skip: c.skip }, async () => {
      const markdown = await renderCase(c);
      // Nothing machine-specific: no absolute path of this checkout or its parent, no temp folder.
      for (const local of [repoRoot, path.dirname(repoRoot), process.cwd()]) assert.ok(!markdown.includes(local), `${c.name}: contains ${local}`);
      assert.doesNotMatch(markdown, /\/tmp\/|monitor-gate-rendered-/, `${c.name}: a temp path`);
      assert.equal(markdown, await renderCase(c), `${c.name}: two runs render the same bytes`);
      if (update) {
        mkdirSync(renderedDir, { recursive: true });
        writeFileSync(goldenPath(c.name), markdown);
        return;
      }
      assert.ok(hasGolden(c.name), `${goldenPath(c.name)} is missing: run UPDATE_RENDERED=1 node --import tsx --test test/rendered.test.ts`);
      assert.equal(markdown, readFileSync(goldenPath(c.name), 'utf8'), `${c.name} differs from its golden file; if the change is intended, regenerate (see the header of this file) and review the diff`);
    });
  }
});
