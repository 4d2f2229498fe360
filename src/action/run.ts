/**
 * The Action: the only code that reads inputs, sets outputs, writes the job summary and
 * decides the exit code. It writes only what `src/report/render.ts` (a verdict) and
 * `src/report/render-error.ts` (no verdict) hand it: no Markdown, titles or wording of its own.
 * It fails closed: the exit code is 1 from the first line and becomes 0 only after an explicit
 * pass (or an advisory failure), so a throw, a rejected or never-settling promise, or a signal
 * can never end green.
 */
import * as runner from './runner.js';
import { checkManifests } from '../core/check.js';
import type { Annotation } from '../report/annotations.js';
import { escapeLogText } from '../report/escape.js';
import { renderCheck, type GateOutputs } from '../report/render.js';
import { renderError } from '../report/render-error.js';
import { writeErrorReport, writeReportSet } from '../files/write-reports.js';
import { githubAttestationSource } from '../deliver/attestations-api.js';
import type { AttestationSource } from '../evidence/attestations.js';
import { removeReportFolder } from '../files/report-folder.js';
import { VERSION } from '../version.js';
import { currentTime, githubRun, maxManifestBytes, policyTimeoutMs } from '../environment.js';
import { getInputs, INPUT, type ActionInputs } from './inputs.js';
import { OUTPUT, setOneLineOutput } from './outputs.js';
import { installSafetyNets, type Published } from './safety.js';
import { readRunnerContext, type RunnerContext } from './context.js';
import { loadActionPolicy } from './policy.js';
import { commentOnPullRequest } from '../deliver/comment.js';
import { uploadReport } from '../deliver/upload.js';

export { combinedMessage } from '../report/render.js';

export async function run(): Promise<void> {
  process.exitCode = 1;
  const published: Published = {};
  const finished = installSafetyNets(published);
  let inputs: ActionInputs | undefined;
  try {
    inputs = getInputs((name) => runner.getInput(name), (note) => runner.warning(escapeLogText(note)));
    await gateAndPublish(inputs, readRunnerContext(), published);
  } catch (error) {
    await reportError(error, inputs);
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
    attestations: { source: actionAttestationSource(inputs, context), enable: inputs.attestations },
  });
  const outcome = result.passed ? 'passed' : 'failed';
  const advisory = !inputs.failOnGate;
  const rendered = renderCheck(result, { outcome, advisory, version: VERSION, timeVerified: now, reportDir: inputs.reportDir });

  runner.info(rendered.log);
  const written = await writeReportSet(workspace, inputs.reportDir, rendered.reportSet);
  published.reportDir = written.reportDir;
  annotate(rendered.annotations);
  // The upload comes first: the pull-request comment and the summary link to the uploaded report.
  const artifactUrl = await deliver(() => uploadTheReport(inputs, context, written.reportDir));
  const links = { runUrl: context.runUrl, artifactUrl };
  await deliver(() => commentTheVerdict(inputs, context, rendered.comment(links)));
  await writeSummary(rendered.summary(links));
  setGateOutputs(rendered.outputs(written));

  const { ending } = rendered;
  if (ending.level === 'failure') {
    runner.setFailed(ending.message);
    return;
  }
  if (ending.level === 'warning') runner.warning(ending.message);
  process.exitCode = 0;
}

/** The verdict pair goes last: a step that fails while writing outputs leaves no `passed=true`. */
function setGateOutputs(outputs: GateOutputs): void {
  // One line per run, each neutralised by combinedMessage.
  runner.setOutput(OUTPUT.message, outputs.message);
  setOneLineOutput(OUTPUT.runId, outputs.runId);
  setOneLineOutput(OUTPUT.totalArtifacts, outputs.totalArtifacts);
  setOneLineOutput(OUTPUT.compliantArtifacts, outputs.compliantArtifacts);
  setOneLineOutput(OUTPUT.compliantArtifactIds, outputs.compliantArtifactIds);
  setOneLineOutput(OUTPUT.reportDir, outputs.reportDir);
  setOneLineOutput(OUTPUT.reportPath, outputs.reportPath);
  setOneLineOutput(OUTPUT.manifestPath, outputs.manifestPath);
  setOneLineOutput(OUTPUT.sarifPath, outputs.sarifPath);
  setOneLineOutput(OUTPUT.outcome, outputs.outcome);
  setOneLineOutput(OUTPUT.passed, outputs.passed);
}

/**
 * Delivery never decides the verdict: whatever an upload or a comment does, including a throw
 * we did not foresee, it ends as a warning and the gate's outcome stands.
 */
async function deliver<T>(step: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    runner.warning(`Delivering the report failed (${escapeLogText(error instanceof Error ? error.message : String(error))}); the verdict is unaffected.`);
    return undefined;
  }
}

