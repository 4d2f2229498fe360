/**
 * The pull-request comment: the verdict where reviewers already are. Pure: a `CheckResult` (or an
 * error) in, Markdown out. Every manifest string goes through `escapeMarkdown`; only our own words,
 * the links (built from the runner's environment, never from a manifest) and the hidden marker
 * are Markdown or HTML.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ArtifactEvaluation } from '../gate/types.js';
import { VERSION } from '../version.js';
import { escapeMarkdown } from './escape.js';
import { markdownFixLines } from './fixes.js';
import { fitDocument, SEPARATOR, table, text, utf16Units, type Block } from './layout.js';
import { safeUrl } from './links.js';
import { policySourceText } from './policy-source.js';
import { errorBlocks, errorHeadline, type ErrorDescription } from './summary-error.js';
import { failingRunsFirst, RUN_OVERVIEW_HEAD, runOverviewRow } from './summary-run.js';
import { ADVISORY_NOTE, appliedWaivers, countText, runsOverallLine, shownAsPassed, verdictHeading, waiverNote } from './words.js';

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

/** Problems of an invalid manifest listed before "N more". */
const MAX_ISSUE_ROWS = 50;

export const COMMENT_TRUNCATION_MARKER =
  '> ⚠️ **Comment shortened:** detail was left out to stay under GitHub’s size limit for comments. The job summary and the report artifact are complete.';

/** A run's message in the table: long enough to read, short enough to fit. */
const ROW_MESSAGE_LENGTH = 300;

export interface CommentLinks {
  /** The workflow run (`…/actions/runs/<id>`); left out when missing or not an http(s) URL. */
  runUrl?: string | undefined;
  /** The uploaded report artifact; left out when missing or not an http(s) URL. */
  artifactUrl?: string | undefined;
}

export interface CommentInput extends CommentLinks {
  result: CheckResult;
  /** The decision the Action acts on. A pass is shown only when this and every run say so. */
  outcome: 'passed' | 'failed';
  /** `fail-on-gate: false`: a failed gate is reported but does not fail the job. */
  advisory: boolean;
  /** Cap on the body in UTF-16 code units; defaults to `DEFAULT_COMMENT_MAX_LENGTH`. */
  maxLength?: number;
  /** Non-compliant artifact rows; defaults to `DEFAULT_MAX_NON_COMPLIANT_ROWS`. */
  maxNonCompliantRows?: number;
}

const md = (value: string, maxLength?: number): string => escapeMarkdown(value, maxLength === undefined ? {} : { maxLength });

/**
 * Renders the comment body. It starts with `COMMENT_MARKER`, then the verdict heading and message,
 * which are never cut; then the advisory note, the waivers the verdict rests on, what to do to
 * pass, a row per run, where the rules came from, the non-compliant artifacts with their reasons,
 * and the links to the workflow run and the report. The body never exceeds `maxLength` UTF-16
 * code units: detail is dropped, least important first, behind `COMMENT_TRUNCATION_MARKER`.
 */
export function renderComment(input: CommentInput): string {
  const { result } = input;
  const passed = shownAsPassed(result, input.outcome);
  const several = result.runs.length !== 1;
  const only = result.runs.length === 1 ? result.runs[0] : undefined;
  const heading = verdictHeading(passed, input.advisory);
  const waived = appliedWaivers(result);
  const runs = failingRunsFirst(result.runs);

  const blocks: Block[] = [
    text(0, !passed && input.advisory ? ADVISORY_NOTE : ''),
    text(0, waived > 0 ? waiverNote(waived, 'in the job summary') : ''),
    ...fixBlocks(runs, several),
    runs.length === 0 ? text(1, '') : table(1, '', RUN_OVERVIEW_HEAD, runs.map((verdict) => runOverviewRow(verdict, ROW_MESSAGE_LENGTH)), 0, (count) => `_${count} more run(s) not shown._`),
    text(1, policyLines(result)),
    nonCompliantArtifacts(runs, several, input.maxNonCompliantRows ?? DEFAULT_MAX_NON_COMPLIANT_ROWS),
  ];
  return fitDocument({
    headline: (messageLength) => [COMMENT_MARKER, heading, only ? md(only.gate.message, Math.min(messageLength, 2_000)) : runsOverallLine(result)],
    blocks,
    closing: closing(input),
    marker: COMMENT_TRUNCATION_MARKER,
    maxSize: input.maxLength ?? DEFAULT_COMMENT_MAX_LENGTH,
    measure: utf16Units,
  });
}

