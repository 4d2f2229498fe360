/**
 * The Action: the only code that reads inputs, sets outputs, writes the job summary and
 * decides the exit code. It fails closed: the exit code is 1 from the first line and becomes
 * 0 only after an explicit pass (or an advisory failure), so a throw, a rejected or
 * never-settling promise, or a signal can never end green.
 */
import * as core from '@actions/core';
import { checkManifests, type CheckResult } from '../core/check.js';
import { classifyError, type ErrorKind } from '../errors.js';
import { artifactAnnotations, issueAnnotations, policyAnnotations, waiverAnnotations, type Annotation } from '../report/annotations.js';
import { escapeLogText } from '../report/escape.js';
import { artifactCounts, buildRunDocuments } from '../report/documents.js';
import { buildErrorReport, writeCheckReports, writeErrorReport, type WrittenReports } from '../report/files.js';
import { removeReportFolder } from '../files/report-folder.js';
import { renderErrorSummary, renderSummary } from '../report/summary.js';
import { renderTextIssues, renderTextReport } from '../report/text.js';
import { VERSION } from '../version.js';
import { currentTime, githubRun, maxManifestBytes, policyTimeoutMs } from '../environment.js';
import { getInputs, INPUT, type ActionInputs } from './inputs.js';
import { OUTPUT, setOneLineOutput } from './outputs.js';
import { installSafetyNets, type Published } from './safety.js';
import { readRunnerContext, type RunnerContext } from './context.js';
import { loadActionPolicy } from './policy.js';
import { commentOnPullRequest } from '../deliver/comment.js';
import { uploadReport } from '../deliver/upload.js';

export type Outcome = 'passed' | 'failed' | 'error';

export async function run(): Promise<void> {
  process.exitCode = 1;
  const published: Published = {};
  const finished = installSafetyNets(published);
  try {
    const inputs = getInputs((name) => core.getInput(name), (note) => core.warning(escapeLogText(note)));
    await gateAndPublish(inputs, readRunnerContext(), published);
  } catch (error) {
    await reportError(error);
  } finally {
    finished();
  }
}

/**
 * Evaluates the gate, then publishes: report files, annotations, upload, comment and summary
 * first, the verdict outputs last. Until the outputs are written nothing says "passed" to a later
 * step, so a crash, a hung API call or an out-of-memory abort on the way leaves no pass behind.
 */
async function gateAndPublish(inputs: ActionInputs, context: RunnerContext, published: Published): Promise<void> {
  const { workspace } = context;
  const now = currentTime();
  const trustedPolicy = await loadActionPolicy(inputs, {
    workspace,
    eventName: context.eventName,
    eventPayload: inputs.policy === undefined ? undefined : await context.eventPayload(),
    repository: context.repository,
    apiUrl: context.apiUrl,
    timeoutMs: policyTimeoutMs(),
  });
  const result = await checkManifests({
    trustedPolicy,
    workspace,
    patterns: inputs.manifest,
    runStatus: inputs.runStatus,
    requireEvidence: inputs.requireEvidence,
    githubRun: githubRun(),
    maxManifestBytes: maxManifestBytes(),
    now,
  });
  const outcome: Outcome = result.passed ? 'passed' : 'failed';
  const advisory = !inputs.failOnGate;

  core.info(renderTextReport(result, { color: false }));
  const written = await writeCheckReports(workspace, inputs.reportDir, result, result.runs.map(buildRunDocuments), { version: VERSION, timeVerified: now, advisory });
  published.reportDir = written.reportDir;
  annotate(artifactAnnotations(result));
  annotate(waiverAnnotations(result));
  annotate(policyAnnotations(result));
  // The upload comes first: the pull-request comment links to the uploaded report.
  const artifactUrl = await deliver(() => uploadTheReport(inputs, written.reportDir));
  await deliver(() => commentTheVerdict(inputs, context, result, outcome, advisory, artifactUrl));
  await writeSummary(renderSummary(result, { outcome, advisory, reportDir: inputs.reportDir }));
  setGateOutputs(result, outcome, written);

  if (result.passed) {
    process.exitCode = 0;
    return;
  }
  // The message quotes artifact ids and paths from the manifest: neutralise them for the log.
  const message = combinedMessage(result).split('\n').join('; ');
  if (advisory) {
    core.warning(`Release gate failed (advisory, fail-on-gate is false): ${message}`);
    process.exitCode = 0;
    return;
  }
  core.setFailed(`Release gate failed: ${message}. See the job summary for what to do to pass.`);
}

