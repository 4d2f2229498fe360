/**
 * The terminal report of `maestro-gate check` (and the log lines of the Action): one verdict per
 * run, one line per artifact, the overall verdict last. Pure: the CLI prints what this returns.
 *
 * Every line starts with a word or symbol of ours, never with a manifest value, and every value
 * goes through `escapeLogText`, so no line can be read by the runner as a workflow command.
 */
import { policySourceText, trustFileTexts } from './policy-source.js';
import type { CheckResult, RunVerdict } from '../core/check.js';
import { formatIssue, type ManifestIssue } from '../errors.js';
import type { ArtifactEvaluation, IntegrityFact } from '../gate/types.js';
import { COMPLIANCE_FLAGS, type ComplianceFlag, type Policy } from '../model/schema.js';
import { escapeLogText } from './escape.js';
import { describeFixes, type FixFormat } from './fixes.js';
import { integrityWords } from './words.js';

/** Artifact lines per run; `--json` and the report files always have every artifact. */
export const DEFAULT_MAX_ARTIFACT_LINES = 500;

export interface TextReportOptions {
  /** ANSI colours; the CLI decides (TTY, `NO_COLOR`, `FORCE_COLOR`). */
  color: boolean;
  /** Artifact lines per run; defaults to `DEFAULT_MAX_ARTIFACT_LINES`. */
  maxArtifactLines?: number;
  /** `--no-fail`: a failing `Overall` line says the exit code is 0 all the same. */
  advisory?: boolean;
}

const SHORT_FLAG: Record<ComplianceFlag, string> = {
  sbom_present: 'SBOM',
  slsa_provenance_present: 'SLSA',
  risk_assessment_present: 'risk',
};

type Paint = (text: string) => string;

interface Palette {
  good: Paint;
  bad: Paint;
  warn: Paint;
  strong: Paint;
  dim: Paint;
}

function palette(color: boolean): Palette {
  const sgr = (open: string): Paint => (color ? (text) => `\u001b[${open}m${text}\u001b[0m` : (text) => text);
  return { good: sgr('32'), bad: sgr('31'), warn: sgr('33'), strong: sgr('1'), dim: sgr('2') };
}

const log = (text: string, maxLength?: number): string => escapeLogText(text, maxLength === undefined ? {} : { maxLength });
const logQuoted = (text: string): string => `"${log(text)}"`;
const textFormat: FixFormat = { value: logQuoted, literal: (text) => text };

/**
 * Renders `result` for a terminal: per run a `PASS`/`FAIL` line with the gate's message, a run
 * line, one line per artifact (flags, integrity, reasons; at most `maxArtifactLines`), what to
 * change when it failed; then an `Overall` line. ANSI colours only when `color` is true. Ends
 * with a newline.
 */
export function renderTextReport(result: CheckResult, options: TextReportOptions): string {
  const paint = palette(options.color);
  const maxLines = options.maxArtifactLines ?? DEFAULT_MAX_ARTIFACT_LINES;
  const lines = result.runs.flatMap((verdict) => [...runLines(verdict, paint, maxLines), '']);
  const failed = result.runs.filter((verdict) => !verdict.gate.passed).length;
  const total = result.runs.length;
  if (total === 0) {
    lines.push(`Overall: ${paint.bad('FAIL')} (no run was evaluated)`);
  } else if (result.passed) {
    lines.push(`Overall: ${paint.good('PASS')} (${total === 1 ? 'the run passed' : `all ${total} runs passed`})`);
  } else {
    const advisory = options.advisory ? '; advisory: --no-fail, exit 0' : '';
    lines.push(`Overall: ${paint.bad('FAIL')} (${failed} of ${total} run(s) failed the release gate${advisory})`);
  }
  return `${lines.join('\n')}\n`;
}

