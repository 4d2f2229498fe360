/**
 * The report folder's contents, as data: for each run `compliance-report.json`,
 * `release-gate.json`, `manifest.json`, `compliance-report.md`, `verdict.json` and
 * `compliance-report.sarif`, in the folder
 * for one run and in `<run-id>/` for several; on an error outcome, `errors.json` with stable
 * codes. Pure: `src/files/write-reports.ts` writes what this returns.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ManifestIssue } from '../errors.js';
import type { RunDocuments } from './documents.js';
import { buildVerdict, toJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderSummary } from './summary.js';

/** One file of a report set: a path relative to the report folder (`<run-id>/name` at most). */
export interface ReportFile {
  path: string;
  /**
   * The text, or a value written as JSON (as `toJson` writes it, streamed when large), or one
   * built only when its file is written and left to the collector after: verdict.json's
   * document for 100,000 artifacts is some 100 MB of objects that no other file needs.
   */
  content: string | { json: unknown } | { build: () => unknown };
}

export interface ReportFileOptions {
  version: string;
  timeVerified: string;
  advisory: boolean;
  /** `report-dir` as given, named by each run's Markdown report. */
  reportDir: string;
}

export interface CheckReportSet {
  files: ReportFile[];
  /** Each run's subfolder in the report folder (`''` for a single run), in the order of `result.runs`. */
  runFolders: { runId: string; folder: string }[];
}

/**
 * Every file of a checked result. `markdown`, when given, is each run's `compliance-report.md`
 * already rendered (the Action's job summary of a single run is that same document); otherwise
 * each run's summary is rendered here.
 */
export function checkReportFiles(result: CheckResult, documents: readonly RunDocuments[], options: ReportFileOptions, markdown?: readonly string[]): CheckReportSet {
  const several = result.runs.length > 1;
  const files: ReportFile[] = [];
  const runFolders: CheckReportSet['runFolders'] = [];
  for (const [index, verdict] of result.runs.entries()) {
    const { complianceReport, releaseGate, runManifest } = documents[index]!;
    // Run ids are single safe path segments (the schema's RUN_ID_PATTERN or a slug).
    const folder = several ? verdict.run.id : '';
    const prefix = several ? `${folder}/` : '';
    files.push(
      // Serialised in pieces as each file is written: a 100,000-artifact run's JSON is hundreds
      // of MB, and holding the files' text at once would more than double the peak memory.
      { path: `${prefix}compliance-report.json`, content: { json: complianceReport } },
      { path: `${prefix}release-gate.json`, content: { json: releaseGate } },
      { path: `${prefix}manifest.json`, content: { json: runManifest } },
      { path: `${prefix}verdict.json`, content: { build: () => verdictJson(verdict, options) } },
      { path: `${prefix}compliance-report.md`, content: markdown?.[index] ?? runMarkdown(verdict, options) },
      { path: `${prefix}compliance-report.sarif`, content: { json: renderSarif({ runs: [verdict] }, { version: options.version }) } },
    );
    runFolders.push({ runId: verdict.run.id, folder });
  }
  return { files, runFolders };
}

/** One run's `compliance-report.md`: its own summary, as if it had been checked alone. */
export function runMarkdown(verdict: RunVerdict, options: Pick<ReportFileOptions, 'advisory' | 'reportDir'>): string {
  const outcome = verdict.gate.passed ? 'passed' : 'failed';
  return renderSummary({ runs: [verdict], passed: verdict.gate.passed }, { outcome, advisory: options.advisory, reportDir: options.reportDir });
}

function verdictJson(verdict: RunVerdict, options: ReportFileOptions): Record<string, unknown> {
  return buildVerdict({
    version: options.version,
    manifestFile: verdict.loaded.file,
    manifestSha256: verdict.loaded.manifestSha256,
    timeVerified: options.timeVerified,
    outcome: verdict.gate.passed ? 'passed' : 'failed',
    gate: verdict.gate,
    policySource: verdict.policySource,
    trustFiles: verdict.trustFiles,
  });
}

export interface ErrorReport {
  outcome: 'error';
  passed: false;
  message: string;
  errors: { code: string; file?: string; line?: number; column?: number; path?: string; message: string }[];
}

export function buildErrorReport(message: string, code: string, issues: readonly ManifestIssue[] = []): ErrorReport {
  const errors = issues.length > 0 ? issues.map((issue) => ({ ...issue })) : [{ code, message }];
  return { outcome: 'error', passed: false, message, errors };
}

/** `errors.json` and the error summary as Markdown: the whole set of an error outcome. */
export function errorReportFiles(report: ErrorReport, markdown: string): ReportFile[] {
  return [
    { path: 'errors.json', content: toJson(report) },
    { path: 'compliance-report.md', content: markdown },
  ];
}
