/**
 * The pull-request comment: the verdict where reviewers already are. Pure: a `CheckResult` in,
 * Markdown out. Every manifest string goes through `escapeMarkdown`; only this file's own words,
 * the two links (built from the runner's environment, never from a manifest) and the hidden
 * marker are Markdown or HTML.
 */
import { policySourceText } from '../report/policy-source.js';
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ArtifactEvaluation } from '../gate/types.js';
import { artifactCounts } from '../report/documents.js';
import { escapeMarkdown } from '../report/escape.js';
import { describeFixes, type FixFormat } from '../report/fixes.js';
import { VERSION } from '../version.js';

/** Identifies our comment among the others on a pull request, so a second run updates it. */
export const COMMENT_MARKER = '<!-- maestro-gate:comment -->';

/** GitHub rejects a comment body longer than this (422 "body is too long"). */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

/**
 * What we aim for: GitHub counts characters after its own normalisation, we count UTF-16 code
 * units (never fewer than characters), and a margin costs a reviewer nothing.
 */
export const DEFAULT_COMMENT_MAX_LENGTH = 65_000;

/** Non-compliant artifacts listed before "N more"; a comment is a pointer to the report, not the report. */
export const DEFAULT_MAX_NON_COMPLIANT_ROWS = 100;

export const COMMENT_TRUNCATION_MARKER =
  '> ⚠️ **Comment shortened:** detail was left out to stay under GitHub’s size limit for comments. The job summary and the report artifact are complete.';

/** The single run's message, or a run's message in the table: long enough to read, short enough to fit. */
const HEADLINE_MESSAGE_LENGTH = 2_000;
const ROW_MESSAGE_LENGTH = 300;

export interface CommentInput {
  result: CheckResult;
  /** The decision the Action acts on. A pass is shown only when this and every run say so. */
  outcome: 'passed' | 'failed';
  /** `fail-on-gate: false`: a failed gate is reported but does not fail the job. */
  advisory: boolean;
  /** The workflow run (`…/actions/runs/<id>`); left out when missing or not an http(s) URL. */
  runUrl?: string | undefined;
  /** The uploaded report artifact; left out when missing or not an http(s) URL. */
  artifactUrl?: string | undefined;
  /** Cap on the body in UTF-16 code units; defaults to `DEFAULT_COMMENT_MAX_LENGTH`. */
  maxLength?: number;
  /** Non-compliant artifact rows; defaults to `DEFAULT_MAX_NON_COMPLIANT_ROWS`. */
  maxNonCompliantRows?: number;
}

const md = (text: string, maxLength?: number): string => escapeMarkdown(text, maxLength === undefined ? {} : { maxLength });
const markdownFormat: FixFormat = { value: (text) => md(text), literal: (text) => `\`${text}\`` };

/**
 * Renders the comment body. It starts with `COMMENT_MARKER`, then the verdict heading and message,
 * which are never cut; then a row per run, the non-compliant artifacts with their reasons, what to
 * do to pass, and the links to the workflow run and the report. The body never exceeds `maxLength`
 * UTF-16 code units: detail is dropped, least important first, behind `COMMENT_TRUNCATION_MARKER`.
 */
export function renderComment(input: CommentInput): string {
  const { result } = input;
  const maxLength = input.maxLength ?? DEFAULT_COMMENT_MAX_LENGTH;
  const passed = input.outcome === 'passed' && result.passed && result.runs.every((verdict) => verdict.gate.passed);
  const several = result.runs.length !== 1;

  const heading = passed ? '## ✅ Release gate passed' : input.advisory ? '## ⚠️ Release gate failed (advisory)' : '## ❌ Release gate failed';
  const headline = (messageLength: number): string => [COMMENT_MARKER, heading, headlineMessage(result, messageLength)].join(SEPARATOR);

  const advisoryNote = !passed && input.advisory ? '`fail-on-gate` is `false`, so the job does not fail; the release still does not meet the gate.' : '';
  const sections: Section[] = [
    text(0, advisoryNote),
    result.runs.length === 0
      ? text(1, '')
      : table(1, '', ['| Run | Status | Verdict | Compliant artifacts |', '| --- | --- | --- | :-: |'], result.runs.map(runRow), 0, (count) => `_${count} more run(s) not shown._`),
    text(1, policyLines(result)),
    nonCompliantArtifacts(result, several, input.maxNonCompliantRows ?? DEFAULT_MAX_NON_COMPLIANT_ROWS),
    ...fixSections(result, several),
  ];
  const closing = `${links(input)}${SEPARATOR}<sub>maestro-gate ${VERSION}</sub>`;
  return fit(headline, sections, closing, maxLength);
}

