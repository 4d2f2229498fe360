/**
 * Escaping: any string in any field a report shows (run name, owner, id, times, related ids,
 * metadata, artifact ids and paths, evidence paths and reasons, integrity reasons, disclosure
 * pack, waivers, the manifest's path, the report folder) renders in the job summary
 * (`renderSummary`), the error summary and the PR comment (`renderComment`) with no HTML tag,
 * link, image, mention or workflow command, and every table keeps its shape. The same strings
 * through the terminal report and `escapeLogText` never start a workflow command or a new line.
 */
import fc from 'fast-check';
import { describe, test, vi } from 'vitest';
import type { CheckResult, RunVerdict } from '../../src/core/check.js';
import { renderComment } from '../../src/report/comment.js';
import type { ManifestIssue } from '../../src/errors.js';
import type { ArtifactFacts, EvidenceFact, IntegrityFact } from '../../src/gate/types.js';
import { DEFAULT_POLICY, Manifest, type Artifact, type DisclosurePack, type Policy, type Run } from '../../src/model/schema.js';
import { escapeLogText } from '../../src/report/escape.js';
import { renderErrorSummary, renderSummary } from '../../src/report/summary.js';
import { renderTextIssues, renderTextReport } from '../../src/report/text.js';
import { makeCheckResult, makeVerdict } from '../helpers/factories.js';
import { assertProperty, cases, seedFor } from './fc-run.js';
import { markdownProblems } from './inert-markdown.js';
import { STATUSES, TODAY } from './model.js';

// Thousands of cases per test: a loaded 2-core runner needs far more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);

/** Pieces of every syntax a renderer could be tricked by, and characters that hide or reorder text. */
const FRAGMENTS = [
  '<', '>', '</td></tr></table>', '<img src=x onerror=alert(1)>', '<!--', '-->', '<script>', '&', '&amp;', '&#64;', '&lt;',
  '|', '||', '\\|', '[', ']', '(', ')', '](', '![', '[x](javascript:alert(1))', '[x]: https://e.com',
  '@', '@org/team', '@octocat', '#', '#1', 'GH-1', 'org/repo#1', 'https://', 'http://e.com', 'www.', 'www.e.com', 'mailto:a@b.c', 'javascript:',
  '::', '::error::', '::add-mask::', '::stop-commands::', '##[error]', '##[', '%0A', '%3A',
  '`', '```', '*', '**', '_', '~~', '$', '$$', '\\', '{', '}', '-', '+', '=', '1.', '1)', '> ', '- ', '# ', '## ✅ Release gate passed', '---', '    ',
  '\n', '\r', '\r\n', '\t', '\u0000', '\u001b[31m', '\u0085', '\u2028', '\u2029', '\u200B', '\u200D', '\u202E', '\u2066', '\uFEFF', '\uD800', '\uDC00',
  'é', '😀', '👨‍👩‍👧', '🏳️‍🌈', 'a', 'x', ' ', 'img', 'script', 'error',
];

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
);
const ids = fc.array(hostile, { maxLength: 4 });
const metadata = fc.dictionary(hostile, fc.oneof(hostile, fc.integer(), fc.array(hostile, { maxLength: 2 })), { maxKeys: 3 });

const evidence: fc.Arbitrary<EvidenceFact> = fc.oneof(
  fc.constant<EvidenceFact>({ status: 'absent', reason: 'no evidence' }),
  fc.record({ status: fc.constant('verified' as const), path: hostile, sha256: fc.constant('a'.repeat(64)), reason: hostile, details: metadata }),
  fc.record({ status: fc.constant('failed' as const), path: hostile, sha256: fc.option(fc.constant('b'.repeat(64)), { nil: null }), reason: hostile, details: metadata }),
);
const integrity: fc.Arbitrary<IntegrityFact> = fc.oneof(
  fc.record({ status: fc.constant('not_verified' as const), reason: hostile }),
  fc.record({ status: fc.constant('verified' as const), algorithm: fc.constant('sha256'), digest: hostile, size: fc.nat() }),
  fc.record({ status: fc.constant('mismatch' as const), expected: hostile, actual: hostile, size: fc.nat() }),
  fc.record({ status: fc.constant('unreadable' as const), code: hostile, reason: hostile }),
);
const flags = fc.record({ sbom_present: fc.boolean(), slsa_provenance_present: fc.boolean(), risk_assessment_present: fc.boolean(), additional_metadata: metadata });
const artifact = fc.record({ id: hostile, kind: fc.constantFrom('sbom', 'other', 'build_log' as const), path_or_uri: hostile, content_hash: fc.option(hostile, { nil: null }), metadata_json: flags });
const waiver = fc.record({
  rule: fc.constantFrom('run_succeeded', 'sbom_present', 'min_compliant_artifacts' as const),
  run: fc.constant(true as const),
  reason: hostile,
  owner: hostile,
  decision_id: fc.option(hostile, { nil: undefined }),
  expires: fc.constantFrom('2024-04-01', '2024-05-05', '2030-01-01'),
});

