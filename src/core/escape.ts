/**
 * Neutralizing untrusted strings: the one module every sink uses. Tensor and ONNX input names,
 * file paths and contents from a pull request, commit strings, onnxruntime's messages and the
 * monitor ids of a merged part are data; none may act as markup or as a command where it lands.
 *
 * Sinks and what each must stop:
 * - a log line (the runner's stdout/stderr, a terminal): the runner runs `::command::` at the start
 *   of any line (after leading whitespace) and the legacy `##[command]` anywhere in one, so a newline
 *   in a name could forge `::warning` or `::stop-commands::`; ANSI escapes could hide text.
 *   -> `logLine`: one line, control characters shown as escapes, command prefixes broken.
 * - an annotation (message and title are %-encoded by @actions/core, so they cannot end the line):
 *   -> `annotationText`: control characters shown, line breaks kept (multi-line reasons).
 * - Markdown (job summary, pull request comment): mentions notify people, images load a URL
 *   (tracking pixels), links and autolinks lead away, raw HTML can close our <details>, a pipe
 *   ends a table cell. -> `mdText` (prose and table cells) and `mdCode` (a code span).
 */

/** Zero-width joiner: invisible, and not whitespace to the runner's TrimStart, GitHub's mention or autolink rules. */
const JOINER = '\u2060';

// C0 controls except tab, DEL, C1 controls, and Unicode line/paragraph separators and bidi overrides
// (which can make a log line or a comment read differently from its bytes).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeControl(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Lone UTF-16 surrogates (from a decoded name) are not text; show them as escapes too. */
function escapeLoneSurrogates(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * One line for a log (runner or terminal): line breaks and other control characters become visible
 * escapes (`\n`, `\x1b`), `::` at the start and `##[` anywhere are broken with an invisible joiner.
 */
export function logLine(s: string): string {
  let out = escapeLoneSurrogates(String(s)).replace(CONTROL_OR_NEWLINE, escapeControl);
  out = out.replace(/##\[/g, `#${JOINER}#[`);
  // The runner trims leading whitespace before looking for '::'; the joiner is not whitespace to it.
  const lead = /^\s*/.exec(out)![0];
  if (out.startsWith('::', lead.length)) out = `${lead}${JOINER}${out.slice(lead.length)}`;
  return out;
}

/** Text for an annotation message or title: control characters shown as escapes, line breaks kept. */
export function annotationText(s: string): string {
  const lines = escapeLoneSurrogates(String(s)).split(/\r\n|\r|\n/);
  return lines.map((l) => l.replace(CONTROL, escapeControl).replace(/##\[/g, `#${JOINER}#[`)).join('\n');
}

// Markdown punctuation that starts inline markup anywhere: escapes themselves, code spans, emphasis
// ('*' always; '_' only at a word edge, GFM ignores it inside words), links and images (']' before '(',
// '[' or ':'), table cells, strikethrough, math. '<' (raw HTML, autolinks) becomes an entity.
const MD_PUNCT = /[\\`*|~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\](?=[([:])/g;
// An entity (&#64; is '@', &lt; is '<') would be decoded after our escapes were read.
const MD_ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

/** Markup that only counts at the start of a line: block quotes, headings, list items, setext rules. */
function escapeLineStart(s: string): string {
  if (/^[>#+\-=]/.test(s)) return `\\${s}`;
  return s.replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Shared part of the Markdown escapes: mentions, references and autolinks get a joiner. */
function breakAutolinks(s: string): string {
  return (
    s
      // @user, @org/team, user@host (email autolinks): the joiner after '@' ends the match.
      .replace(/@/g, `@${JOINER}`)
      // scheme://host and www. autolinks
      .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, `$1:${JOINER}`)
      // not only at a word boundary: GFM also links www. after '_' (as in '_x_www.e.example'), which \b misses
      .replace(/(www)\./gi, `$1${JOINER}.`)
  );
}

/**
 * Untrusted text inside Markdown prose or a table cell: one line, every markup character
 * backslash-escaped (so no link, image, emphasis, HTML or cell break), mentions, issue references
 * and autolinks broken with an invisible joiner. The rendered text reads as the input.
 */
export function mdText(s: string): string {
  let out = escapeLoneSurrogates(String(s)).replace(/\r\n|\r|\n/g, ' ').replace(CONTROL, escapeControl);
  out = escapeLineStart(out.replace(MD_ENTITY, '&amp;').replace(/</g, '&lt;').replace(MD_PUNCT, (c) => `\\${c}`));
  // Escaped '#' still links '#123' in GitHub (references are found in the rendered text), and so do mentions.
  out = out.replace(/#(?=\d)/g, `#${JOINER}`);
  return breakAutolinks(out);
}

/**
 * Untrusted text as a Markdown code span: nothing inside is markup (mentions, links, HTML included),
 * so only the span's own delimiters need care: backticks become a quote, line breaks a space, and in
 * a table cell a pipe is escaped (GitHub splits cells before it reads code spans).
 */
export function mdCode(s: string, options: { inTable?: boolean } = {}): string {
  let body = escapeLoneSurrogates(String(s)).replace(/\r\n|\r|\n/g, ' ').replace(CONTROL, escapeControl).replace(/`/g, "'");
  if (options.inTable) body = body.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  // A span that starts or ends with a space loses one to CommonMark's stripping; pad both so it keeps its text.
  if (body.startsWith(' ') || body.endsWith(' ')) body = ` ${body} `;
  return `\`${body || ' '}\``;
}

/** A label inside a quoted Mermaid string: only characters Mermaid never reads as syntax. */
export function mermaidLabel(s: string): string {
  return String(s).replace(/[^A-Za-z0-9 ._\-/]/g, '_').slice(0, 60);
}

/** Cuts `s` to at most `max` characters (before escaping, so no escape is cut in half). */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  // Do not split a surrogate pair.
  if (cut > 0 && /[\ud800-\udbff]/.test(s[cut - 1])) cut--;
  return `${s.slice(0, cut)}…`;
}