function runLines(verdict: RunVerdict, paint: Palette, maxLines: number): string[] {
  const { run, gate } = verdict;
  const status = gate.passed ? paint.good('PASS') : paint.bad('FAIL');
  const lines = [
    `${status} ${paint.strong(log(run.id))}: ${log(gate.message)}`,
    `  run ${logQuoted(run.name)} · owner ${logQuoted(run.owner)} · status ${run.status === 'succeeded' ? paint.good(log(run.status)) : paint.bad(log(run.status))} · manifest ${log(verdict.loaded.file)}`,
  ];
  lines.push(`  policy: ${log(policySourceText(verdict), 2_000)}`);
  for (const entry of trustFileTexts(verdict)) lines.push(`  trust file: ${log(entry, 500)}`);
  const compliant = gate.artifacts.filter((evaluation) => evaluation.compliant).length;
  lines.push(`  artifacts: ${compliant} of ${gate.artifacts.length} compliant`);
  for (const evaluation of gate.artifacts.slice(0, maxLines)) lines.push(...artifactLines(evaluation, gate.policy, paint));
  if (gate.artifacts.length > maxLines) {
    lines.push(paint.dim(`  … ${gate.artifacts.length - maxLines} more artifact(s) not shown; see compliance-report.json or --json`));
  }
  // The first failure is the message above; the others would otherwise go unseen.
  for (const failure of gate.failures.slice(1)) lines.push(`  ${paint.bad('also failed:')} ${log(failure.message)}`);
  for (const fix of gate.passed ? [] : describeFixes(verdict, textFormat)) {
    lines.push(`  ${paint.warn('to pass:')} ${fix.text}`);
    for (const item of fix.items) lines.push(`    - ${item}`);
  }
  return lines;
}

function artifactLines(evaluation: ArtifactEvaluation, policy: Policy, paint: Palette): string[] {
  const mark = evaluation.compliant ? paint.good('✓') : paint.bad('✗');
  const flags = COMPLIANCE_FLAGS.map((flag) => flagMark(evaluation, flag, policy, paint)).join(' ');
  const head = `  ${mark} ${log(evaluation.artifact_id)} (${log(evaluation.kind)}) ${log(evaluation.path_or_uri)}  ${flags}  ${integrityText(evaluation.integrity, paint)}`;
  const evidence = COMPLIANCE_FLAGS.flatMap((flag) => {
    const fact = evaluation.flags[flag].evidence;
    if (fact.status === 'absent') return [];
    const result = fact.status === 'verified' ? paint.good('verified') : paint.bad('FAILED');
    return [`      ${paint.dim('evidence:')} ${SHORT_FLAG[flag]} ${log(fact.path)} ${result}: ${log(fact.reason)}`];
  });
  return [
    head,
    ...evidence,
    ...evaluation.waived.map((waived) => `      ${paint.warn('waived:')} ${log(waived)}`),
    ...evaluation.reasons.map((reason) => `      ${paint.dim('reason:')} ${log(reason)}`),
  ];
}

function flagMark(evaluation: ArtifactEvaluation, flag: ComplianceFlag, policy: Policy, paint: Palette): string {
  const label = policy.required_flags.includes(flag) ? SHORT_FLAG[flag] : `${SHORT_FLAG[flag]} (not required)`;
  const result = evaluation.flags[flag];
  if (result.waived_by !== null) return paint.warn(`~ ${label} (waived)`);
  if (!result.declared) return paint.bad(`✗ ${label}`);
  if (result.evidence.status === 'failed' || (policy.require_evidence && evaluation.missing_flags.includes(flag))) return paint.warn(`? ${label}`);
  return paint.good(`✓ ${label}`);
}

function integrityText(integrity: IntegrityFact, paint: Palette): string {
  const words = integrityWords(integrity, (value) => log(value));
  const paintAs = words.good === true ? paint.good : words.good === false ? paint.bad : paint.dim;
  return paintAs(`integrity ${words.text}`);
}

/**
 * Lists validation issues as `file:line:col key.path: message [CODE]`, one per line behind a
 * `✗`, under a count. Every part of an issue is escaped; ANSI colours only when `color` is true.
 */
export function renderTextIssues(issues: readonly ManifestIssue[], color: boolean): string {
  const paint = palette(color);
  const lines = [`${paint.bad('✗')} ${issues.length} problem(s) found in the manifest(s):`];
  for (const issue of issues) {
    const safe: ManifestIssue = { ...issue, file: log(issue.file), path: log(issue.path), message: log(issue.message) };
    lines.push(`  ${paint.bad('✗')} ${formatIssue(safe)} ${paint.dim(`[${issue.code}]`)}`);
  }
  return `${lines.join('\n')}\n`;
}
