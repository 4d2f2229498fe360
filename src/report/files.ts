/**
 * The report folder: for each run `compliance-report.json`, `release-gate.json`,
 * `manifest.json`, `compliance-report.md` and `verdict.json`, in `report-dir` for one run and
 * in `report-dir/<run-id>/` for several. On an error outcome, `errors.json` with stable codes.
 */
import type { CheckResult } from '../check.js';
import type { ManifestIssue } from '../errors.js';
import { buildVerdict } from './json.js';
import { renderSummary } from './summary.js';
import { prepareReportDir, prepareSubfolder, toJson, writeFileAtomic } from './write.js';

export interface WrittenRun {
  runId: string;
  folder: string;
  reportPath: string;
  manifestPath: string;
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
  options: ReportFileOptions,
): Promise<WrittenReports> {
  const root = await prepareReportDir(workspace, reportDir);
  const several = result.runs.length > 1;
  const runs: WrittenRun[] = [];
  for (const verdict of result.runs) {
    // Run ids are single safe path segments (the schema's RUN_ID_PATTERN or a slug).
    const folder = several ? await prepareSubfolder(root, verdict.run.id) : root;
    const outcome = verdict.gate.passed ? 'passed' : 'failed';
    const markdown = renderSummary({ runs: [verdict], passed: verdict.gate.passed }, { outcome, advisory: options.advisory, reportDir });
    const verdictJson = buildVerdict({
      version: options.version,
      manifestFile: verdict.loaded.file,
      manifestSha256: verdict.loaded.manifestSha256,
      timeVerified: options.timeVerified,
      outcome,
      gate: verdict.gate,
    });
    const reportPath = await writeFileAtomic(folder, 'compliance-report.json', toJson(verdict.complianceReport));
    await writeFileAtomic(folder, 'release-gate.json', toJson(verdict.releaseGate));
    const manifestPath = await writeFileAtomic(folder, 'manifest.json', toJson(verdict.runManifest));
    await writeFileAtomic(folder, 'verdict.json', toJson(verdictJson));
    await writeFileAtomic(folder, 'compliance-report.md', markdown);
    runs.push({ runId: verdict.run.id, folder, reportPath, manifestPath });
  }
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
  const root = await prepareReportDir(workspace, reportDir);
  await writeFileAtomic(root, 'errors.json', toJson(report));
  await writeFileAtomic(root, 'compliance-report.md', markdown);
  return root;
}
