import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_VALUE_LENGTH, escapeLogText, escapeMarkdown, truncate } from '../../src/report/escape.js';

/** What a browser shows for the escaped text: numeric and the few named references decoded. */
function rendered(markdown: string): string {
  return markdown
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] ?? '');
}

/** The word joiner that `escapeMarkdown` puts where a mention or link would start. */
const JOINER = /\u2060/g;

// HOSTILE.md row 22, plus the neighbours an attacker would try next.
const HOSTILE_MARKDOWN = [
  '</td></tr></table>## ✅ PASSED',
  '" onclick=alert(1) x="',
  "' onmouseover='alert(1)",
  '[x](javascript:alert(1))',
  '![img](https://evil.example/p.png)',
  '@org/team please approve',
  '<img src=x onerror=alert(1)>',
  'a|b|c',
  '| fake | row |',
  'line one\nline two\r\n## ✅ PASSED\rthird',
  '<https://evil.example>',
  '`code` *bold* _em_ ~~strike~~ $x^2$ {{ template }}',
  'back\\slash & &amp; entity',
];

describe('escapeMarkdown: HOSTILE row 22 is inert', () => {
  test.each(HOSTILE_MARKDOWN)('%j', (input) => {
    const output = escapeMarkdown(input);
    expect(output).not.toMatch(/[<>|`*_~[\]()!{}$\\"']/);
    expect(output).not.toContain('](');
    expect(output).not.toMatch(/[\r\n\t]/);
    // Every `&` starts a reference we wrote, so the user cannot write one of their own.
    expect(output.replace(/&(?:#\d+|lt|gt|quot|amp);/g, '')).not.toContain('&');
    // Once rendered it reads as the input, on one line, with word joiners where links would start.
    expect(rendered(output).replace(JOINER, '')).toBe(input.replace(/\r\n|\r|\n/g, '↵'));
  });

  test.each([
    ['</td></tr></table>## ✅ PASSED', '&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&#35;&#35; ✅ PASSED'],
    ['" onclick=', '&quot; onclick='],
    ['[x](javascript:alert(1))', '&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41;'],
    ['@org/team', '&#64;&#8288;org/team'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert&#40;1&#41;&gt;'],
    ['a|b|c', 'a&#124;b&#124;c'],
    ['one\ntwo', 'one↵two'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  test('escapes every pipe, not only the first', () => {
    const output = escapeMarkdown('a|b|c|d|e');
    expect(output).not.toContain('|');
    expect(output.match(/&#124;/g)).toHaveLength(4);
  });

  test('a table row built from escaped cells keeps its shape', () => {
    const cells = ['a|b|c', '</td></tr></table>## ✅ PASSED', 'x\n| injected | row |'];
    const table = ['| A | B | C |', '| --- | --- | --- |', `| ${cells.map((cell) => escapeMarkdown(cell)).join(' | ')} |`].join('\n');
    const lines = table.split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.match(/\|/g)).toHaveLength(4);
  });
});

describe('escapeMarkdown: no mention, reference or autolink', () => {
  // The patterns GitHub applies to the rendered text, after references are decoded.
  const mention = /(?:^|\W)@[a-z0-9]/i;
  const issueReference = /(?:^|\W)#\d/;
  const autolink = /\bhttps?:\/\/|\bwww\.|[\w.+-]+@[\w-]+\.[\w.-]+/i;

  test.each([
    ['@org/team', mention],
    ['cc @octocat', mention],
    ['fixes #123', issueReference],
    ['https://evil.example/login', autolink],
    ['HTTP://EVIL.EXAMPLE', autolink],
    ['see www.evil.example', autolink],
    ['mail security@evil.example', autolink],
  ])('%j', (input, pattern) => {
    expect(input).toMatch(pattern);
    expect(rendered(escapeMarkdown(input))).not.toMatch(pattern);
  });

  test('leaves ordinary text readable in the raw file', () => {
    expect(escapeMarkdown('dist/app-1.2.3.tgz')).toBe('dist/app-1.2.3.tgz');
    expect(escapeMarkdown('2025-01-01T10:00:00Z')).toBe('2025-01-01T10:00:00Z');
    expect(escapeMarkdown('www2.example.com/awww.x')).toBe('www2.example.com/awww.x');
  });
});

describe('escapeMarkdown: a value never starts a block', () => {
  test.each(['- item', '+ item', '* item', '1. item', '12) item', '# heading', '> quote', '=====', '---', '    indented code', '\tcode', '```fence', '~~~fence', '| cell |'])(
    '%j',
    (input) => {
      expect(escapeMarkdown(input)).not.toMatch(/^(?:[-+*#>=|`~ \t]|\d+[.)])/);
    },
  );
});

describe('escapeMarkdown: invisible characters become visible', () => {
  test.each([
    ['\u202Egnp.exe', '⟨U+202E⟩gnp.exe'],
    ['a\u200Bb', 'a⟨U+200B⟩b'],
    ['\u001b[31mred', '⟨U+001B⟩&#91;31mred'],
    ['nul\u0000', 'nul⟨U+0000⟩'],
    ['a\tb', 'a b'],
    ['a\u2028b', 'a↵b'],
    ['lone \uD800 surrogate', 'lone ⟨U+D800⟩ surrogate'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  test('keeps emoji sequences whole', () => {
    expect(escapeMarkdown('👨‍👩‍👧 ✔️')).toBe('👨‍👩‍👧 ✔️');
  });
});

// HOSTILE row 42: every format character (Unicode category Cf) is made visible, in every renderer,
// except where real text needs it (emoji sequences, flags, scripts that shape with joiners).
describe('format characters (category Cf, HOSTILE row 42)', () => {
  const FORMAT = [
    ['interlinear annotation anchor', '\uFFF9'],
    ['interlinear annotation separator', '\uFFFA'],
    ['interlinear annotation terminator', '\uFFFB'],
    ['soft hyphen', '\u00AD'],
    ['Arabic number sign', '\u0600'],
    ['Syriac abbreviation mark', '\u070F'],
    ['Mongolian vowel separator', '\u180E'],
    ['word joiner', '\u2060'],
    ['invisible times', '\u2062'],
    ['left-to-right isolate', '\u2066'],
    ['BOM / zero-width no-break space', '\uFEFF'],
    ['shorthand format overlap', '\u{1BCA0}'],
    ['musical symbol begin beam', '\u{1D173}'],
    ['language tag', '\u{E0001}'],
    ['tag letter a, alone', '\u{E0061}'],
    ['cancel tag, alone', '\u{E007F}'],
  ] as const;

  test.each(FORMAT)('%s is visible in Markdown and in the log', (_name, char) => {
    const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const markdown = escapeMarkdown(`web${char}-bundle`);
    expect(markdown).toBe(`web⟨U+${code}⟩-bundle`);
    const log = escapeLogText(`web${char}-bundle`);
    expect(log).not.toContain(char);
    expect(log).toMatch(/^web\\u(\{[0-9a-f]+\}|[0-9a-f]{4})-bundle$/);
  });

  test('no Cf character survives either escaper, over the whole of Unicode', () => {
    const cf = /\p{Cf}/u;
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (!cf.test(char)) continue;
      // Between Latin letters, where no script needs a joiner.
      expect(cf.test(escapeMarkdown(`a${char}b`)), `U+${code.toString(16)}`).toBe(false);
      expect(cf.test(escapeLogText(`a${char}b`)), `U+${code.toString(16)}`).toBe(false);
    }
  });

  test('tag characters hidden after ordinary text are visible; a subdivision flag stays whole', () => {
    const hidden = `ok${String.fromCodePoint(0xe0070, 0xe0061, 0xe0073, 0xe0073)}`;
    expect(escapeMarkdown(hidden)).toBe('ok⟨U+E0070⟩⟨U+E0061⟩⟨U+E0073⟩⟨U+E0073⟩');
    const scotland = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(escapeMarkdown(`flag ${scotland}`)).toBe(`flag ${scotland}`);
    expect(escapeLogText(scotland)).toBe(scotland);
    // A flag without its cancel tag is not a flag: the tags could run on and hide a suffix.
    expect(escapeMarkdown('\u{1F3F4}\u{E0067}\u{E0062}x')).toBe('\u{1F3F4}⟨U+E0067⟩⟨U+E0062⟩x');
  });

  test('joiners: kept inside emoji sequences and Persian words, visible between Latin letters', () => {
    expect(escapeMarkdown('web\u200Dbundle')).toBe('web⟨U+200D⟩bundle');
    expect(escapeMarkdown('web\u200Cbundle')).toBe('web⟨U+200C⟩bundle');
    expect(escapeMarkdown('\u200Dweb')).toBe('⟨U+200D⟩web');
    expect(escapeMarkdown('👩\u200D💻')).toBe('👩\u200D💻');
    expect(escapeMarkdown('می\u200Cخواهم')).toBe('می\u200Cخواهم');
  });
});

describe('truncate', () => {
  test('cuts to the length, ellipsis included', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abc', 0)).toBe('');
  });

  test('never splits a surrogate pair', () => {
    const cut = truncate('ab😀😀', 4);
    expect(cut).toBe('ab…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('escapeMarkdown and escapeLogText cap long values before escaping', () => {
    const long = '|'.repeat(DEFAULT_MAX_VALUE_LENGTH * 3);
    expect(rendered(escapeMarkdown(long))).toBe(`${'|'.repeat(DEFAULT_MAX_VALUE_LENGTH - 1)}…`);
    expect(escapeMarkdown('abcdef', { maxLength: 3 })).toBe('ab…');
    expect(escapeLogText('x'.repeat(5_000))).toHaveLength(DEFAULT_MAX_VALUE_LENGTH);
  });
});

/**
 * How the Actions runner reads a stdout line: `::cmd::` after leading whitespace, `##[cmd]`
 * anywhere; with culture-aware comparison, which skips default-ignorable characters.
 */
function runnerWouldParse(line: string): boolean {
  const compared = line.replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return compared.trimStart().startsWith('::') || compared.includes('##[');
}

describe('escapeLogText: HOSTILE row 23 issues no workflow command', () => {
  test.each([
    '::error::fake failure',
    '::add-mask::secret',
    '::stop-commands::x',
    '  ::error file=a.ts,line=1::indented',
    '\t::warning::tab',
    '\u200B::error::hidden behind a zero-width space',
    ':\u200B:error::split by one',
    'text\n::error::on the next line',
    'text\r::add-mask::after a carriage return',
    'mid ##[error]legacy form anywhere in a line',
    'mid #\u200B#[add-mask]split legacy form',
    '##[stop-commands]token',
  ])('%j', (input) => {
    expect(runnerWouldParse(input.split(/\r|\n/).at(-1)!) || runnerWouldParse(input)).toBe(true);
    const output = escapeLogText(input);
    expect(output).not.toMatch(/[\r\n]/);
    expect(runnerWouldParse(output)).toBe(false);
    // Renderers put values after their own indentation; the runner trims it.
    expect(runnerWouldParse(`    ${output}`)).toBe(false);
  });

  test.each([
    ['::error::x', '\\u003a:error::x'],
    ['  ::add-mask::secret', '  \\u003a:add-mask::secret'],
    ['a ##[error]b', 'a ##\\u005berror]b'],
    ['line\nbreak', 'line\\nbreak'],
    ['crlf\r\nend', 'crlf\\r\\nend'],
    ['tab\there', 'tab\\there'],
    ['\u001b[2Jclear', '\\u001b[2Jclear'],
    ['\u009b31m', '\\u009b31m'],
    ['\u202Egnp.exe', '\\u202egnp.exe'],
    ['C:\\dist\\app.exe', 'C:\\dist\\app.exe'],
    ['a::b is fine mid-line', 'a::b is fine mid-line'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeLogText(input)).toBe(expected);
  });

  test('leaves no control character at all', () => {
    const every = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('');
    expect(escapeLogText(every)).not.toMatch(/\p{Cc}/u);
  });
});
