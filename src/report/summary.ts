/**
 * The job summary (also saved as `compliance-report.md`): what a reviewer reads to decide whether
 * a release may ship. Pure: a `CheckResult` in, Markdown out. Every manifest string goes through
 * `escapeMarkdown`; only our own words are Markdown syntax. The document's body is rendered once;
 * its closing line (where the full reports are, a link once they are uploaded) is added after.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import { escapeMarkdown } from './escape.js';
import { markdownFixLines } from './fixes.js';
import { fitDocument, MESSAGE_MAX_LENGTH, table, text, utf8Bytes, type Block } from './layout.js';
import { MAX_URL_LENGTH, safeUrl } from './links.js';
import { artifactTable, evidenceTable, type TableContext } from './summary-artifacts.js';
import { DEFAULT_MAX_ARTIFACT_ROWS, DEFAULT_SUMMARY_MAX_BYTES, TRUNCATION_MARKER } from './summary-limits.js';
import { disclosureSection, failingRunsFirst, relatedSection, RUN_OVERVIEW_HEAD, runOverviewRow, runRows, waiverSection } from './summary-run.js';
import { ADVISORY_NOTE, appliedWaivers, runsOverallLine, shownAsPassed, verdictHeading, waiverNote } from './words.js';

export { DEFAULT_MAX_ARTIFACT_ROWS, DEFAULT_SUMMARY_MAX_BYTES, TRUNCATION_MARKER } from './summary-limits.js';
export { DEFAULT_MAX_ISSUE_ROWS, renderErrorSummary } from './summary-error.js';

export interface SummaryOptions {
  /** The decision the shell acts on. A pass is shown only when this and every run say so. */
  outcome: 'passed' | 'failed';
  /** `fail-on-gate: false`: a failed gate is reported but does not fail the job. */
  advisory: boolean;
  /** Cap on the whole document in UTF-8 bytes; defaults to `DEFAULT_SUMMARY_MAX_BYTES`. */
  maxBytes?: number;
  /** Artifact rows per run; defaults to `DEFAULT_MAX_ARTIFACT_ROWS`. */
  maxArtifactRows?: number;
  /** Where the report files are written, to point readers at them. */
  reportDir?: string;
}

export interface SummaryLinks {
  /** The uploaded report artifact's page; left out when missing or not an http(s) URL. */
  artifactUrl?: string | undefined;
}

const md = (value: string, maxLength?: number): string => escapeMarkdown(value, maxLength === undefined ? {} : { maxLength });

/** The whole summary: `renderSummaryBody` and its closing line. */
export function renderSummary(result: CheckResult, options: SummaryOptions & SummaryLinks): string {
  return withClosing(renderSummaryBody(result, options), summaryClosing(result, options, options));
}

/**
 * The summary without its closing line. The verdict heading comes first and is never cut; then
 * the advisory and waiver notes, an overview of the runs when there are several, and per run
 * (failing runs first) what to do to pass, the run, its artifacts (failing rows first, at most
 * `maxArtifactRows`), its evidence, waivers, disclosure pack and related ids. Room for the closing
 * line is kept: with it, the document never exceeds `maxBytes` UTF-8 bytes. Detail is dropped,
 * least important first, behind `TRUNCATION_MARKER`.
 */