function headlineMessage(result: CheckResult, messageLength: number): string {
  const only = result.runs.length === 1 ? result.runs[0] : undefined;
  if (only) return md(only.gate.message, messageLength);
  if (result.runs.length === 0) return 'No run was evaluated, so nothing may be released.';
  const failed = result.runs.filter((verdict) => !verdict.gate.passed).length;
  return failed === 0 ? `All ${result.runs.length} runs passed the release gate.` : `${failed} of ${result.runs.length} runs failed the release gate.`;
}

/** Where each run's rules came from: a reviewer must see a self-declared policy at a glance. */
function policyLines(result: CheckResult): string {
  const several = result.runs.length > 1;
  return result.runs.map((verdict) => `**Policy${several ? ` of ${md(verdict.run.id, 256)}` : ''}:** ${md(policySourceText(verdict), 2_000)}`).join('\n\n');
}

function runRow(verdict: RunVerdict): string {
  const { run, gate } = verdict;
  const name = run.name === run.id ? md(run.id, 256) : `${md(run.name, 200)} (${md(run.id, 256)})`;
  const status = `${run.status === 'succeeded' ? '✅' : '❌'} ${md(run.status)}`;
  const message = `${gate.passed ? '✅' : '❌'} ${md(gate.message, ROW_MESSAGE_LENGTH)}`;
  const { compliant, total } = artifactCounts(verdict);
  return `| ${name} | ${status} | ${message} | ${compliant} / ${total} |`;
}

function nonCompliantArtifacts(result: CheckResult, several: boolean, maxRows: number): Section {
  // The runs that failed first: their artifacts are why the gate said no; a passing run's are notes.
  const runs = [...result.runs].sort((a, b) => Number(a.gate.passed) - Number(b.gate.passed));
  const listed = runs.flatMap((verdict) => verdict.gate.artifacts.filter((evaluation) => !evaluation.compliant).map((evaluation) => ({ verdict, evaluation })));
  if (listed.length === 0) return text(2, '');
  const head = several
    ? ['| Run | Artifact | Kind | Why it is not compliant |', '| --- | --- | --- | --- |']
    : ['| Artifact | Kind | Why it is not compliant |', '| --- | --- | --- |'];
  const rows = listed.slice(0, maxRows).map(({ verdict, evaluation }) => nonCompliantRow(evaluation, several ? verdict.run.id : undefined));
  const leftOut = (count: number): string =>
    `_${count.toLocaleString('en-US')} more non-compliant artifact(s) not shown; every artifact is listed in \`compliance-report.json\` in the report._`;
  return table(2, `### Non-compliant artifacts (${listed.length.toLocaleString('en-US')})`, head, rows, listed.length - rows.length, leftOut);
}

function nonCompliantRow(evaluation: ArtifactEvaluation, runId: string | undefined): string {
  const reasons = evaluation.reasons.length === 0 ? '—' : md(evaluation.reasons.join('; '), 600);
  const cells = [md(evaluation.artifact_id, 256), md(evaluation.kind), reasons];
  if (runId !== undefined) cells.unshift(md(runId, 256));
  return `| ${cells.join(' | ')} |`;
}

function fixSections(result: CheckResult, several: boolean): Section[] {
  const failing = result.runs.filter((verdict) => !verdict.gate.passed);
  return failing.map((verdict, index) => {
    const lines = describeFixes(verdict, markdownFormat).flatMap((fix) => [`- ${fix.text}`, ...fix.items.map((item) => `  - ${item}`)]);
    const title = several ? `**${md(verdict.run.id, 256)}**` : '';
    const heading = index === 0 ? '### What to do to pass' : '';
    return text(3, [heading, title, lines.join('\n')].filter((part) => part !== '').join(SEPARATOR));
  });
}