function setGateOutputs(result: CheckResult, outcome: Outcome, written: WrittenReports): void {
  const several = result.runs.length > 1;
  const compliantIds = result.runs.flatMap((verdict) =>
    verdict.gate.artifacts.filter((evaluation) => evaluation.compliant).map((evaluation) => (several ? `${verdict.run.id}/${evaluation.artifact_id}` : evaluation.artifact_id)),
  );
  const sum = (pick: (verdict: CheckResult['runs'][number]) => number): number => result.runs.reduce((total, verdict) => total + pick(verdict), 0);
  // The verdict pair goes last: a step that fails while writing outputs leaves no `passed=true`.
  // One line per run, each neutralised by combinedMessage.
  core.setOutput(OUTPUT.message, combinedMessage(result));
  setOneLineOutput(OUTPUT.runId, several ? JSON.stringify(result.runs.map((verdict) => verdict.run.id)) : (result.runs[0]?.run.id ?? ''));
  setOneLineOutput(OUTPUT.totalArtifacts, String(sum((verdict) => artifactCounts(verdict).total)));
  setOneLineOutput(OUTPUT.compliantArtifacts, String(sum((verdict) => artifactCounts(verdict).compliant)));
  setOneLineOutput(OUTPUT.compliantArtifactIds, JSON.stringify(compliantIds));
  setOneLineOutput(OUTPUT.reportDir, written.reportDir);
  setOneLineOutput(OUTPUT.reportPath, several ? JSON.stringify(written.runs.map((run) => run.reportPath)) : (written.runs[0]?.reportPath ?? ''));
  setOneLineOutput(OUTPUT.manifestPath, several ? JSON.stringify(written.runs.map((run) => run.manifestPath)) : (written.runs[0]?.manifestPath ?? ''));
  setOneLineOutput(OUTPUT.outcome, outcome);
  setOneLineOutput(OUTPUT.passed, String(result.passed));
}

/**
 * One run: the gate's message. Several: one line per run, prefixed by its id. Each run's message
 * is neutralised on its own, so text from a manifest can never add a line.
 */
export function combinedMessage(result: CheckResult): string {
  const line = (text: string): string => escapeLogText(text, { maxLength: 4_000 });
  if (result.runs.length === 1) return line(result.runs[0]!.gate.message);
  return result.runs.map((verdict) => `${verdict.run.id}: ${line(verdict.gate.message)}`).join('\n');
}

/**
 * Delivery never decides the verdict: whatever an upload or a comment does, including a throw
 * we did not foresee, it ends as a warning and the gate's outcome stands.
 */
async function deliver<T>(step: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    core.warning(`Delivering the report failed (${escapeLogText(error instanceof Error ? error.message : String(error))}); the verdict is unaffected.`);
    return undefined;
  }
}

async function uploadTheReport(inputs: ActionInputs, reportDir: string): Promise<string | undefined> {
  if (!inputs.uploadReport) return undefined;
  const upload = await uploadReport({ name: inputs.reportArtifactName, reportDir });
  if (upload.status === 'skipped') {
    core.notice(`upload-report skipped: ${escapeLogText(upload.reason)}; the report is in ${escapeLogText(inputs.reportDir)}/`);
    return undefined;
  }
  if (upload.status === 'failed') {
    core.warning(`upload-report failed: ${escapeLogText(upload.reason)}; the verdict is unaffected.`);
    return undefined;
  }
  core.setOutput(OUTPUT.artifactId, String(upload.id));
  if (upload.url !== undefined) core.setOutput(OUTPUT.artifactUrl, upload.url);
  core.info(`Report uploaded as '${escapeLogText(inputs.reportArtifactName)}' (${upload.fileCount} files, ${upload.size} bytes).`);
  return upload.url;
}