/**
 * No renderer reads the parsed manifest, and a hostile run name (blank, say) would not pass its
 * schema: the loaded run carries this valid one instead.
 */
const UNREAD_MANIFEST = Manifest.parse({ run: { name: 'release', owner: 'team' } });

/** One run's verdict, built from the pieces with hostile strings everywhere they can appear. */
const verdict: fc.Arbitrary<RunVerdict> = fc
  .record({
    run: fc.record({
      id: hostile,
      name: hostile,
      owner: hostile,
      status: fc.constantFrom(...STATUSES),
      started_at: fc.option(hostile, { nil: null }),
      finished_at: fc.option(hostile, { nil: null }),
      cost_estimate: fc.option(fc.double({ min: 0, noNaN: true }), { nil: null }),
      cost_actual: fc.option(fc.double({ min: 0, noNaN: true }), { nil: null }),
      related_entity_ids: ids,
      related_decision_ids: ids,
      metadata,
    }),
    artifacts: fc.array(fc.tuple(artifact, integrity, evidence, evidence, evidence), { maxLength: 4 }),
    pack: fc.option(fc.record({ id: hostile, summary: hostile, artifact_ids: ids, metadata }), { nil: null }),
    waivers: fc.array(waiver, { maxLength: 2 }),
    requireEvidence: fc.boolean(),
    file: hostile,
  })
  .map(({ run: fields, artifacts: entries, pack, waivers, requireEvidence, file }) => {
    const run: Run = { ...fields, created_at: `${TODAY}T00:00:00Z`, updated_at: `${TODAY}T00:00:00Z` };
    const policy: Policy = { ...DEFAULT_POLICY, require_evidence: requireEvidence, waivers, max_cost_overrun: fields.cost_estimate === null ? undefined : 0.1 };
    // Ids must be unique within a run for the facts to be told apart; a suffix keeps the hostile part.
    const artifacts: Artifact[] = entries.map(([entry], index) => ({ ...entry, id: `${entry.id}${index}`, run_id: run.id, created_at: run.created_at }));
    const facts = new Map<string, ArtifactFacts>(
      entries.map(([, integrityFact, sbom, slsa, risk], index) => [artifacts[index]!.id, { integrity: integrityFact, evidence: { sbom_present: sbom, slsa_provenance_present: slsa, risk_assessment_present: risk } }]),
    );
    const disclosurePack: DisclosurePack | null = pack === null ? null : { ...pack, run_id: run.id, created_at: run.created_at };
    // A trusted source named by hostile strings too: the policy's location reaches every report.
    const policySource = run.status === 'failed' ? ({ kind: 'manifest' } as const) : { kind: 'trusted' as const, repository: run.owner, path: file, ref: run.name, blob_sha: 'b'.repeat(40), sha256: 'c'.repeat(64) };
    const trustFiles = [{ key: 'trusted_keys[0]', path: run.name, sha256: 'd'.repeat(64) }];
    return makeVerdict({ run, artifacts, policy, facts, pack: disclosurePack, today: TODAY, loaded: { file, artifactPositions: [], manifest: UNREAD_MANIFEST }, policySource, trustFiles });
  });

const result: fc.Arbitrary<CheckResult> = fc.array(verdict, { minLength: 1, maxLength: 3 }).map((runs) => makeCheckResult(...runs));

