/**
 * What to do to pass: the advice for each failing rule, written once for every renderer (the
 * job summary, the PR comment, the terminal). `FixFormat` says how each renderer writes manifest
 * text and our own code words.
 */
import type { RunVerdict } from '../core/check.js';
import { FLAG_LABELS } from '../gate/evaluate.js';
import type { ArtifactEvaluation, GateFailure } from '../gate/types.js';
import { COMPLIANCE_FLAGS, type ComplianceFlag } from '../model/schema.js';
import { escapeMarkdown } from './escape.js';

/** How many artifacts a remedy names before it says "and N more". */
const NAMED_IN_LIST = 10;

/** Shapes one remedy for both renderers: `value` escapes manifest text, `literal` marks our own code words. */
export interface FixFormat {
  value(text: string): string;
  literal(text: string): string;
}

/** One thing to change so that a failing rule passes, with the artifacts it concerns. */
export interface Fix {
  rule: GateFailure['rule'];
  text: string;
  items: string[];
}

/**
 * What to change so that each failing rule of `verdict` passes, in the gate's order. Pure words:
 * `format` decides how manifest values and code words are written, so the terminal report and
 * the job summary give the same advice.
 */
export function describeFixes(verdict: RunVerdict, format: FixFormat): Fix[] {
  const { value, literal } = format;
  const file = value(verdict.loaded.file);
  const evaluations = new Map(verdict.gate.artifacts.map((evaluation) => [evaluation.artifact_id, evaluation]));
  return verdict.gate.failures.map((failure): Fix => {
    const named = failure.artifact_ids.flatMap((id) => {
      const evaluation = evaluations.get(id);
      return evaluation ? [evaluation] : [];
    });
    const items = (describe: (evaluation: ArtifactEvaluation) => string): string[] => {
      const shown = named.slice(0, NAMED_IN_LIST).map(describe);
      if (named.length > NAMED_IN_LIST) shown.push(`and ${named.length - NAMED_IN_LIST} more (see ${literal('compliance-report.json')})`);
      return shown;
    };
    switch (failure.rule) {
      case 'run_succeeded':
        return {
          rule: failure.rule,
          text: `Make the run succeed: its status is ${literal(verdict.run.status)}, the gate needs ${literal('succeeded')}. Once the build has succeeded, set ${literal('run.status: succeeded')} in ${file}, or pass the job's result as the ${literal('run-status')} input (e.g. ${literal('run-status: ${{ needs.build.result }}')}; ${literal('--run-status')} in the CLI).`,
          items: [],
        };
      case 'has_artifacts':
        return {
          rule: failure.rule,
          text: `Declare the artifacts of this release under ${literal('artifacts:')} in ${file}, each with ${literal('kind')}, ${literal('path_or_uri')} and a ${literal('content_hash')}.`,
          items: [],
        };
      case 'min_compliant_artifacts': {
        const policy = verdict.gate.policy;
        const found = verdict.gate.artifacts.filter((evaluation) => evaluation.missing_flags.length === 0).length;
        const evidence = policy.require_evidence
          ? ` Evidence is required: a flag counts only when its file under ${literal('evidence:')} verifies.`
          : '';
        return {
          rule: failure.rule,
          text: `Set the missing flags under ${literal('metadata_json')}, each backed by the evidence it claims (the policy needs ${policy.min_compliant_artifacts} compliant artifact(s), ${found} found).${evidence}`,
          items: items((evaluation) => `${value(evaluation.artifact_id)}: ${evaluation.missing_flags.map((flag) => missingFlag(evaluation, flag)).join(', ')}`),
        };
      }
      case 'max_cost_overrun':
        return {
          rule: failure.rule,
          text: `Bring the run's cost within policy: ${value(failure.message)}. Record both ${literal('cost_estimate')} and ${literal('cost_actual')} in ${file}; a larger overrun needs a reviewed change to ${literal('policy.max_cost_overrun')}.`,
          items: [],
        };
      case 'integrity':
        return {
          rule: failure.rule,
          text: `Rebuild the artifact, or set ${literal('content_hash')} to the digest of the file you mean to release, and fix or replace evidence files that do not verify; integrity failures cannot be waived.`,
          items: items((evaluation) => `${value(evaluation.artifact_id)} (${value(evaluation.path_or_uri)}): ${integrityProblems(evaluation, value)}`),
        };
    }
  });
}

function missingFlag(evaluation: ArtifactEvaluation, flag: ComplianceFlag): string {
  return evaluation[flag] ? `${FLAG_LABELS[flag]} (declared, evidence not verified)` : FLAG_LABELS[flag];
}

function integrityProblems(evaluation: ArtifactEvaluation, value: (text: string) => string): string {
  const { integrity } = evaluation;
  const problems: string[] = [];
  if (integrity.status === 'mismatch') problems.push(`content_hash is ${value(integrity.expected)}, the file's digest is ${value(integrity.actual)}`);
  if (integrity.status === 'unreadable') problems.push(`${value(integrity.reason)}; make the file readable inside the workspace`);
  for (const flag of COMPLIANCE_FLAGS) {
    const evidence = evaluation.flags[flag].evidence;
    if (evidence.status === 'failed') problems.push(`${FLAG_LABELS[flag]} evidence ${value(evidence.path)}: ${value(evidence.reason)}`);
  }
  return problems.join('; ');
}

const markdownFormat: FixFormat = { value: (text) => escapeMarkdown(text), literal: (text) => `\`${text}\`` };
const markdownLines = new WeakMap<RunVerdict, string[]>();

/**
 * The advice of `verdict` as a Markdown list (a remedy per line, its artifacts indented below),
 * computed once per verdict: the job summary, each run's report file and the PR comment share it.
 */
export function markdownFixLines(verdict: RunVerdict): string[] {
  let lines = markdownLines.get(verdict);
  if (lines === undefined) {
    lines = describeFixes(verdict, markdownFormat).flatMap((fix) => [`- ${fix.text}`, ...fix.items.map((item) => `  - ${item}`)]);
    markdownLines.set(verdict, lines);
  }
  return lines;
}