/**
 * The comment of a run that could not be judged: it replaces an earlier verdict on the pull
 * request, so that a ✅ from before the manifest broke does not stay in view.
 */
export function renderErrorComment(error: ErrorDescription, links: CommentLinks = {}, maxLength = DEFAULT_COMMENT_MAX_LENGTH): string {
  const headline = errorHeadline(error);
  return fitDocument({
    headline: (messageLength) => [COMMENT_MARKER, ...headline(messageLength)],
    blocks: errorBlocks(error, MAX_ISSUE_ROWS, 'the job summary lists them'),
    closing: closing(links),
    marker: COMMENT_TRUNCATION_MARKER,
    maxSize: maxLength,
    measure: utf16Units,
  });
}

/** Where each run's rules came from: a reviewer must see a self-declared policy at a glance. */
function policyLines(result: CheckResult): string {
  const several = result.runs.length > 1;
  return result.runs.map((verdict) => `**Policy${several ? ` of ${md(verdict.run.id, 256)}` : ''}:** ${md(policySourceText(verdict), 2_000)}`).join(SEPARATOR);
}

function nonCompliantArtifacts(runs: readonly RunVerdict[], several: boolean, maxRows: number): Block {
  // The runs that failed first: their artifacts are why the gate said no; a passing run's are notes.
  const listed = runs.flatMap((verdict) => verdict.gate.artifacts.filter((evaluation) => !evaluation.compliant).map((evaluation) => ({ verdict, evaluation })));
  if (listed.length === 0) return text(2, '');
  const head = several
    ? ['| Run | Artifact | Kind | Why it is not compliant |', '| --- | --- | --- | --- |']
    : ['| Artifact | Kind | Why it is not compliant |', '| --- | --- | --- |'];
  const rows = listed.slice(0, maxRows).map(({ verdict, evaluation }) => nonCompliantRow(evaluation, several ? verdict.run.id : undefined));
  const leftOut = (count: number): string =>
    `_${countText(count)} more non-compliant artifact(s) not shown; every artifact is listed in \`compliance-report.json\` in the report._`;
  return table(2, `### Non-compliant artifacts (${countText(listed.length)})`, head, rows, listed.length - rows.length, leftOut, {
    fold: { after: 10, summary: `${countText(listed.length)} non-compliant artifact(s)` },
  });
}

function nonCompliantRow(evaluation: ArtifactEvaluation, runId: string | undefined): string {
  const reasons = evaluation.reasons.length === 0 ? '—' : md(evaluation.reasons.join('; '), 600);
  const cells = [md(evaluation.artifact_id, 256), md(evaluation.kind), reasons];
  if (runId !== undefined) cells.unshift(md(runId, 256));
  return `| ${cells.join(' | ')} |`;
}

/** What to do to pass, before any table: it is what the author of the pull request came for. */
function fixBlocks(runs: readonly RunVerdict[], several: boolean): Block[] {
  const failing = runs.filter((verdict) => !verdict.gate.passed);
  return failing.map((verdict, index) => {
    const title = several ? `**${md(verdict.run.id, 256)}**` : '';
    const heading = index === 0 ? '### What to do to pass' : '';
    return text(1, [heading, title, markdownFixLines(verdict).join('\n')].filter((part) => part !== '').join(SEPARATOR));
  });
}

function closing(links: CommentLinks): string {
  const parts: string[] = [];
  const run = safeUrl(links.runUrl);
  const artifact = safeUrl(links.artifactUrl);
  if (run !== undefined) parts.push(`[Workflow run](${run})`);
  if (artifact !== undefined) parts.push(`[Report artifact](${artifact})`);
  else parts.push('The full report is in the job summary of the workflow run.');
  return `${parts.join(' · ')}${SEPARATOR}<sub>maestro-gate ${VERSION}</sub>`;
}