async function commentTheVerdict(
  inputs: ActionInputs,
  context: RunnerContext,
  result: CheckResult, outcome: 'passed' | 'failed', advisory: boolean, artifactUrl: string | undefined): Promise<undefined> {
  if (!inputs.commentOnPr) return undefined;
  const comment = await commentOnPullRequest({
    token: inputs.githubToken ?? '',
    result,
    outcome,
    advisory,
    runUrl: context.runUrl,
    artifactUrl,
    eventName: context.eventName,
    eventPayload: await context.eventPayload(),
    repository: context.repository,
    apiUrl: context.apiUrl,
  });
  // A skipped comment (not a pull request) is routine: a notice on every push would be noise.
  if (comment.status === 'skipped') core.info(`comment-on-pr: ${escapeLogText(comment.reason)}`);
  else if (comment.status === 'failed') core.warning(`comment-on-pr failed: ${escapeLogText(comment.reason)}; the verdict is unaffected.`);
  else core.info(`comment-on-pr: ${comment.status} ${escapeLogText(comment.url)}`);
  return undefined;
}

/** How the Action names each kind of failure, in the summary, the outputs and the log. */
const ERROR_TITLES: Readonly<Record<ErrorKind, string>> = {
  manifest: 'The manifest is invalid',
  'policy-file': 'The trusted policy is invalid',
  'policy-read': 'The trusted policy could not be read',
  input: 'An input is invalid',
  usage: 'An input is invalid',
  report: 'The report could not be written',
  internal: 'maestro-gate failed with an internal error',
};

/**
 * Everything that is not an explicit verdict ends here, with `outcome: error`. User errors
 * (bad manifest, bad input) are shown as such, without a stack trace; anything else is an
 * internal error, shown with its stack in the log (never in the summary) and failing the job.
 */
async function reportError(error: unknown): Promise<void> {
  process.exitCode = 1;
  const failure = classifyError(error);
  const { code, issues } = failure;
  const title = ERROR_TITLES[failure.kind] + (failure.input === undefined ? '' : ` (input ${failure.input})`);
  if (issues.length > 0) {
    core.info(renderTextIssues(issues, false));
    annotate(issueAnnotations(issues));
  }
  if (failure.kind === 'internal') core.info(escapeLogText(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  const message = error instanceof Error ? error.message : String(error);
  try {
    core.setOutput(OUTPUT.passed, 'false');
    core.setOutput(OUTPUT.outcome, 'error');
    setOneLineOutput(OUTPUT.message, `${title}: ${message}`);
    const reportDir = safeReportDir();
    const markdown = renderErrorSummary({ title, issues, message });
    const { workspace } = readRunnerContext();
    // errors.json replaces whatever set is there, so no earlier "passed" stays beside it; when
    // even that cannot be written, the old set goes.
    const folder = await writeErrorReport(workspace, reportDir, buildErrorReport(`${title}: ${message}`, code, issues), markdown).catch(async (writeError: unknown) => {
      core.warning(`could not write errors.json: ${escapeLogText(writeError instanceof Error ? writeError.message : String(writeError))}`);
      await removeReportFolder(workspace, reportDir).catch(() => undefined);
      return undefined;
    });
    if (folder) setOneLineOutput(OUTPUT.reportDir, folder);
    // Overwrite: a summary that already opened with the verdict must not stand above the error.
    await writeSummary(markdown, { overwrite: true });
  } finally {
    core.setFailed(`${title}: ${escapeLogText(message)}`);
  }
}

function safeReportDir(): string {
  return core.getInput(INPUT.reportDir).trim() || 'maestro-report';
}

function annotate(annotations: readonly Annotation[]): void {
  for (const annotation of annotations) {
    // @actions/core encodes only %, CR and LF: ids and keys from the manifest may still hold an
    // ESC, a bidi override or a U+2028, which the log would show as they are.
    const properties: core.AnnotationProperties = { title: escapeLogText(annotation.title, { maxLength: 500 }) };
    if (annotation.file !== undefined) properties.file = annotation.file;
    if (annotation.line !== undefined) properties.startLine = annotation.line;
    if (annotation.column !== undefined) properties.startColumn = annotation.column;
    const message = escapeLogText(annotation.message, { maxLength: 4_000 });
    if (annotation.level === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

/** The summary is best effort: a missing or unwritable summary file never changes the verdict. */
async function writeSummary(markdown: string, options: { overwrite: boolean } = { overwrite: false }): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write(options);
  } catch (error) {
    core.warning(`The job summary could not be written (${escapeLogText(error instanceof Error ? error.message : String(error))}); the verdict and report files are unaffected.`);
  } finally {
    core.summary.emptyBuffer();
  }
}
