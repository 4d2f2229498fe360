/**
 * Everything the Action writes for a checked result, rendered once: the log, the report files,
 * the annotations, the job summary, the PR comment body, the outputs' values and the last line.
 * Pure: `src/action/run.ts` writes what this returns. The summary and the comment are finished
 * after the upload (they link to the uploaded report); their bodies are rendered here, once.
 */
import type { CheckResult } from '../core/check.js';
import { gateAnnotations, type Annotation } from './annotations.js';
import { renderComment, type CommentLinks } from './comment.js';
import { artifactCounts, buildRunDocuments } from './documents.js';
import { escapeLogText } from './escape.js';
import { checkReportFiles, type CheckReportSet } from './files.js';
import { renderSummaryBody, summaryClosing, withClosing, type SummaryLinks } from './summary.js';
import { renderTextReport } from './text.js';

export interface RenderCheckOptions {
  /** The decision the shell acts on. */
  outcome: 'passed' | 'failed';
  advisory: boolean;
  version: string;
  timeVerified: string;
  /** `report-dir` as given. */
  reportDir: string;
}

/** The outputs' values (SPEC §6); the shell sets them last, the verdict pair after the rest. */
export interface GateOutputs {
  message: string;
  runId: string;
  totalArtifacts: string;
  compliantArtifacts: string;
  compliantArtifactIds: string;
  reportDir: string;
  reportPath: string;
  manifestPath: string;
  sarifPath: string;
  outcome: 'passed' | 'failed';
  passed: string;
}

export interface WrittenPaths {
  reportDir: string;
  runs: readonly { reportPath: string; manifestPath: string; sarifPath: string }[];
}

/** How the step ends: a pass, a warning (advisory) or a failure, with the one line that says why. */
export type Ending = { level: 'pass' } | { level: 'warning' | 'failure'; message: string };

export interface RenderedCheck {
  log: string;
  reportSet: CheckReportSet;
  annotations: Annotation[];
  summary(links: SummaryLinks): string;
  comment(links: CommentLinks): string;
  outputs(written: WrittenPaths): GateOutputs;
  ending: Ending;
}

export function renderCheck(result: CheckResult, options: RenderCheckOptions): RenderedCheck {
  const { outcome, advisory, reportDir } = options;
  const several = result.runs.length > 1;
  const body = renderSummaryBody(result, { outcome, advisory, reportDir });
  const documents = result.runs.map(buildRunDocuments);
  // A single run's report file is the job summary itself, without the upload's link.
  const markdown = several ? undefined : [withClosing(body, summaryClosing(result, { reportDir }))];
  const message = combinedMessage(result).split('\n').join('; ');
  let ending: Ending = { level: 'pass' };
  if (!result.passed) {
    ending = advisory
      ? { level: 'warning', message: `Release gate failed (advisory, fail-on-gate is false): ${message}` }
      : { level: 'failure', message: `Release gate failed: ${message}. See the job summary for what to do to pass.` };
  }
  return {
    log: renderTextReport(result, { color: false }),
    reportSet: checkReportFiles(result, documents, { version: options.version, timeVerified: options.timeVerified, advisory, reportDir }, markdown),
    annotations: gateAnnotations(result, options.reportDir),
    summary: (links) => withClosing(body, summaryClosing(result, { reportDir }, links)),
    comment: (links) => renderComment({ result, outcome, advisory, ...links }),
    outputs: (written) => gateOutputs(result, outcome, written),
    ending,
  };
}

function gateOutputs(result: CheckResult, outcome: 'passed' | 'failed', written: WrittenPaths): GateOutputs {
  const several = result.runs.length > 1;
  const compliantIds = result.runs.flatMap((verdict) =>
    verdict.gate.artifacts.filter((evaluation) => evaluation.compliant).map((evaluation) => (several ? `${verdict.run.id}/${evaluation.artifact_id}` : evaluation.artifact_id)),
  );
  const sum = (pick: (counts: { total: number; compliant: number }) => number): number => result.runs.reduce((total, verdict) => total + pick(artifactCounts(verdict)), 0);
  const each = (pick: (run: WrittenPaths['runs'][number]) => string): string => (several ? JSON.stringify(written.runs.map(pick)) : (written.runs[0] ? pick(written.runs[0]) : ''));
  return {
    message: combinedMessage(result),
    runId: several ? JSON.stringify(result.runs.map((verdict) => verdict.run.id)) : (result.runs[0]?.run.id ?? ''),
    totalArtifacts: String(sum((counts) => counts.total)),
    compliantArtifacts: String(sum((counts) => counts.compliant)),
    compliantArtifactIds: JSON.stringify(compliantIds),
    reportDir: written.reportDir,
    reportPath: each((run) => run.reportPath),
    manifestPath: each((run) => run.manifestPath),
    sarifPath: each((run) => run.sarifPath),
    outcome,
    passed: String(result.passed),
  };
}

/**
 * One run: the gate's message. Several: one line per run, prefixed by its id. Each run's message
 * is neutralised on its own, so text from a manifest can never add a line.
 */
export function combinedMessage(result: CheckResult): string {
  const line = (value: string): string => escapeLogText(value, { maxLength: 4_000 });
  if (result.runs.length === 1) return line(result.runs[0]!.gate.message);
  return result.runs.map((verdict) => `${verdict.run.id}: ${line(verdict.gate.message)}`).join('\n');
}