function links(input: CommentInput): string {
  const parts: string[] = [];
  const run = safeUrl(input.runUrl);
  const artifact = safeUrl(input.artifactUrl);
  if (run !== undefined) parts.push(`[Workflow run](${run})`);
  if (artifact !== undefined) parts.push(`[Report artifact](${artifact})`);
  else parts.push('The full report is in the job summary of the workflow run.');
  return parts.join(' · ');
}

/**
 * An http(s) URL written so it cannot end its Markdown link early: the parser percent-encodes
 * spaces and angle brackets, and we encode the brackets, parentheses and pipe that it leaves.
 * Anything else (another scheme, not a URL at all) is left out rather than shown.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()[\]|<> ]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/*
 * Fitting under the cap. Sections are kept in order of priority (0 first), each whole if it fits,
 * a table row by row otherwise; the kept sections are then written in document order, followed by
 * the marker when anything was cut, and the links, which always fit because they are reserved first.
 */

type Section =
  | { kind: 'text'; priority: number; body: string }
  | { kind: 'table'; priority: number; title: string; head: string[]; rows: string[]; omitted: number; leftOut: (count: number) => string };

const SEPARATOR = '\n\n';

function text(priority: number, body: string): Section {
  return { kind: 'text', priority, body };
}

function table(priority: number, title: string, head: string[], rows: string[], omitted: number, leftOut: (count: number) => string): Section {
  return { kind: 'table', priority, title, head, rows, omitted, leftOut };
}

function renderTable(section: Extract<Section, { kind: 'table' }>, rowCount: number): string {
  const omitted = section.omitted + section.rows.length - rowCount;
  const body = [...section.head, ...section.rows.slice(0, rowCount)].join('\n');
  // A blank line ends a table: a line right after the last row would be read as one more row.
  const parts = [section.title, body, omitted > 0 ? section.leftOut(omitted) : ''];
  return parts.filter((part) => part !== '').join(SEPARATOR);
}

function fit(headline: (messageLength: number) => string, sections: readonly Section[], closing: string, maxLength: number): string {
  const reserve = SEPARATOR.length * 2 + COMMENT_TRUNCATION_MARKER.length + closing.length + 1;
  // The verdict is never dropped; only a message that alone would crowd out the rest is shortened.
  let messageLength = HEADLINE_MESSAGE_LENGTH;
  let head = headline(messageLength);
  while (head.length > (maxLength - reserve) / 2 && messageLength > 16) {
    messageLength = Math.floor(messageLength / 2);
    head = headline(messageLength);
  }

  let budget = maxLength - reserve - head.length;
  let cut = false;
  const kept = new Map<number, string>();
  const order = sections.map((_, index) => index).sort((a, b) => sections[a]!.priority - sections[b]!.priority || a - b);
  for (const index of order) {
    const section = sections[index]!;
    const whole = section.kind === 'text' ? section.body : renderTable(section, section.rows.length);
    if (whole === '') continue;
    if (SEPARATOR.length + whole.length <= budget) {
      kept.set(index, whole);
      budget -= SEPARATOR.length + whole.length;
      continue;
    }
    cut = true;
    if (section.kind === 'text') continue;
    const partial = fitRows(section, budget);
    if (partial === undefined) continue;
    kept.set(index, partial);
    budget -= SEPARATOR.length + partial.length;
  }

  const parts = [head, ...sections.flatMap((_, index) => kept.get(index) ?? [])];
  if (cut) parts.push(COMMENT_TRUNCATION_MARKER);
  parts.push(closing);
  return `${parts.join(SEPARATOR)}\n`;
}

/** The table with as many rows as fit in `budget` (separator included), or undefined if not even its header does. */
function fitRows(section: Extract<Section, { kind: 'table' }>, budget: number): string | undefined {
  let used = SEPARATOR.length + renderTable(section, 0).length;
  let rowCount = 0;
  for (const row of section.rows) {
    used += row.length + 1;
    if (used > budget) break;
    rowCount += 1;
  }
  // The "left out" line changes with the count it states; step back until it fits as written.
  for (; rowCount >= 0; rowCount -= 1) {
    const rendered = renderTable(section, rowCount);
    if (SEPARATOR.length + rendered.length <= budget) return rendered;
  }
  return undefined;
}
