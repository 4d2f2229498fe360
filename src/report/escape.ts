/**
 * The one choke point for user-supplied strings on their way out: every name, owner, id, path,
 * reason and message that came from a manifest passes through `escapeMarkdown` before it reaches
 * a job summary or a PR comment, and through `escapeLogText` before it reaches stdout. Renderers
 * build their own syntax (tables, headings, colours) around the escaped values, never from them.
 */

/** Default cap for one value, in UTF-16 code units; whole documents have their own byte caps. */
export const DEFAULT_MAX_VALUE_LENGTH = 1_000;

export interface EscapeOptions {
  /** Longer values are cut and end with `…`; defaults to `DEFAULT_MAX_VALUE_LENGTH`. */
  maxLength?: number;
}

/**
 * Cuts `text` to at most `maxLength` UTF-16 code units, the `…` that marks the cut included.
 * Never splits a surrogate pair, so the result is always well-formed.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength < 1) return '';
  let cut = text.slice(0, maxLength - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Characters a reader cannot see but that change what a line means: line breaks, control
 * characters (an ESC can repaint a terminal), lone surrogates, every format character (category
 * Cf: bidi overrides reorder a table cell, zero-width spaces make two ids look equal, the
 * interlinear annotations U+FFF9–U+FFFB and the tag block hide text) and the other
 * default-ignorable characters (string comparison on the runner skips them).
 */
const INVISIBLE = /\r\n|[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

const TAG_SPEC = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]$/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const LATIN_OR_COMMON = /[\p{Script=Latin}\p{Script=Common}]/u;

/**
 * Invisible characters that real text needs, kept only where they do that job: variation
 * selectors (emoji and CJK presentation); a zero-width joiner between two emoji (family and
 * profession sequences); a zero-width non-joiner or joiner between two letters of a script that
 * shapes with them (Persian, Indic), never between Latin letters, where it only makes one id look
 * like another; and tag characters inside a subdivision flag (🏴 followed by tag letters and
 * U+E007F). Everything else is made visible.
 */
function isKeptInvisible(char: string, offset: number, whole: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if ((code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)) return true;
  if (code === 0x200c || code === 0x200d) {
    const before = previousVisible(whole, offset);
    const after = String.fromCodePoint(whole.codePointAt(offset + 1) ?? 0);
    if (code === 0x200d && EMOJI.test(before) && EMOJI.test(after)) return true;
    return /\p{L}|\p{M}/u.test(before) && /\p{L}|\p{M}/u.test(after) && !LATIN_OR_COMMON.test(before) && !LATIN_OR_COMMON.test(after);
  }
  if (code >= 0xe0020 && code <= 0xe007f) return inSubdivisionFlag(whole, offset);
  return false;
}

/** The character before `offset`, skipping variation selectors and emoji modifiers. */
function previousVisible(whole: string, offset: number): string {
  const before = [...whole.slice(Math.max(0, offset - 8), offset)];
  const isModifier = (char: string): boolean => {
    const code = char.codePointAt(0) ?? 0;
    return (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0x1f3fb && code <= 0x1f3ff);
  };
  while (before.length > 0 && isModifier(before[before.length - 1]!)) before.pop();
  return before[before.length - 1] ?? '';
}

/** True when the tag character at `offset` is part of 🏴 + tag letters/digits + cancel tag. */
function inSubdivisionFlag(whole: string, offset: number): boolean {
  let start = offset;
  while (start >= 2 && TAG_SPEC.test(String.fromCodePoint(whole.codePointAt(start - 2) ?? 0))) start -= 2;
  if (whole.codePointAt(start - 2) !== 0x1f3f4) return false;
  let end = start;
  let letters = 0;
  while (TAG_SPEC.test(String.fromCodePoint(whole.codePointAt(end) ?? 0))) {
    end += 2;
    letters += 1;
  }
  return letters >= 2 && letters <= 6 && whole.codePointAt(end) === 0xe007f && offset <= end;
}

const LINE_BREAKS = new Set(['\r\n', '\n', '\r', '\u0085', '\u2028', '\u2029']);

function codePointLabel(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** Markdown escapes: what each character becomes. Numeric references work in Markdown and HTML alike. */
const MARKDOWN_REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '!': '&#33;',
  '|': '&#124;',
  '{': '&#123;',
  '}': '&#125;',
  '\\': '&#92;',
  $: '&#36;',
};

/**
 * A word joiner (U+2060), written as a reference so that it shows up in the raw `.md` file. GitHub
 * links mentions, issue references and bare URLs *after* rendering, on the decoded text, so a
 * `&#64;` alone still notifies `@org/team`; a character between `@` and the name does not
 * (Dependabot and Renovate escape mentions the same way). Unlike a zero-width space, a word
 * joiner is no line-break opportunity: in a narrow table cell `@acme` stays on one line instead
 * of showing as `@` above `acme`.
 */
