// The golden comments (test/fixtures/rendered/*.md) laid out the way GitHub lays out a pull-request
// comment and measured in headless Chromium (test/helpers/github-html.ts): no table may be wider
// than GitHub's 780 px comment box (no sideways scrolling), and the realbench QLoRA comment, as
// posted with its sections collapsed, stays under 1,200 px tall.
//
// Needs Chromium (Debian: apt-get install -y chromium; or set CHROMIUM to its path): skipped, not
// failed, without it. Sizes depend on the fonts installed (GitHub's system-font stack falls back to
// Liberation Sans and DejaVu Sans on Debian); MEASURE_RENDERED=1 prints every case's sizes, and
// RENDERED_SCREENSHOTS=<folder> also writes one PNG per case as posted.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { COMMENT_WIDTH, findChromium, measureRendered, type RenderedSize } from './helpers/github-html.ts';
import { renderedDir } from './helpers/rendered-cases.ts';

const chromium = findChromium();
const skip = chromium ? false : 'chromium is not installed (apt-get install -y chromium, or set CHROMIUM): the rendered-size check needs a browser';

/** QLoRA's comment as posted (details collapsed) must fit here. */
const MAX_COLLAPSED_HEIGHT = 1200;

describe('golden comments at GitHub comment width', { skip }, () => {
  const cases = readdirSync(renderedDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f): [string, string] => [f.replace(/\.md$/, ''), readFileSync(path.join(renderedDir, f), 'utf8')]);
  let sizes: Record<string, RenderedSize>;

  test('every golden case lays out in Chromium', () => {
    assert.ok(cases.length >= 5, `golden cases: ${cases.map(([n]) => n).join(', ')}`);
    const screenshots = process.env.RENDERED_SCREENSHOTS;
    if (screenshots) mkdirSync(screenshots, { recursive: true });
    sizes = measureRendered(chromium as string, cases, { screenshots });
    if (process.env.MEASURE_RENDERED === '1' || screenshots) {
      for (const [name] of cases) {
        const s = sizes[name];
        const tables = s.tables.map((t) => `${Math.round(t.natural)}`).join(', ');
        console.log(`${name}: ${COMMENT_WIDTH} px wide box, collapsed ${Math.round(s.collapsedHeight)} px, expanded ${Math.round(s.expandedHeight)} px, tables ${tables} px`);
      }
    }
    for (const [name] of cases) assert.ok(sizes[name], `${name} measured`);
  });

  test('no table is wider than the comment box: nothing scrolls sideways, no cell has to wrap', () => {
    for (const [name] of cases) {
      const s = sizes[name];
      assert.ok(s.tables.length > 0, `${name} has a table`);
      s.tables.forEach((t, i) => {
        assert.ok(t.scrollWidth <= t.clientWidth, `${name} table ${i + 1} scrolls sideways: ${t.scrollWidth} px in ${t.clientWidth} px`);
        assert.ok(t.natural <= COMMENT_WIDTH, `${name} table ${i + 1} needs ${Math.round(t.natural)} px unwrapped, more than the ${COMMENT_WIDTH} px box`);
      });
      assert.ok(s.scrollWidth <= COMMENT_WIDTH, `${name}: something reaches ${s.scrollWidth} px, past the ${COMMENT_WIDTH} px box`);
    }
  });

  test(`the realbench QLoRA comment, collapsed, is under ${MAX_COLLAPSED_HEIGHT} px tall`, { skip: cases.some(([n]) => n === 'realbench-qlora') ? false : 'no realbench-qlora golden (the realbench pack was not there when the goldens were made)' }, () => {
    const qlora = sizes['realbench-qlora'];
    assert.ok(qlora, 'realbench-qlora measured');
    assert.ok(qlora.collapsedHeight < MAX_COLLAPSED_HEIGHT, `${Math.round(qlora.collapsedHeight)} px`);
    // Collapsing is what keeps it short: the details are still all there.
    assert.ok(qlora.expandedHeight > qlora.collapsedHeight * 2, `expanded ${Math.round(qlora.expandedHeight)} px`);
  });
});
