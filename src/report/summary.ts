/**
 * The job summary (also saved as `compliance-report.md`): what a reviewer reads to decide whether
 * a release may ship. Pure: a `CheckResult` in, Markdown out. Every manifest string goes through
 * `escapeMarkdown`; only this file's own words are Markdown syntax.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ManifestIssue } from '../errors.js';
import { policySourceText, trustFileTexts } from './policy-source.js';
import { FLAG_LABELS } from '../gate/evaluate.js';
import type { ArtifactEvaluation, IntegrityFact } from '../gate/types.js';
import { COMPLIANCE_FLAGS, type ComplianceFlag, type Policy } from '../model/schema.js';
import { escapeMarkdown } from './escape.js';
import { describeFixes, type FixFormat } from './fixes.js';
import { fitDocument, MESSAGE_MAX_LENGTH, table, text, type Block } from './layout.js';


/** Below GitHub's 1 MiB (1,048,576 bytes) limit for a step's summary, with room to spare. */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;
/** Artifact rows shown per run; the JSON report always has every artifact. */
export const DEFAULT_MAX_ARTIFACT_ROWS = 200;
/** Validation issues shown in an error summary. */
export const DEFAULT_MAX_ISSUE_ROWS = 200;
/** How many related or disclosed ids a line lists before it says "and N more". */
const IDS_IN_LIST = 50;
/** A gate message names up to five artifacts with paths and digests; let it be read whole. */

export { TRUNCATION_MARKER } from './layout.js';

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


const md = (text: string, maxLength?: number): string => escapeMarkdown(text, maxLength === undefined ? {} : { maxLength });
const markdownFormat: FixFormat = { value: (text) => md(text), literal: (text) => `\`${text}\`` };

/**
 * Renders the job summary for every run of `result`. The verdict heading comes first and is never
 * cut; when `failed`, "What to do to pass" follows; then, per run, the run, its artifacts (at most
 * `maxArtifactRows` rows, a line saying how many were left out), its disclosure pack and related
 * ids. The document never exceeds `maxBytes` UTF-8 bytes: detail is dropped, least important
 * first, behind a visible marker (only a cap too small for the verdict heading itself, a few
 * hundred bytes, is not honoured: the heading is never dropped).
 */
export function renderSummary(result: CheckResult, options: SummaryOptions): string {
  const maxRows = options.maxArtifactRows ?? DEFAULT_MAX_ARTIFACT_ROWS;
  const several = result.runs.length > 1;
  const passed = options.outcome === 'passed' && result.passed && result.runs.every((verdict) => verdict.gate.passed);
  const only = result.runs.length === 1 ? result.runs[0] : undefined;

  const heading = verdictHeading(passed, options.advisory);
  const headline = (maxLength: number): string[] => {
    if (only) return [heading, md(only.gate.message, maxLength)];
    const failed = result.runs.filter((verdict) => !verdict.gate.passed).length;
    if (result.runs.length === 0) return [heading, 'No run was evaluated, so nothing may be released.'];
    return [heading, failed === 0 ? `All ${result.runs.length} runs passed the release gate.` : `${failed} of ${result.runs.length} runs failed the release gate.`];
  };

  const blocks: Block[] = [];
  if (!passed && options.advisory) {
    blocks.push(text(0, '`fail-on-gate` is `false`, so this job does not fail; the release still does not meet the gate.'));
  }
  for (const verdict of result.runs) {
    blocks.push(...runBlocks(verdict, { several, maxRows, reportDir: options.reportDir }));
  }
  if (options.reportDir !== undefined) {
    blocks.push(text(3, `Full reports (\`compliance-report.json\`, \`release-gate.json\`, \`manifest.json\`, \`verdict.json\`) are in ${md(options.reportDir)}${several ? ', one folder per run id' : ''}.`));
  }
  return fitDocument(headline, blocks, options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES);
}

function verdictHeading(passed: boolean, advisory: boolean): string {
  if (passed) return '## ✅ Release gate passed';
  return advisory ? '## ⚠️ Release gate failed (advisory)' : '## ❌ Release gate failed';
}

interface RunContext {
  several: boolean;
  maxRows: number;
  reportDir: string | undefined;
}

