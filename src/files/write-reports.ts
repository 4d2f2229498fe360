/**
 * Writes the report sets that `src/report/files.ts` describes into `report-dir`, as a whole
 * (see `replaceReportFolder`), and says where each run's files landed.
 */
import path from 'node:path';
import type { CheckResult } from '../core/check.js';
import type { RunDocuments } from '../report/documents.js';
import { checkReportFiles, errorReportFiles, type CheckReportSet, type ErrorReport, type ReportFileOptions } from '../report/files.js';
import { replaceReportFolder } from './report-folder.js';

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

/** Writes the report set of `result`; `markdown` as `checkReportFiles` takes it. */
export async function writeCheckReports(
  workspace: string,
  reportDir: string,
  result: CheckResult,
  /** `buildRunDocuments` of each run, in the order of `result.runs`. */
  documents: readonly RunDocuments[],
  options: Omit<ReportFileOptions, 'reportDir'>,
  markdown?: readonly string[],
): Promise<WrittenReports> {
  return writeReportSet(workspace, reportDir, checkReportFiles(result, documents, { ...options, reportDir }, markdown));
}

/** Writes a report set already rendered (`renderCheck`'s `reportSet`). */
export async function writeReportSet(workspace: string, reportDir: string, set: CheckReportSet): Promise<WrittenReports> {
  const root = await replaceReportFolder(workspace, reportDir, set.files);
  const runs = set.runFolders.map(({ runId, folder }): WrittenRun => {
    const where = folder === '' ? root : path.join(root, folder);
    return {
      runId,
      folder: where,
      reportPath: path.join(where, 'compliance-report.json'),
      manifestPath: path.join(where, 'manifest.json'),
      sarifPath: path.join(where, 'compliance-report.sarif'),
    };
  });
  return { reportDir: root, runs };
}

/** Writes `errors.json` (and the error summary as Markdown); returns the folder. */
export async function writeErrorReport(workspace: string, reportDir: string, report: ErrorReport, markdown: string): Promise<string> {
  return replaceReportFolder(workspace, reportDir, errorReportFiles(report, markdown));
}
