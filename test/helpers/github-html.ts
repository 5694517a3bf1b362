/**
 * Golden Markdown laid out the way GitHub lays out a pull-request comment, measured in headless
 * Chromium: micromark with its GFM extensions turns the Markdown into HTML (GitHub keeps <details>,
 * <summary> and <sub>; the hidden marker is an HTML comment), a small stylesheet copies what GitHub's
 * `.markdown-body` does to a comment (14px system font, line height 1.5, tables as a block of
 * `width: max-content; max-width: 100%; overflow: auto` with 6px 13px cell padding, code at 85%), in a
 * box of GitHub's comment content width. A ```mermaid block is an iframe of the chart's own height on
 * GitHub; here it is a box of the height the block asks for (`xyChart.height`, 500 when unset).
 *
 * Chromium runs from its own command line (`--headless --dump-dom`); a script in the page measures
 * and writes the numbers into the DOM it dumps.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** GitHub's comment body content width, in CSS pixels. */
export const COMMENT_WIDTH = 780;

/** Chromium's command, when one is installed: $CHROMIUM, else the first of the usual names on PATH. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].filter((c): c is string => !!c);
  for (const c of candidates) {
    if (path.isAbsolute(c) ? existsSync(c) : spawnSync('which', [c], { encoding: 'utf8' }).status === 0) return c;
  }
  return undefined;
}

const STYLE = `
body { margin: 0; padding: 16px; background: #fff; }
.markdown-body { box-sizing: content-box; width: ${COMMENT_WIDTH}px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.5; color: #1f2328; overflow-wrap: break-word; margin-bottom: 48px; }
.markdown-body > *:first-child { margin-top: 0 !important; }
.markdown-body > *:last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body blockquote, .markdown-body ul, .markdown-body ol, .markdown-body table, .markdown-body pre, .markdown-body details { margin-top: 0; margin-bottom: 16px; }
.markdown-body h2 { margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25; font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body ul { padding-left: 2em; }
.markdown-body li + li { margin-top: .25em; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; margin-left: 0; margin-right: 0; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background-color: #818b981f; border-radius: 6px; font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; background: transparent; white-space: pre; font-size: 100%; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body table tr { border-top: 1px solid #d1d9e0b3; }
.markdown-body details summary { cursor: pointer; display: list-item; }
.markdown-body sub { font-size: 75%; line-height: 0; }
.mermaid-chart { border: 1px solid #d1d9e0; margin-bottom: 16px; }
`;

/** The Markdown as GitHub's HTML, with each ```mermaid block as a box of its chart's height. */
export function githubHtml(markdown: string): string {
  const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return html.replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, (_, body: string) => {
    const height = Number(/&quot;height&quot;: (\d+)/.exec(body)?.[1] ?? 500);
    return `<div class="mermaid-chart" style="height: ${height}px"></div>`;
  });
}

export interface TableSize {
  /** The laid-out width (GitHub caps it at the box). */
  width: number;
  /** The width its content needs without wrapping any cell (max-content). */
  natural: number;
  /** Greater than clientWidth: the table scrolls sideways. */
  scrollWidth: number;
  clientWidth: number;
}

export interface RenderedSize {
  /** The comment as posted: every <details> closed. */
  collapsedHeight: number;
  /** Every <details> open. */
  expandedHeight: number;
  /** The widest anything in the box reaches (scrollWidth of the box, details open). */
  scrollWidth: number;
  /** Every table, details open, in document order. */
  tables: TableSize[];
}

const MEASURE = `
<script>
const out = {};
for (const box of document.querySelectorAll('.markdown-body')) {
  const [name, state] = box.id.split('--');
  const r = (out[name] ??= {});
  if (state === 'collapsed') { r.collapsedHeight = box.getBoundingClientRect().height; continue; }
  r.expandedHeight = box.getBoundingClientRect().height;
  r.scrollWidth = box.scrollWidth;
  r.tables = [...box.querySelectorAll('table')].map((t) => {
    const width = t.getBoundingClientRect().width;
    const scrollWidth = t.scrollWidth, clientWidth = t.clientWidth;
    t.style.maxWidth = 'none';
    const natural = t.getBoundingClientRect().width;
    t.style.maxWidth = '';
    return { width, natural, scrollWidth, clientWidth };
  });
}
document.getElementById('result').textContent = JSON.stringify(out);
</script>`;

/** One page holding every case twice (collapsed as posted, and with every <details> open). */
function page(cases: ReadonlyArray<[string, string]>): string {
  const boxes = cases.flatMap(([name, markdown]) => {
    const html = githubHtml(markdown);
    return [
      `<div class="markdown-body" id="${name}--collapsed">${html}</div>`,
      `<div class="markdown-body" id="${name}--expanded">${html.replace(/<details>/g, '<details open>')}</div>`,
    ];
  });
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${boxes.join('\n')}<pre id="result"></pre>${MEASURE}</body></html>`;
}

/** Lays out every case in headless Chromium and returns its sizes in CSS pixels. */
export function measureRendered(chromium: string, cases: ReadonlyArray<[string, string]>, options: { screenshots?: string } = {}): Record<string, RenderedSize> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'monitor-gate-chromium-'));
  try {
    const file = path.join(dir, 'page.html');
    writeFileSync(file, page(cases));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`];
    const run = spawnSync(chromium, [...flags, '--window-size=1200,900', '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    const dumped = /<pre id="result">([^<]*)<\/pre>/.exec(run.stdout ?? '')?.[1];
    if (!dumped) throw new Error(`chromium printed no measurement (status ${run.status}, ${run.error?.message ?? ''}): ${(run.stderr ?? '').slice(-2000)}`);
    const sizes = JSON.parse(dumped.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as Record<string, RenderedSize>;
    if (options.screenshots) {
      // One picture per case as posted (collapsed), the window cut to the comment's box.
      for (const [name, markdown] of cases) {
        const one = path.join(dir, `${name}.html`);
        writeFileSync(one, `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body><div class="markdown-body">${githubHtml(markdown)}</div></body></html>`);
        const height = Math.ceil(sizes[name].collapsedHeight) + 32;
        spawnSync(chromium, [...flags, `--window-size=${COMMENT_WIDTH + 32},${height}`, `--screenshot=${path.join(options.screenshots, `${name}.png`)}`, `file://${one}`], { timeout: 120_000 });
      }
    }
    return sizes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