function runBlocks(verdict: RunVerdict, context: RunContext): Block[] {
  const { run, gate } = verdict;
  const level = context.several ? '####' : '###';
  const blocks: Block[] = [];
  if (context.several) {
    const mark = gate.passed ? '✅' : '❌';
    blocks.push(text(1, `### ${mark} ${md(run.name, 200)} (${md(run.id)})\n\n${md(gate.message, MESSAGE_MAX_LENGTH)}`));
  }
  if (!gate.passed) {
    const fixes = describeFixes(verdict, markdownFormat);
    const lines = fixes.flatMap((fix) => [`- ${fix.text}`, ...fix.items.map((item) => `  - ${item}`)]);
    blocks.push(text(2, `${level} What to do to pass\n\n${lines.join('\n')}`));
  }
  blocks.push(table(3, `${level} Run`, ['| Field | Value |', '| --- | --- |'], runRows(verdict), 0, (count) => `_${count} more field(s) not shown._`));
  blocks.push(artifactTable(verdict, level, context));
  const evidence = evidenceTable(verdict, level, context);
  if (evidence) blocks.push(evidence);
  const waivers = waiverSection(verdict, level);
  if (waivers) blocks.push(text(2, waivers));
  blocks.push(text(3, disclosureSection(verdict, level)));
  blocks.push(text(3, relatedSection(verdict, level)));
  return blocks;
}

function runRows(verdict: RunVerdict): string[] {
  const { run, gate } = verdict;
  const cost = (value: number | null): string => (value === null ? '—' : String(value));
  const rows = [
    ['ID', md(run.id)],
    ['Name', md(run.name)],
    ['Owner', md(run.owner)],
    ['Status', `${run.status === 'succeeded' ? '✅' : '❌'} ${md(run.status)}`],
    ['Started', run.started_at === null ? '—' : md(run.started_at)],
    ['Finished', run.finished_at === null ? '—' : md(run.finished_at)],
    ['Cost (estimate / actual)', `${cost(run.cost_estimate)} / ${cost(run.cost_actual)}`],
    ['Manifest', md(verdict.loaded.file)],
    ['Policy', describePolicy(gate.policy)],
    ['Policy source', md(policySourceText(verdict), 2_000)],
  ];
  const trust = trustFileTexts(verdict);
  for (const entry of trust) rows.push(['Trust file', md(entry, 500)]);
  if (Object.keys(run.metadata).length > 0) rows.push(['Metadata', md(JSON.stringify(run.metadata), 500)]);
  return rows.map(([field, value]) => `| ${field} | ${value} |`);
}

function describePolicy(policy: Policy): string {
  const parts = [
    `requires ${policy.required_flags.map((flag) => FLAG_LABELS[flag]).join(' + ')}`,
    `at least ${policy.min_compliant_artifacts} compliant artifact(s)`,
    policy.require_evidence ? 'evidence required' : 'flags as declared',
    policy.verify_content_hash ? 'content_hash verified' : 'content_hash not verified',
  ];
  if (policy.max_cost_overrun !== undefined) parts.push(`cost overrun at most ${Number((policy.max_cost_overrun * 100).toFixed(1))}%`);
  return parts.join('; ');
}

function artifactTable(verdict: RunVerdict, level: string, context: RunContext): Block {
  const { gate } = verdict;
  const title = `${level} Artifacts (${gate.artifacts.filter((evaluation) => evaluation.compliant).length} of ${gate.artifacts.length} compliant)`;
  if (gate.artifacts.length === 0) return text(3, `${title}\n\nNo artifacts declared.`);
  const flagHeaders = COMPLIANCE_FLAGS.map((flag) => (gate.policy.required_flags.includes(flag) ? flagHeader(flag) : `${flagHeader(flag)} (not required)`));
  const head = [
    `| Artifact | Kind | Path or URI | ${flagHeaders.join(' | ')} | Integrity | Compliant | Reasons |`,
    `| --- | --- | --- | ${COMPLIANCE_FLAGS.map(() => ':-:').join(' | ')} | --- | :-: | --- |`,
  ];
  const shown = pickShownArtifacts(gate.artifacts, context.maxRows);
  const rows = shown.map((evaluation) => artifactRow(evaluation, gate.policy));
  const where = reportPath(verdict, context);
  const failing = gate.artifacts.filter((evaluation) => !evaluation.compliant).length;
  const leftOutLine = (count: number, kept: number): string => {
    const hiddenFailing = failing - shown.slice(0, kept).filter((evaluation) => !evaluation.compliant).length;
    const note = hiddenFailing === 0 ? ' (all of them compliant)' : ` (${hiddenFailing.toLocaleString('en-US')} of them not compliant)`;
    return `_${count.toLocaleString('en-US')} more artifact(s) not shown${note}; every artifact is listed in ${where}._`;
  };
  return table(4, title, head, rows, gate.artifacts.length - shown.length, leftOutLine);
}

