/**
 * What "inert" means for the Markdown we hand to GitHub (job summary, PR comment), as checks a
 * test can run on any rendered document. Shared by the escaping properties and the hostile
 * suite. Each returns the problems found, so a failure says what leaked, not only that it did.
 */
import { COMMENT_TRUNCATION_MARKER } from '../../src/report/comment.js';
import { TRUNCATION_MARKER } from '../../src/report/summary.js';

/**
 * Our own HTML and links, the only ones a document may hold: the comment's marker and footer, the
 * folds of long tables (whose summary is our words and counts), and the links to the workflow run
 * and the uploaded report (built from the runner's environment; a manifest value can never write
 * `<`, `[` or `](`, which escaping always turns into references).
 */
const OWN_HTML = [
  /<!-- maestro-gate:comment -->/g,
  /<sub>maestro-gate [^<]*<\/sub>/g,
  /^<details><summary>[\w ,()-]+<\/summary>$/gm,
  /^<\/details>$/gm,
  /\[(?:Workflow run|Report artifact|uploaded report artifact)\]\(https?:\/\/[^\s()[\]<>|]+\)/g,
];

/** Our own headings, in the words of src/report/summary.ts and src/report/comment.ts. */
const VERDICT_HEADING = /^## (✅ Release gate passed|❌ Release gate failed|⚠️ Release gate failed \(advisory\)|❌ Release gate could not be evaluated)$/;

/** Our own block quotes: the truncation markers of the summary and the comment. */
const OWN_QUOTES = [TRUNCATION_MARKER, COMMENT_TRUNCATION_MARKER];

/** GitHub's reading of a line as a table row: it starts with a pipe. */
const isTableLine = (line: string): boolean => line.startsWith('|');

export interface InertOptions {
  /** The verdict the document must show: a pass heading only when the gate passed. */
  passed?: boolean;
}

export function markdownProblems(markdown: string, options: InertOptions = {}): string[] {
  const problems: string[] = [];
  let ours = markdown;
  for (const pattern of OWN_HTML) ours = ours.replace(pattern, '');

  const tag = /<[^\s]?/.exec(ours);
  if (tag) problems.push(`raw '<' (HTML) at ${tag.index}: ${context(ours, tag.index)}`);
  const link = /\]\(|!\[|\]\[|^\s{0,3}\[[^\]\n]*\]:/m.exec(ours);
  if (link) problems.push(`link or image syntax at ${link.index}: ${context(ours, link.index)}`);
  const at = ours.indexOf('@');
  if (at >= 0) problems.push(`raw '@' (mention) at ${at}: ${context(ours, at)}`);
  const ampersand = /&(?!#\d+;|amp;|lt;|gt;|quot;)/.exec(ours);
  if (ampersand) problems.push(`raw '&' that is not an escape at ${ampersand.index}: ${context(ours, ampersand.index)}`);

  const decoded = decodeReferences(ours);
  // GitHub autolinks on the decoded text: a scheme's `://`, or `www.` after a space, a line start or `*_~(`.
  const autolink = /(https?|ftp):\/\/|(^|[\s*_~(])www\./im.exec(decoded);
  if (autolink) problems.push(`autolink at ${autolink.index}: ${context(decoded, autolink.index)}`);
  // Once rendered, a mention or issue reference must be broken by a word joiner.
  const mention = /@(?!\u2060)[\p{L}\p{N}_-]/u.exec(decoded);
  if (mention) problems.push(`mention after decoding at ${mention.index}: ${context(decoded, mention.index)}`);
  // The file as a later step might print it (`cat compliance-report.md`): no line may start a
  // workflow command. Rendered, a `:` is only text.
  for (const [index, line] of ours.split('\n').entries()) {
    if (/^[\s\u200B-\u200D\u2060\uFEFF]*::/.test(line)) problems.push(`workflow command on line ${index + 1}: ${line.slice(0, 80)}`);
  }
  // Markdown is not a log: a `##[` in a rendered cell is text. Raw, it would only come from a value
  // that escaped escaping (`#` and `[` are always references).
  if (/##\[/.test(ours)) problems.push('raw ##[ in the document');

  const lines = ours.split('\n');
  const headings = lines.filter((line) => /^#{1,2}\s/.test(line));
  if (headings.length !== 1 || !VERDICT_HEADING.test(headings[0]!)) problems.push(`verdict headings: ${JSON.stringify(headings)}`);
  if (options.passed !== undefined && headings.length >= 1 && headings[0]!.startsWith('## ✅') !== options.passed) {
    problems.push(`verdict heading ${JSON.stringify(headings[0])} but the gate ${options.passed ? 'passed' : 'failed'}`);
  }
  for (const line of lines) {
    if (/^#{3,6}\s/.test(line) && !/^#{3,4} \S/.test(line)) problems.push(`odd heading: ${line.slice(0, 80)}`);
    if (/^\s{0,3}(>|```|~~~|<)/.test(line) && !OWN_QUOTES.includes(line)) problems.push(`block construct at line start: ${line.slice(0, 80)}`);
  }
  problems.push(...tableShapeProblems(lines));
  return problems;
}

/**
 * Every table keeps its shape: each row has as many pipes as its header (an escaped pipe is a
 * character reference, so every `|` left is structure), starts and ends with one, and the line
 * after the last row is blank (otherwise GitHub reads it as one more row).
 */
export function tableShapeProblems(lines: readonly string[]): string[] {
  const problems: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!isTableLine(lines[index]!) || (index > 0 && isTableLine(lines[index - 1]!))) continue;
    const header = lines[index]!;
    const columns = pipes(header);
    let end = index;
    while (end < lines.length && isTableLine(lines[end]!)) {
      const row = lines[end]!;
      if (pipes(row) !== columns) problems.push(`table row ${end + 1} has ${pipes(row)} pipes, its header ${columns}: ${row.slice(0, 120)}`);
      if (!row.endsWith('|')) problems.push(`table row ${end + 1} does not end with a pipe: ${row.slice(-80)}`);
      end += 1;
    }
    if (end < lines.length && lines[end] !== '') problems.push(`table ending on line ${end} is followed by text: ${lines[end]!.slice(0, 80)}`);
    if (end - index < 2 || !/^\|( :?-+:? \|)+$/.test(lines[index + 1] ?? '')) problems.push(`table on line ${index + 1} has no delimiter row`);
  }
  return problems;
}

function pipes(line: string): number {
  return line.split('|').length - 1;
}

/** Character references as a browser decodes them (what GitHub then scans for mentions). */
export function decodeReferences(markdown: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  return markdown.replace(/&(#\d+|[a-z]+);/g, (whole, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name] ?? whole)));
}

function context(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 30), index + 50));
}