const BREAK = '&#8288;';

/**
 * Everything `escapeMarkdown` rewrites, in one pass so that no escape is escaped twice: syntax
 * characters anywhere, `@`, `#`, the `:` of `://`, dots (only list markers and `www.` change),
 * characters that start a block only at the start of a value, and a leading `:` (a report file
 * printed by a later step must not start a line with a workflow command).
 */
const MARKDOWN_SPECIAL = /[&<>"'`*_~[\]()!|{}\\$@#.]|:(?=\/\/)|^[-+=: ]/g;

/**
 * Makes `text` inert wherever it lands in GitHub-flavoured Markdown or HTML: a table cell, a
 * heading, a list item, an attribute value or a paragraph. The result is one line (line breaks
 * become `↵`, tabs a space, other invisible characters `⟨U+XXXX⟩`), contains no `<`, no `|`,
 * no link, image, emphasis, code, math or HTML syntax, cannot start a list, heading, quote or
 * code block, and is not turned into a mention, issue reference or autolink. It reads the same
 * once rendered, except that a word joiner (U+2060, invisible and unbreakable) follows `@`, `#` and `://`, and `www` precedes
 * one. Values longer than `maxLength` are cut with `…` before escaping.
 */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  const visible = truncate(text, options.maxLength ?? DEFAULT_MAX_VALUE_LENGTH).replace(INVISIBLE, (char, offset: number, whole: string) => {
    if (LINE_BREAKS.has(char)) return '↵';
    if (char === '\t') return ' ';
    if (isKeptInvisible(char, offset, whole)) return char;
    return `⟨U+${codePointLabel(char)}⟩`;
  });
  return visible.replace(MARKDOWN_SPECIAL, (match, offset: number, whole: string) => {
    switch (match) {
      case ':':
        return offset === 0 ? '&#58;' : `:${BREAK}`;
      case '@':
        return `&#64;${BREAK}`;
      case '#':
        return /^[\p{L}\p{N}]/u.test(whole.slice(offset + 1, offset + 3)) ? `&#35;${BREAK}` : '&#35;';
      case '.':
        return escapeDot(whole, offset);
      case '-':
      case '+':
      case '=':
      case ' ':
        // Only reached at offset 0: a list item, setext underline or indented code block.
        return `&#${match.charCodeAt(0)};`;
      default:
        return MARKDOWN_REFERENCES[match] ?? match;
    }
  });
}

/** `1.` at the start would open an ordered list; `www.` becomes a link even without a scheme. */
function escapeDot(whole: string, offset: number): string {
  if (offset > 0 && offset <= 9 && /^\d+$/.test(whole.slice(0, offset))) return '&#46;';
  if (/(?:^|[^\p{L}\p{N}])www$/iu.test(whole.slice(Math.max(0, offset - 4), offset))) return `${BREAK}.`;
  return '.';
}

/**
 * Makes `text` safe to print as (part of) one line of a job's log or a terminal. Line breaks and
 * other control or invisible characters become JSON-style escapes (`\n`, `\u001b`), so a value
 * can neither start a new line nor recolour or rewrite the terminal.
 *
 * The Actions runner reads every stdout line as a possible workflow command, and a manifest must
 * never be able to issue one (`::add-mask::`, `::stop-commands::` that switches off every later
 * annotation, `::error::` that fakes one). It accepts `::name::` at the start of a line after
 * leading whitespace, and the legacy `##[name]` *anywhere* in a line; it compares with .NET
 * culture-aware string functions, which skip zero-width characters, so inserting one does not
 * help. Instead a leading `:` and the `[` of `##[` are written as visible escapes (`\u003a`,
 * `\u005b`), which nothing on the runner reads back.
 *
 * Backslashes are left as they are (Windows paths stay readable); values longer than
 * `maxLength` are cut with `…` first.
 */
export function escapeLogText(text: string, options: EscapeOptions = {}): string {
  const visible = truncate(text, options.maxLength ?? DEFAULT_MAX_VALUE_LENGTH).replace(INVISIBLE, (char, offset: number, whole: string) => {
    if (char === '\n' || char === '\r\n') return char === '\n' ? '\\n' : '\\r\\n';
    if (char === '\r') return '\\r';
    if (char === '\t') return '\\t';
    if (isKeptInvisible(char, offset, whole)) return char;
    const code = char.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return visible
    .replace(/(#\p{Default_Ignorable_Code_Point}*#\p{Default_Ignorable_Code_Point}*)\[/gu, '$1\\u005b')
    .replace(/^([\s\p{Default_Ignorable_Code_Point}]*):(?=\p{Default_Ignorable_Code_Point}*:)/u, '$1\\u003a');
}