function fail(where: string, problems: string[]): void {
  if (problems.length > 0) throw new Error(`${where}: ${problems.join(' | ')}`);
}

/** A log line the runner would read as a command: `::` at its start, or a legacy `##[` anywhere. */
function logProblems(text: string): string[] {
  return text.split('\n').flatMap((line, index) => {
    const problems: string[] = [];
    if (/^[\s\p{Default_Ignorable_Code_Point}]*::/u.test(line)) problems.push(`line ${index + 1} starts a command: ${JSON.stringify(line.slice(0, 80))}`);
    if (/##\p{Default_Ignorable_Code_Point}*\[/u.test(line)) problems.push(`line ${index + 1} holds ##[: ${JSON.stringify(line.slice(0, 80))}`);
    if (/[\r\u2028\u2029\u0085\u001b]/.test(line)) problems.push(`line ${index + 1} holds a raw control or separator: ${JSON.stringify(line.slice(0, 80))}`);
    return problems;
  });
}

describe('every string in every field is inert', () => {
  test('in the job summary and the PR comment, and tables keep their shape', () => {
    assertProperty(
      fc.property(result, fc.boolean(), fc.constantFrom('passed', 'failed' as const), hostile, (checked, advisory, requested, reportDir) => {
        const outcome = requested === 'passed' && checked.passed ? 'passed' : 'failed';
        const passed = outcome === 'passed';
        fail('summary', markdownProblems(renderSummary(checked, { outcome, advisory, reportDir }), { passed }));
        fail('comment', markdownProblems(renderComment({ result: checked, outcome, advisory }), { passed }));
      }),
      { name: 'escaping-summary-comment', seed, numRuns: cases(3_000) },
    );
  });

  test('under a tight size cap, still inert, and within the cap', () => {
    assertProperty(
      fc.property(result, fc.integer({ min: 4_096, max: 40_000 }), (checked, cap) => {
        const outcome = checked.passed ? 'passed' : 'failed';
        const summary = renderSummary(checked, { outcome, advisory: false, maxBytes: cap, maxArtifactRows: 2 });
        fail('summary', markdownProblems(summary, { passed: checked.passed }));
        if (Buffer.byteLength(summary) > cap) throw new Error(`summary of ${Buffer.byteLength(summary)} bytes over a cap of ${cap}`);
        const comment = renderComment({ result: checked, outcome, advisory: false, maxLength: cap, maxNonCompliantRows: 2 });
        fail('comment', markdownProblems(comment, { passed: checked.passed }));
        if (comment.length > cap) throw new Error(`comment of ${comment.length} characters over a cap of ${cap}`);
      }),
      { name: 'escaping-capped', seed: seed + 1, numRuns: cases(1_000) },
    );
  });

  test('in the error summary', () => {
    const issue: fc.Arbitrary<ManifestIssue> = fc.record({
      code: fc.constantFrom('PARSE_ERROR', 'UNKNOWN_KEY' as const),
      file: hostile,
      line: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
      column: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
      path: hostile,
      message: hostile,
    });
    assertProperty(
      fc.property(hostile, hostile, fc.array(issue, { maxLength: 5 }), (title, message, issues) => {
        fail('error summary', markdownProblems(renderErrorSummary({ title, message, issues }), { passed: false }));
      }),
      { name: 'escaping-error-summary', seed: seed + 2, numRuns: cases(3_000) },
    );
  });

  test('in the log: the terminal report, the issues and escapeLogText never start a command or a line', () => {
    assertProperty(
      fc.property(result, hostile, (checked, text) => {
        fail('text report', logProblems(renderTextReport(checked, { color: false })));
        const escaped = escapeLogText(text);
        if (/[\n\r\u2028\u2029\u0085]/.test(escaped)) throw new Error(`escapeLogText kept a line break: ${JSON.stringify(escaped)}`);
        fail('escapeLogText', logProblems(escaped));
        fail('issues', logProblems(renderTextIssues([{ code: 'UNKNOWN_KEY', file: text, line: 1, column: 1, path: text, message: text }], false)));
      }),
      { name: 'escaping-log', seed: seed + 3, numRuns: cases(2_000) },
    );
  });
});
