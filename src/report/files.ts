/**
 * The report folder: for each run `compliance-report.json`, `release-gate.json`,
 * `manifest.json`, `compliance-report.md`, `verdict.json` and `compliance-report.sarif`, in `report-dir` for one run and
 * in `report-dir/<run-id>/` for several. On an error outcome, `errors.json` with stable codes.
 */
import path from 'node:path';
import type { CheckResult } from '../core/check.js';
import type { ManifestIssue } from '../errors.js';
import type { RunDocuments } from './documents.js';
import { buildVerdict, toJson } from './json.js';
import { renderSarif } from './sarif.js';
import { renderSummary } from './summary.js';
import { replaceReportFolder, type ReportFile } from '../files/report-folder.js';

export interface WrittenRun {
  runId: string;
  folder: string;
  reportPath: string;
  manifestPath: string;
  sarifPath: string;
}

export interface WrittenReports {
  reportDir: string;
  runs: WrittenRun[];
}

export interface ReportFileOptions {
  version: string;
  timeVerified: string;
  advisory: boolean;
}

export async function writeCheckReports(
  workspace: string,
  reportDir: string,
  result: CheckResult,
  /** `buildRunDocuments` of each run, in the order of `result.runs`. */
  documents: readonly RunDocuments[],
  options: ReportFileOptions,
): Promise<WrittenReports> {
  const several = result.runs.length > 1;
  const files: ReportFile[] = [];
  const placed: { runId: string; prefix: string }[] = [];
  for (const [index, verdict] of result.runs.entries()) {
    const { complianceReport, releaseGate, runManifest } = documents[index]!;
    // Run ids are single safe path segments (the schema's RUN_ID_PATTERN or a slug).
    const prefix = several ? `${verdict.run.id}/` : '';
    const outcome = verdict.gate.passed ? 'passed' : 'failed';
    const markdown = renderSummary({ runs: [verdict], passed: verdict.gate.passed }, { outcome, advisory: options.advisory, reportDir });
    const verdictJson = (): Record<string, unknown> =>
      buildVerdict({
      version: options.version,
      manifestFile: verdict.loaded.file,
      manifestSha256: verdict.loaded.manifestSha256,
      timeVerified: options.timeVerified,
      outcome,
      gate: verdict.gate,
      policySource: verdict.policySource,
      trustFiles: verdict.trustFiles,
    });
    files.push(
      // Serialised in pieces as each file is written: a 100,000-artifact run's JSON is hundreds
      // of MB, and holding the files' text at once would more than double the peak memory.
      { path: `${prefix}compliance-report.json`, content: { json: complianceReport } },
      { path: `${prefix}release-gate.json`, content: { json: releaseGate } },
      { path: `${prefix}manifest.json`, content: { json: runManifest } },
      { path: `${prefix}verdict.json`, content: { json: verdictJson() } },
      { path: `${prefix}compliance-report.md`, content: markdown },
      { path: `${prefix}compliance-report.sarif`, content: { json: renderSarif({ runs: [verdict] }, { version: options.version }) } },
    );
    placed.push({ runId: verdict.run.id, prefix });
  }
  const root = await replaceReportFolder(workspace, reportDir, files);
  const runs = placed.map(({ runId, prefix }): WrittenRun => {
    const folder = prefix === '' ? root : path.join(root, runId);
    return {
      runId,
      folder,
      reportPath: path.join(folder, 'compliance-report.json'),
      manifestPath: path.join(folder, 'manifest.json'),
      sarifPath: path.join(folder, 'compliance-report.sarif'),
    };
  });
  return { reportDir: root, runs };
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

/** Writes `errors.json` (and the error summary as Markdown); returns the folder. */
export async function writeErrorReport(workspace: string, reportDir: string, report: ErrorReport, markdown: string): Promise<string> {
  return replaceReportFolder(workspace, reportDir, [
    { path: 'errors.json', content: toJson(report) },
    { path: 'compliance-report.md', content: markdown },
  ]);
}
