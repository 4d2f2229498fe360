/**
 * The job summary's artifact and evidence tables: failing rows first, one compact mark per flag
 * (explained by a legend under the table), long tables folded. Every manifest string goes
 * through `escapeMarkdown`.
 */
import type { RunVerdict } from '../core/check.js';
import { FLAG_LABELS } from '../gate/evaluate.js';
import type { ArtifactEvaluation } from '../gate/types.js';
import { COMPLIANCE_FLAGS, type ComplianceFlag, type Policy } from '../model/schema.js';
import { escapeMarkdown } from './escape.js';
import { table, text, type Block } from './layout.js';
import { countText, integrityWords } from './words.js';

/** Past this many rows a table is folded: the verdict and the advice stay in view. */
export const FOLD_AFTER_ROWS = 25;

const md = (value: string, maxLength?: number): string => escapeMarkdown(value, maxLength === undefined ? {} : { maxLength });

/** One mark per flag state, so a cell is one symbol wide; the legend says what each means. */
export const FLAG_MARK = { verified: '✅', declared: '☑️', waived: '🛡️', missing: '❌' } as const;

export const FLAG_LEGEND =
  `${FLAG_MARK.verified} verified (declared, and its evidence file verifies) · ${FLAG_MARK.declared} declared (no evidence file read) · ` +
  `${FLAG_MARK.waived} waived (a waiver lifted it) · ${FLAG_MARK.missing} missing (not declared, or its evidence is required and absent or failed)`;

export interface TableContext {
  level: string;
  maxRows: number;
  /** Where every row can be read when some are left out. */
  where: string;
}

/** Non-compliant artifacts first, each group in the manifest's order. */
function failingFirst(artifacts: readonly ArtifactEvaluation[]): ArtifactEvaluation[] {
  return [...artifacts.filter((evaluation) => !evaluation.compliant), ...artifacts.filter((evaluation) => evaluation.compliant)];
}

export function artifactTable(verdict: RunVerdict, context: TableContext): Block {
  const { gate } = verdict;
  const compliant = gate.artifacts.filter((evaluation) => evaluation.compliant).length;
  const failing = gate.artifacts.length - compliant;
  const title = `${context.level} Artifacts (${compliant} of ${gate.artifacts.length} compliant)`;
  if (gate.artifacts.length === 0) return text(3, `${title}\n\nNo artifacts declared.`);
  const flagHeaders = COMPLIANCE_FLAGS.map((flag) => (gate.policy.required_flags.includes(flag) ? flagHeader(flag) : `${flagHeader(flag)} (optional)`));
  const head = [
    `| Artifact | Kind | Path or URI | ${flagHeaders.join(' | ')} | Integrity | Compliant | Reasons |`,
    `| --- | --- | --- | ${COMPLIANCE_FLAGS.map(() => ':-:').join(' | ')} | --- | :-: | --- |`,
  ];
  const shown = failingFirst(gate.artifacts).slice(0, context.maxRows);
  const rows = shown.map((evaluation) => artifactRow(evaluation, gate.policy));
  const leftOutLine = (count: number, kept: number): string => {
    const hiddenFailing = failing - shown.slice(0, kept).filter((evaluation) => !evaluation.compliant).length;
    const note = hiddenFailing === 0 ? ' (all of them compliant)' : ` (${countText(hiddenFailing)} of them not compliant)`;
    return `_${countText(count)} more artifact(s) not shown${note}; every artifact is listed in ${context.where}._`;
  };
  const fold = { after: FOLD_AFTER_ROWS, summary: `${countText(gate.artifacts.length)} artifacts, ${countText(failing)} not compliant (listed first)` };
  return table(4, title, head, rows, gate.artifacts.length - shown.length, leftOutLine, { fold, legend: FLAG_LEGEND });
}

function flagHeader(flag: ComplianceFlag): string {
  const label = FLAG_LABELS[flag];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function artifactRow(evaluation: ArtifactEvaluation, policy: Policy): string {
  const integrity = integrityWords(evaluation.integrity, (value) => md(value, 300));
  const integrityMark = integrity.good === true ? '✅' : integrity.good === false ? '❌' : '➖';
  const cells = [
    md(evaluation.artifact_id, 256),
    md(evaluation.kind),
    md(evaluation.path_or_uri, 300),
    ...COMPLIANCE_FLAGS.map((flag) => flagCell(evaluation, flag, policy)),
    `${integrityMark} ${integrity.text}`,
    evaluation.compliant ? '✅' : '❌',
    evaluation.reasons.length === 0 ? '—' : md(evaluation.reasons.join('; '), 1_000),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** One mark: waived, verified, declared or missing (as the gate counted it); a waiver names its number. */
function flagCell(evaluation: ArtifactEvaluation, flag: ComplianceFlag, policy: Policy): string {
  const result = evaluation.flags[flag];
  if (result.waived_by !== null) return `${FLAG_MARK.waived} ${result.waived_by + 1}`;
  if (!result.declared || result.evidence.status === 'failed') return FLAG_MARK.missing;
  if (result.evidence.status === 'verified') return FLAG_MARK.verified;
  return policy.require_evidence && result.required ? FLAG_MARK.missing : FLAG_MARK.declared;
}

/** One row per evidence file read: what it is, its digest, and what the verifier found. Null when none was read. */
export function evidenceTable(verdict: RunVerdict, context: TableContext): Block | null {
  const failed: string[] = [];
  const verified: string[] = [];
  for (const evaluation of verdict.gate.artifacts) {
    for (const flag of COMPLIANCE_FLAGS) {
      const evidence = evaluation.flags[flag].evidence;
      if (evidence.status === 'absent') continue;
      const mark = evidence.status === 'verified' ? '✅' : '❌';
      const digest = evidence.sha256 === null ? '—' : `\`sha256:${evidence.sha256.slice(0, 12)}…\``;
      const row = `| ${md(evaluation.artifact_id, 256)} | ${FLAG_LABELS[flag]} | ${md(evidence.path, 300)} | ${digest} | ${mark} ${md(evidence.reason, 300)} | ${md(describeDetails(evidence.details), 600)} |`;
      (evidence.status === 'verified' ? verified : failed).push(row);
    }
  }
  const rows = [...failed, ...verified];
  if (rows.length === 0) return null;
  const head = ['| Artifact | Flag | File | Digest | Result | Found |', '| --- | --- | --- | --- | --- | --- |'];
  const fold = { after: FOLD_AFTER_ROWS, summary: `${countText(rows.length)} evidence files, ${countText(failed.length)} failed (listed first)` };
  return table(4, `${context.level} Evidence`, head, rows, 0, (count) => `_${countText(count)} more evidence file(s) not shown; see ${context.where}._`, { fold });
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