function flagHeader(flag: ComplianceFlag): string {
  const label = FLAG_LABELS[flag];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * Past the row cap, non-compliant artifacts are the ones a reviewer must see, so they are picked
 * first; the picked rows keep the manifest's order.
 */
function pickShownArtifacts(artifacts: readonly ArtifactEvaluation[], maxRows: number): ArtifactEvaluation[] {
  if (artifacts.length <= maxRows) return [...artifacts];
  const failing = artifacts.filter((evaluation) => !evaluation.compliant).slice(0, maxRows);
  const room = Math.max(0, maxRows - failing.length);
  const picked = new Set([...failing, ...artifacts.filter((evaluation) => evaluation.compliant).slice(0, room)]);
  return artifacts.filter((evaluation) => picked.has(evaluation));
}

function artifactRow(evaluation: ArtifactEvaluation, policy: Policy): string {
  const flags = COMPLIANCE_FLAGS.map((flag) => flagCell(evaluation, flag, policy));
  const reasons = evaluation.reasons.length === 0 ? '—' : md(evaluation.reasons.join('; '), 1_000);
  const cells = [
    md(evaluation.artifact_id, 256),
    md(evaluation.kind),
    md(evaluation.path_or_uri, 300),
    ...flags,
    integrityCell(evaluation.integrity),
    evaluation.compliant ? '✅' : '❌',
    reasons,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Declared and verified side by side, and the waiver that lifted the flag, if one did. */
function flagCell(evaluation: ArtifactEvaluation, flag: ComplianceFlag, policy: Policy): string {
  const result = evaluation.flags[flag];
  const declared = result.declared ? '✅ declared' : '❌ not declared';
  let verified: string;
  if (result.evidence.status === 'verified') verified = '✅ verified';
  else if (result.evidence.status === 'failed') verified = '❌ evidence failed';
  else verified = policy.require_evidence && result.required ? '⚠️ no evidence' : '➖ no evidence';
  const waived = result.waived_by === null ? '' : ` · 🛡️ waived (waiver ${result.waived_by + 1})`;
  return `${declared} · ${verified}${waived}`;
}

/** One row per evidence file read: what it is, its digest, and what the verifier found. */
function evidenceTable(verdict: RunVerdict, level: string, context: RunContext): Block | null {
  const rows: string[] = [];
  for (const evaluation of verdict.gate.artifacts) {
    for (const flag of COMPLIANCE_FLAGS) {
      const evidence = evaluation.flags[flag].evidence;
      if (evidence.status === 'absent') continue;
      const mark = evidence.status === 'verified' ? '✅' : '❌';
      const digest = evidence.sha256 === null ? '—' : `\`sha256:${evidence.sha256.slice(0, 12)}…\``;
      rows.push(`| ${md(evaluation.artifact_id, 256)} | ${FLAG_LABELS[flag]} | ${md(evidence.path, 300)} | ${digest} | ${mark} ${md(evidence.reason, 300)} | ${md(describeDetails(evidence.details), 600)} |`);
    }
  }
  if (rows.length === 0) return null;
  const head = ['| Artifact | Flag | File | Digest | Result | Found |', '| --- | --- | --- | --- | --- | --- |'];
  const where = reportPath(verdict, context);
  return table(4, `${level} Evidence`, head, rows, 0, (count) => `_${count.toLocaleString('en-US')} more evidence file(s) not shown; see ${where}._`);
}

function describeDetails(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    parts.push(`${key.replace(/_/g, ' ')}: ${shown}`);
  }
  return parts.join('; ') || '—';
}

/** Every waiver, in force or not: a waiver is never hidden. */
function waiverSection(verdict: RunVerdict, level: string): string | null {
  const { waivers } = verdict.gate;
  if (waivers.length === 0) return null;
  const status = { active: '🛡️ in force', expiring: '⚠️ expires soon', expired: '❌ expired, no effect' } as const;
  const rows = waivers.map((state) => {
    const { waiver } = state;
    const target = waiver.run ? 'the run' : listIds(waiver.artifact_ids ?? [], (id) => md(id, 256));
    const days = state.status === 'expired' ? '' : ` (${state.days_left} day(s) left)`;
    return `| ${state.index + 1} | \`${waiver.rule}\` | ${target} | ${md(waiver.owner, 200)} | ${waiver.decision_id === undefined ? '—' : md(waiver.decision_id, 200)} | ${md(waiver.expires)}${days} | ${status[state.status]}${state.applied ? ', applied' : ''} | ${md(waiver.reason, 600)} |`;
  });
  return [`${level} Waivers`, '', '| # | Rule | Applies to | Owner | Decision | Expires | Status | Reason |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function integrityCell(integrity: IntegrityFact): string {
  switch (integrity.status) {
    case 'verified':
      return '✅ verified';
    case 'mismatch':
      return '❌ mismatch';
    case 'unreadable':
      return `❌ unreadable (${md(integrity.code, 64)})`;
    case 'not_verified':
      return `➖ not verified: ${md(integrity.reason, 300)}`;
  }
}

function reportPath(verdict: RunVerdict, context: RunContext): string {
  const file = 'compliance-report.json';
  if (context.reportDir === undefined) return file;
  return md(context.several ? `${context.reportDir}/${verdict.run.id}/${file}` : `${context.reportDir}/${file}`);
}

function disclosureSection(verdict: RunVerdict, level: string): string {
  const pack = verdict.disclosurePack;
  if (pack === null) return `${level} Disclosure pack\n\nNo disclosure pack declared.`;
  const lines = [
    `- ID: ${md(pack.id)}`,
    `- Summary: ${md(pack.summary, 2_000)}`,
    `- Artifacts: ${listIds(pack.artifact_ids, (id) => md(id, 256))}`,
  ];
  return `${level} Disclosure pack\n\n${lines.join('\n')}`;
}

function relatedSection(verdict: RunVerdict, level: string): string {
  const { run } = verdict;
  const lines = [
    `- Entities: ${listIds(run.related_entity_ids, (id) => md(id, 256))}`,
    `- Decisions: ${listIds(run.related_decision_ids, (id) => md(id, 256))}`,
  ];
  return `${level} Related\n\n${lines.join('\n')}`;
}

function listIds(ids: readonly string[], show: (id: string) => string): string {
  if (ids.length === 0) return 'none';
  const named = ids.slice(0, IDS_IN_LIST).map(show).join(', ');
  return ids.length > IDS_IN_LIST ? `${named}, and ${ids.length - IDS_IN_LIST} more` : named;
}

/**
 * Renders the summary of a run that could not be judged (invalid manifest, bad input, internal
 * error): a ❌ heading that says so, the title and message, and the issues as a table with their
 * locations, at most `DEFAULT_MAX_ISSUE_ROWS` of them, within `maxBytes` UTF-8 bytes.
 */
export function renderErrorSummary(
  error: { title: string; issues?: readonly ManifestIssue[]; message?: string },
  options: { maxBytes?: number } = {},
): string {
  const headline = (maxLength: number): string[] => ['## ❌ Release gate could not be evaluated', `**${md(error.title, Math.min(maxLength, 500))}**`];
  const blocks: Block[] = [];
  if (error.message !== undefined && error.message !== '') blocks.push(text(0, md(error.message, MESSAGE_MAX_LENGTH)));
  blocks.push(text(0, 'No verdict was reached, so the gate does not pass. Fix the problems below and run it again.'));
  const issues = error.issues ?? [];
  if (issues.length > 0) {
    const shown = issues.slice(0, DEFAULT_MAX_ISSUE_ROWS);
    const rows = shown.map((issue) => {
      const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
      return `| ${md(where, 300)} | ${issue.path === '' ? '—' : md(issue.path, 300)} | ${md(issue.code)} | ${md(issue.message, 1_000)} |`;
    });
    blocks.push(
      table(1, `### Problems (${issues.length})`, ['| Location | Key path | Code | Problem |', '| --- | --- | --- | --- |'], rows, issues.length - shown.length, (count) =>
        `_${count.toLocaleString('en-US')} more problem(s) not shown; they are listed in the log._`,
      ),
    );
  }
  return fitDocument(headline, blocks, options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES);
}
