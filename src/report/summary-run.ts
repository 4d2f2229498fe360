/**
 * The job summary's sections about one run apart from its artifacts: the run's fields, its
 * waivers, its disclosure pack and related ids. A field or section with nothing to say is left
 * out. Every manifest string goes through `escapeMarkdown`.
 */
import type { RunVerdict } from '../core/check.js';
import { FLAG_LABELS } from '../gate/evaluate.js';
import type { Policy } from '../model/schema.js';
import { escapeMarkdown } from './escape.js';
import { artifactCounts } from './documents.js';
import { policySourceText, trustFileTexts } from './policy-source.js';

/** How many related or disclosed ids a line lists before it says "and N more". */
const IDS_IN_LIST = 50;

const md = (value: string, maxLength?: number): string => escapeMarkdown(value, maxLength === undefined ? {} : { maxLength });

export function runRows(verdict: RunVerdict): string[] {
  const { run, gate } = verdict;
  const cost = (value: number | null): string => (value === null ? '—' : String(value));
  const rows: [string, string][] = [
    ['ID', md(run.id)],
    ['Name', md(run.name)],
    ['Owner', md(run.owner)],
    ['Status', `${run.status === 'succeeded' ? '✅' : '❌'} ${md(run.status)}`],
  ];
  if (run.started_at !== null) rows.push(['Started', md(run.started_at)]);
  if (run.finished_at !== null) rows.push(['Finished', md(run.finished_at)]);
  if (run.cost_estimate !== null || run.cost_actual !== null) rows.push(['Cost (estimate / actual)', `${cost(run.cost_estimate)} / ${cost(run.cost_actual)}`]);
  rows.push(['Manifest', md(verdict.loaded.file)], ['Policy', describePolicy(gate.policy)], ['Policy source', md(policySourceText(verdict), 2_000)]);
  for (const entry of trustFileTexts(verdict)) rows.push(['Trust file', md(entry, 500)]);
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

/** Every waiver, in force or not: a waiver is never hidden. Null when the run has none. */
export function waiverSection(verdict: RunVerdict, level: string): string | null {
  const { waivers } = verdict.gate;
  if (waivers.length === 0) return null;
  const status = { active: '🛡️ in force', expiring: '⚠️ expires soon', expired: '❌ expired, no effect' } as const;
  const rows = waivers.map((state) => {
    const { waiver } = state;
    const target = waiver.run ? 'the run' : listIds(waiver.artifact_ids ?? []);
    const days = state.status === 'expired' ? '' : ` (${state.days_left} day(s) left)`;
    return `| ${state.index + 1} | \`${waiver.rule}\` | ${target} | ${md(waiver.owner, 200)} | ${waiver.decision_id === undefined ? '—' : md(waiver.decision_id, 200)} | ${md(waiver.expires)}${days} | ${status[state.status]}${state.applied ? ', applied' : ''} | ${md(waiver.reason, 600)} |`;
  });
  return [`${level} Waivers`, '', '| # | Rule | Applies to | Owner | Decision | Expires | Status | Reason |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Null when no disclosure pack is declared. */
export function disclosureSection(verdict: RunVerdict, level: string): string | null {
  const pack = verdict.disclosurePack;
  if (pack === null) return null;
  const lines = [`- ID: ${md(pack.id)}`, `- Summary: ${md(pack.summary, 2_000)}`];
  if (pack.artifact_ids.length > 0) lines.push(`- Artifacts: ${listIds(pack.artifact_ids)}`);
  return `${level} Disclosure pack\n\n${lines.join('\n')}`;
}

/** Null when the run names no related entity or decision. */
export function relatedSection(verdict: RunVerdict, level: string): string | null {
  const { run } = verdict;
  const lines: string[] = [];
  if (run.related_entity_ids.length > 0) lines.push(`- Entities: ${listIds(run.related_entity_ids)}`);
  if (run.related_decision_ids.length > 0) lines.push(`- Decisions: ${listIds(run.related_decision_ids)}`);
  return lines.length === 0 ? null : `${level} Related\n\n${lines.join('\n')}`;
}

function listIds(ids: readonly string[]): string {
  if (ids.length === 0) return '—';
  const named = ids.slice(0, IDS_IN_LIST).map((id) => md(id, 256)).join(', ');
  return ids.length > IDS_IN_LIST ? `${named}, and ${ids.length - IDS_IN_LIST} more` : named;
}

/** Failing runs first, each group in the manifest's order. */
export function failingRunsFirst(runs: readonly RunVerdict[]): RunVerdict[] {
  return [...runs.filter((verdict) => !verdict.gate.passed), ...runs.filter((verdict) => verdict.gate.passed)];
}

export const RUN_OVERVIEW_HEAD = ['| Run | Status | Verdict | Compliant artifacts | Waivers applied |', '| --- | --- | --- | :-: | :-: |'];

/** A run in one row: the overview of the job summary and of the PR comment. */
export function runOverviewRow(verdict: RunVerdict, messageLength: number): string {
  const { run, gate } = verdict;
  const name = run.name === run.id ? md(run.id, 256) : `${md(run.name, 200)} (${md(run.id, 256)})`;
  const status = `${run.status === 'succeeded' ? '✅' : '❌'} ${md(run.status)}`;
  const message = `${gate.passed ? '✅' : '❌'} ${md(gate.message, messageLength)}`;
  const { compliant, total } = artifactCounts(verdict);
  const waivers = gate.waivers.filter((state) => state.applied).length;
  return `| ${name} | ${status} | ${message} | ${compliant} / ${total} | ${waivers === 0 ? '—' : `🛡️ ${waivers}`} |`;
}
