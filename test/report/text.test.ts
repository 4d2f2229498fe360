import { describe, expect, test } from 'vitest';
import type { CheckResult, RunVerdict } from '../../src/check.js';
import { ErrorCode, type ManifestIssue } from '../../src/errors.js';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { ArtifactFacts, IntegrityFact } from '../../src/gate/types.js';
import { COMPLIANCE_FLAGS, DEFAULT_POLICY, Manifest, type Artifact, type ArtifactMetadata, type Policy, type Run } from '../../src/model/schema.js';
import { buildComplianceReport, buildReleaseGateJson, buildRunManifestJson } from '../../src/report/json.js';
import { renderTextIssues, renderTextReport } from '../../src/report/text.js';

// --- a small factory: hand-made runs and artifacts through the real gate and report builders ---

const NOW = '2025-03-01T12:00:00Z';
const SHA = (digit: string): string => `sha256:${digit.repeat(64)}`;
const ALL_FLAGS = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };

function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'release-42',
    name: 'Payments release',
    owner: 'team-payments',
    status: 'succeeded',
    started_at: null,
    finished_at: null,
    cost_estimate: null,
    cost_actual: null,
    related_entity_ids: [],
    related_decision_ids: [],
    metadata: {},
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

function makeArtifact(id: string, flags: Partial<ArtifactMetadata>, overrides: Partial<Artifact> = {}): Artifact {
  return {
    id,
    run_id: 'release-42',
    kind: 'other',
    path_or_uri: `dist/${id}.tgz`,
    content_hash: SHA('a'),
    created_at: NOW,
    metadata_json: { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {}, ...flags },
    ...overrides,
  };
}

function verdictOf(input: { run?: Run; artifacts: Artifact[]; integrity?: Record<string, IntegrityFact>; policy?: Partial<Policy>; verifiedEvidence?: boolean }): RunVerdict {
  const run = input.run ?? makeRun();
  const policy: Policy = { ...DEFAULT_POLICY, ...input.policy };
  const evidence = Object.fromEntries(
    COMPLIANCE_FLAGS.map((flag) => [flag, input.verifiedEvidence ? { status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'verified', details: {} } : { status: 'absent', reason: 'no evidence' }]),
  ) as ArtifactFacts['evidence'];
  const facts = new Map(input.artifacts.map((artifact): [string, ArtifactFacts] => [
    artifact.id,
    { integrity: input.integrity?.[artifact.id] ?? { status: 'verified', algorithm: 'sha256', digest: SHA('a'), size: 1 }, evidence },
  ]));
  const gate = evaluateReleaseGate(run, input.artifacts, policy, facts);
  const complianceReport = buildComplianceReport(run, input.artifacts, gate);
  return {
    loaded: {
      runId: run.id,
      file: 'maestro.yml',
      manifestSha256: 'f'.repeat(64),
      policy,
      manifest: Manifest.parse({ run: { name: run.name, owner: run.owner } }),
      artifactIds: input.artifacts.map((artifact) => artifact.id),
      waiverPositions: [],
      policyKeys: new Set<string>(),
      locate: () => ({ line: 1, column: 1 }),
      artifactPositions: input.artifacts.map((_, index) => ({ line: 8 + index * 6, column: 5 })),
      disclosurePackId: null,
    },
    run,
    artifacts: input.artifacts,
    disclosurePack: null,
    policy,
    policySource: { kind: 'manifest' },
    policyFindings: [],
    waiverSites: [],
    trustFiles: [],
    gate,
    releaseGate: buildReleaseGateJson(gate),
    complianceReport,
    runManifest: buildRunManifestJson(run, input.artifacts, null, complianceReport),
  };
}

function resultOf(...runs: RunVerdict[]): CheckResult {
  return { runs, passed: runs.length > 0 && runs.every((verdict) => verdict.gate.passed) };
}