export function renderSummaryBody(result: CheckResult, options: SummaryOptions): string {
  const maxRows = options.maxArtifactRows ?? DEFAULT_MAX_ARTIFACT_ROWS;
  const several = result.runs.length > 1;
  const passed = shownAsPassed(result, options.outcome);
  const only = result.runs.length === 1 ? result.runs[0] : undefined;
  const heading = verdictHeading(passed, options.advisory);
  const headline = (maxLength: number): string[] => [heading, only ? md(only.gate.message, maxLength) : runsOverallLine(result)];

  const blocks: Block[] = [];
  if (!passed && options.advisory) blocks.push(text(0, ADVISORY_NOTE));
  const waived = appliedWaivers(result);
  if (waived > 0) blocks.push(text(0, waiverNote(waived, 'below')));
  const runs = failingRunsFirst(result.runs);
  if (several) {
    const rows = runs.map((verdict) => runOverviewRow(verdict, 300));
    blocks.push(table(1, '### Runs', RUN_OVERVIEW_HEAD, rows, 0, (count) => `_${count} more run(s) not shown; every run has a section below._`, { fold: { after: 25, summary: `${rows.length} runs` } }));
  }
  for (const verdict of runs) blocks.push(...runBlocks(verdict, { several, maxRows, reportDir: options.reportDir }));
  const maxBytes = (options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES) - closingReserve(result, options);
  return fitDocument({ headline, blocks, marker: TRUNCATION_MARKER, maxSize: maxBytes, measure: utf8Bytes });
}

/** Where the full reports are: the uploaded artifact when there is one, else the report folder. */
export function summaryClosing(result: CheckResult, options: Pick<SummaryOptions, 'reportDir'>, links: SummaryLinks = {}): string {
  if (options.reportDir === undefined) return '';
  const several = result.runs.length > 1;
  const files = '(`compliance-report.json`, `release-gate.json`, `manifest.json`, `verdict.json`)';
  const folder = `${md(options.reportDir, 300)}${several ? ', one folder per run id' : ''}`;
  const url = safeUrl(links.artifactUrl);
  if (url === undefined) return `Full reports ${files} are in ${folder}.`;
  return `Full reports ${files} are in the [uploaded report artifact](${url}) (${folder}).`;
}

/** The body and its closing line, a blank line apart. */
export function withClosing(body: string, closing: string): string {
  return closing === '' ? body : `${body}\n${closing}\n`;
}

/** The closing line's room: the folder's line as it will be written, and a link of the longest kept URL. */
function closingReserve(result: CheckResult, options: SummaryOptions): number {
  const longest = summaryClosing(result, options, { artifactUrl: `https://a.example/${'a'.repeat(MAX_URL_LENGTH - 18)}` });
  return utf8Bytes(`\n${longest}\n`);
}

interface RunContext {
  several: boolean;
  maxRows: number;
  reportDir: string | undefined;
}

function runBlocks(verdict: RunVerdict, context: RunContext): Block[] {
  const { run, gate } = verdict;
  const level = context.several ? '####' : '###';
  const tables: TableContext = { level, maxRows: context.maxRows, where: reportPath(verdict, context) };
  const blocks: Block[] = [];
  if (context.several) {
    blocks.push(text(1, `### ${gate.passed ? '✅' : '❌'} ${md(run.name, 200)} (${md(run.id)})\n\n${md(gate.message, MESSAGE_MAX_LENGTH)}`));
  }
  if (!gate.passed) blocks.push(text(2, `${level} What to do to pass\n\n${markdownFixLines(verdict).join('\n')}`));
  blocks.push(table(3, `${level} Run`, ['| Field | Value |', '| --- | --- |'], runRows(verdict), 0, (count) => `_${count} more field(s) not shown._`));
  blocks.push(artifactTable(verdict, tables));
  const sections: [number, Block | string | null][] = [
    [4, evidenceTable(verdict, tables)],
    [2, waiverSection(verdict, level)],
    [3, disclosureSection(verdict, level)],
    [3, relatedSection(verdict, level)],
  ];
  for (const [priority, section] of sections) {
    if (section === null) continue;
    blocks.push(typeof section === 'string' ? text(priority, section) : section);
  }
  return blocks;
}

function reportPath(verdict: RunVerdict, context: RunContext): string {
  const file = 'compliance-report.json';
  if (context.reportDir === undefined) return file;
  return md(context.several ? `${context.reportDir}/${verdict.run.id}/${file}` : `${context.reportDir}/${file}`);
}