async function uploadTheReport(inputs: ActionInputs, context: RunnerContext, reportDir: string): Promise<string | undefined> {
  if (!inputs.uploadReport) return undefined;
  const upload = await uploadReport({ name: inputs.reportArtifactName, reportDir, runner: context });
  if (upload.status === 'skipped') {
    runner.notice(`upload-report skipped: ${escapeLogText(upload.reason)}; the report is in ${escapeLogText(inputs.reportDir)}/`);
    return undefined;
  }
  if (upload.status === 'failed') {
    runner.warning(`upload-report failed: ${escapeLogText(upload.reason)}; the verdict is unaffected.`);
    return undefined;
  }
  runner.setOutput(OUTPUT.artifactId, String(upload.id));
  if (upload.url !== undefined) runner.setOutput(OUTPUT.artifactUrl, upload.url);
  runner.info(`Report uploaded as '${escapeLogText(inputs.reportArtifactName)}' (${upload.fileCount} files, ${upload.size} bytes).`);
  return upload.url;
}

async function commentTheVerdict(inputs: ActionInputs, context: RunnerContext, body: string): Promise<undefined> {
  if (!inputs.commentOnPr) return undefined;
  const comment = await commentOnPullRequest({
    token: inputs.githubToken ?? '',
    body,
    eventName: context.eventName,
    eventPayload: await context.eventPayload(),
    repository: context.repository,
    apiUrl: context.apiUrl,
  });
  // A skipped comment (not a pull request) is routine: a notice on every push would be noise.
  if (comment.status === 'skipped') runner.info(`comment-on-pr: ${escapeLogText(comment.reason)}`);
  else if (comment.status === 'failed') runner.warning(`comment-on-pr failed: ${escapeLogText(comment.reason)}; the verdict is unaffected.`);
  else runner.info(`comment-on-pr: ${comment.status} ${escapeLogText(comment.url)}`);
  return undefined;
}

function actionAttestationSource(inputs: ActionInputs, context: RunnerContext): AttestationSource {
  return githubAttestationSource({
    apiUrl: context.apiUrl,
    token: inputs.githubToken ?? '',
    repository: context.repository,
    timeoutMs: policyTimeoutMs(),
    warn: (message) => runner.warning(escapeLogText(message)),
  });
}

/**
 * Everything that is not an explicit verdict ends here, with `outcome: error`. User errors
 * (bad manifest, bad input) are shown as such, without a stack trace; anything else is an
 * internal error, shown with its stack in the log (never in the summary) and failing the job.
 * When the inputs were read, the PR comment says so too: an earlier ✅ must not stay in view.
 */
async function reportError(error: unknown, inputs: ActionInputs | undefined): Promise<void> {
  process.exitCode = 1;
  const rendered = renderError(error);
  try {
    for (const line of rendered.log) runner.info(line);
    annotate(rendered.annotations);
    runner.setOutput(OUTPUT.passed, 'false');
    runner.setOutput(OUTPUT.outcome, 'error');
    setOneLineOutput(OUTPUT.message, rendered.message);
    const reportDir = safeReportDir();
    const context = readRunnerContext();
    const { workspace } = context;
    // errors.json replaces whatever set is there, so no earlier "passed" stays beside it; when
    // even that cannot be written, the old set goes.
    const folder = await writeErrorReport(workspace, reportDir, rendered.report, rendered.summary).catch(async (writeError: unknown) => {
      runner.warning(`could not write errors.json: ${escapeLogText(writeError instanceof Error ? writeError.message : String(writeError))}`);
      await removeReportFolder(workspace, reportDir).catch(() => undefined);
      return undefined;
    });
    if (folder) setOneLineOutput(OUTPUT.reportDir, folder);
    if (inputs !== undefined) await deliver(() => commentTheVerdict(inputs, context, rendered.comment({ runUrl: context.runUrl })));
    // Overwrite: a summary that already opened with the verdict must not stand above the error.
    await writeSummary(rendered.summary, { overwrite: true });
  } finally {
    runner.setFailed(rendered.failure);
  }
}

function safeReportDir(): string {
  return runner.getInput(INPUT.reportDir).trim() || 'maestro-report';
}

function annotate(annotations: readonly Annotation[]): void {
  for (const annotation of annotations) {
    // The runner's encoding covers only %, CR and LF: ids and keys from the manifest may still
    // hold an ESC, a bidi override or a U+2028, which the log would show as they are.
    const properties: runner.AnnotationProperties = { title: escapeLogText(annotation.title, { maxLength: 500 }) };
    if (annotation.file !== undefined) properties.file = annotation.file;
    if (annotation.line !== undefined) properties.startLine = annotation.line;
    if (annotation.column !== undefined) properties.startColumn = annotation.column;
    const message = escapeLogText(annotation.message, { maxLength: 4_000 });
    if (annotation.level === 'error') runner.error(message, properties);
    else runner.warning(message, properties);
  }
}

/** The summary is best effort: a missing or unwritable summary file never changes the verdict. */
async function writeSummary(markdown: string, options: { overwrite: boolean } = { overwrite: false }): Promise<void> {
  try {
    await runner.writeSummary(markdown, options);
  } catch (error) {
    runner.warning(`The job summary could not be written (${escapeLogText(error instanceof Error ? error.message : String(error))}); the verdict and report files are unaffected.`);
  }
}