/** Our own colour codes; anything else that starts with ESC came from data. */
const SGR = /\u001b\[(?:0|1|2|31|32|33)m/g;

/** The Actions runner's reading of a stdout line (see escape.test.ts). */
function runnerWouldParse(line: string): boolean {
  const compared = line.replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return compared.trimStart().startsWith('::') || compared.includes('##[');
}

const passing = (): RunVerdict =>
  verdictOf({ artifacts: [makeArtifact('bundle', ALL_FLAGS), makeArtifact('notes', { sbom_present: true }, { kind: 'specification', content_hash: null })], integrity: { notes: { status: 'not_verified', reason: 'no content_hash declared' } } });

const failing = (): RunVerdict =>
  verdictOf({
    run: makeRun({ id: 'nightly', name: 'Nightly', status: 'failed' }),
    artifacts: [makeArtifact('bundle', ALL_FLAGS), makeArtifact('image', { slsa_provenance_present: true })],
    integrity: { bundle: { status: 'mismatch', expected: SHA('a'), actual: SHA('b'), size: 3 } },
  });

describe('renderTextReport without colour', () => {
  test('a passing run, line by line', () => {
    expect(renderTextReport(resultOf(passing()), { color: false })).toBe(
      [
        'PASS release-42: Release gate passed: 1 compliant artifact(s) found',
        '  run "Payments release" · owner "team-payments" · status succeeded · manifest maestro.yml',
        '  policy: self-declared in the manifest (its author controls it; set the policy input to use a trusted policy file)',
        '  artifacts: 1 of 2 compliant',
        '  ✓ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity verified',
        '  ✗ notes (specification) dist/notes.tgz  ✓ SBOM ✗ SLSA ✗ risk  integrity not verified (no content_hash declared)',
        '      reason: SLSA provenance not present',
        '      reason: risk assessment not present',
        '',
        'Overall: PASS (the run passed)',
        '',
      ].join('\n'),
    );
  });

  test('a failing run names every failure, the reasons and what to do', () => {
    const report = renderTextReport(resultOf(failing()), { color: false });
    expect(report).not.toContain('\u001b');
    expect(report).toContain("FAIL nightly: Run status is 'failed', must be 'succeeded'\n");
    expect(report).toContain('  ✗ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity MISMATCH\n');
    expect(report).toContain(`      reason: content_hash mismatch: expected ${SHA('a')}, got ${SHA('b')}\n`);
    expect(report).toContain('  also failed: Integrity check failed for 1 artifact(s): bundle (dist/bundle.tgz)');
    expect(report).toContain('  to pass: Make the run succeed: its status is failed, the gate needs succeeded.');
    expect(report).toContain(`    - "bundle" ("dist/bundle.tgz"): content_hash is "${SHA('a')}", the file's digest is "${SHA('b')}"\n`);
    expect(report.endsWith('Overall: FAIL (1 of 1 run(s) failed the release gate)\n')).toBe(true);
  });

  test('several runs, overall line last', () => {
    const report = renderTextReport(resultOf(passing(), failing()), { color: false });
    expect(report.indexOf('PASS release-42')).toBeLessThan(report.indexOf('FAIL nightly'));
    expect(report.endsWith('Overall: FAIL (1 of 2 run(s) failed the release gate)\n')).toBe(true);
  });

  test('no run is a failure', () => {
    expect(renderTextReport({ runs: [], passed: false }, { color: false })).toBe('Overall: FAIL (no run was evaluated)\n');
  });

  test('evidence declared but not verified is told apart from a flag declared false', () => {
    const verdict = verdictOf({ artifacts: [makeArtifact('bundle', ALL_FLAGS)], policy: { require_evidence: true } });
    expect(renderTextReport(resultOf(verdict), { color: false })).toContain('  ✗ bundle (other) dist/bundle.tgz  ? SBOM ? SLSA ? risk  integrity verified\n');
    const backed = verdictOf({ artifacts: [makeArtifact('bundle', ALL_FLAGS)], policy: { require_evidence: true }, verifiedEvidence: true });
    expect(renderTextReport(resultOf(backed), { color: false })).toContain('  ✓ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity verified\n');
  });

  test('caps artifact lines', () => {
    const artifacts = Array.from({ length: 30 }, (_, index) => makeArtifact(`a${index + 1}`, ALL_FLAGS));
    const report = renderTextReport(resultOf(verdictOf({ artifacts })), { color: false, maxArtifactLines: 10 });
    expect(report.match(/^ {2}✓ a\d+ /gm)).toHaveLength(10);
    expect(report).toContain('  … 20 more artifact(s) not shown; see compliance-report.json or --json\n');
  });
});

describe('renderTextReport with colour', () => {
  test('colours the verdicts, and colour is the only escape sequence', () => {
    const verdict = verdictOf({ run: makeRun({ name: '\u001b[2J\u001b[32mPASS' }), artifacts: [makeArtifact('\u001b[31mred', ALL_FLAGS)] });
    const report = renderTextReport(resultOf(verdict, failing()), { color: true });
    expect(report).toContain('\u001b[32mPASS\u001b[0m \u001b[1mrelease-42\u001b[0m: Release gate passed');
    expect(report).toContain('\u001b[31mFAIL\u001b[0m \u001b[1mnightly\u001b[0m');
    expect(report).toContain('Overall: \u001b[31mFAIL\u001b[0m');
    expect(report).toContain('"\\u001b[2J\\u001b[32mPASS"');
    expect(report.replace(SGR, '')).not.toContain('\u001b');
  });

  test('the same words as without colour', () => {
    const result = resultOf(passing(), failing());
    expect(renderTextReport(result, { color: true }).replace(SGR, '')).toBe(renderTextReport(result, { color: false }));
  });
});

describe('renderTextReport: HOSTILE rows 22-23 in the log', () => {
  test('no line can be read as a workflow command, and values stay on their line', () => {
    const shaped = (hostile: boolean): RunVerdict =>
      verdictOf({
        run: makeRun({ id: 'r1', name: hostile ? '::add-mask::secret' : 'name', owner: hostile ? 'x\n::error::injected' : 'owner', status: 'failed' }),
        artifacts: [
          makeArtifact(hostile ? '::error::fake' : 'one', { sbom_present: true }, { path_or_uri: hostile ? '##[stop-commands]token' : 'p1' }),
          makeArtifact(hostile ? '  ::stop-commands::x' : 'two', ALL_FLAGS, { path_or_uri: hostile ? 'a\r\n::warning::b' : 'p2' }),
        ],
      });
    const lines = renderTextReport(resultOf(shaped(true)), { color: true }).split('\n');
    expect(lines.filter(runnerWouldParse)).toEqual([]);
    // Same shape as the same run with harmless values: no line was added by a value.
    expect(lines).toHaveLength(renderTextReport(resultOf(shaped(false)), { color: true }).split('\n').length);
    expect(lines.find((line) => line.includes('x\\n::error::injected'))?.startsWith('  run ')).toBe(true);
    expect(lines.find((line) => line.includes('a\\r\\n::warning::b'))).toMatch(/^ {2}\u001b\[3[12]m[✓✗]/);
  });
});

describe('renderTextIssues', () => {
  const issues: ManifestIssue[] = [
    { code: ErrorCode.InvalidValue, file: 'maestro.yml', line: 14, column: 11, path: 'artifacts[0].kind', message: "'banana' is not one of sbom, slsa_provenance, …" },
    { code: ErrorCode.FileTooLarge, file: 'big.yml', path: '', message: 'file is over 64 MiB' },
  ];

  test('one line per issue with its location and code', () => {
    expect(renderTextIssues(issues, false)).toBe(
      [
        '✗ 2 problem(s) found in the manifest(s):',
        "  ✗ maestro.yml:14:11 artifacts[0].kind: 'banana' is not one of sbom, slsa_provenance, … [INVALID_VALUE]",
        '  ✗ big.yml file is over 64 MiB [FILE_TOO_LARGE]',
        '',
      ].join('\n'),
    );
  });

  test('colour only when asked', () => {
    expect(renderTextIssues(issues, false)).not.toContain('\u001b');
    expect(renderTextIssues(issues, true)).toContain('\u001b[31m✗\u001b[0m maestro.yml:14:11');
  });

  test('hostile file names, paths and messages are escaped', () => {
    const hostile: ManifestIssue[] = [{ code: ErrorCode.UnknownKey, file: '::error::x.yml', line: 1, column: 1, path: '##[add-mask]k', message: "unknown key\n::add-mask::secret\u001b[2J" }];
    const text = renderTextIssues(hostile, false);
    expect(text.split('\n')).toHaveLength(3);
    expect(text.split('\n').filter(runnerWouldParse)).toEqual([]);
    expect(text).toContain('\\n::add-mask::secret\\u001b[2J');
  });
});
