import { describe, expect, test } from 'vitest';
import type { RunVerdict } from '../../src/core/check.js';
import { ErrorCode, type ManifestIssue } from '../../src/errors.js';
import type { Artifact, Run } from '../../src/model/schema.js';
import { renderTextIssues, renderTextReport } from '../../src/report/text.js';
import { ALL_FLAGS, VERIFIED_EVIDENCE, makeArtifact, makeCheckResult, makeRun, makeVerdict, sha256Hex as SHA } from '../helpers/factories.js';

// --- hand-made runs and artifacts through the real gate and report builders ---

const NOW = '2025-03-01T12:00:00Z';

/** The run every verdict below is about unless it says otherwise. */
const RELEASE: Partial<Run> = { id: 'release-42', name: 'Payments release', owner: 'team-payments', created_at: NOW, updated_at: NOW };

/** An artifact of that release, declaring the sha256 of sixty-four a's (which the facts verify by default). */
const OF_RELEASE: Partial<Artifact> = { run_id: 'release-42', content_hash: SHA('a'), created_at: NOW };

/** Our own colour codes; anything else that starts with ESC came from data. */
const SGR = /\u001b\[(?:0|1|2|31|32|33)m/g;

/** The Actions runner's reading of a stdout line (see escape.test.ts). */
function runnerWouldParse(line: string): boolean {
  const compared = line.replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  return compared.trimStart().startsWith('::') || compared.includes('##[');
}

const passing = (): RunVerdict =>
  makeVerdict({ run: makeRun(RELEASE), artifacts: [makeArtifact('bundle', ALL_FLAGS, OF_RELEASE), makeArtifact('notes', { sbom_present: true }, { ...OF_RELEASE, kind: 'specification', content_hash: null })], integrity: { notes: { status: 'not_verified', reason: 'no content_hash declared' } } });

const failing = (): RunVerdict =>
  makeVerdict({
    run: makeRun({ ...RELEASE, id: 'nightly', name: 'Nightly', status: 'failed' }),
    artifacts: [makeArtifact('bundle', ALL_FLAGS, OF_RELEASE), makeArtifact('image', { slsa_provenance_present: true }, OF_RELEASE)],
    integrity: { bundle: { status: 'mismatch', expected: SHA('a'), actual: SHA('b'), size: 3 } },
  });

describe('renderTextReport without colour', () => {
  test('a passing run, line by line', () => {
    expect(renderTextReport(makeCheckResult(passing()), { color: false })).toBe(
      [
        'PASS release-42: Release gate passed: 1 compliant artifact(s) found',
        '  run "Payments release" · owner "team-payments" · status succeeded · manifest maestro.yml',
        '  policy: self-declared in the manifest (its author controls it; set the policy input to use a trusted policy file)',
        '  artifacts: 1 of 2 compliant',
        '  ✓ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity verified',
        '  ✗ notes (specification) dist/notes.tgz  ✓ SBOM ✗ SLSA ✗ risk  integrity not verified: no content_hash declared',
        '      reason: SLSA provenance not present',
        '      reason: risk assessment not present',
        '',
        'Overall: PASS (the run passed)',
        '',
      ].join('\n'),
    );
  });

  test('a failing run names every failure, the reasons and what to do', () => {
    const report = renderTextReport(makeCheckResult(failing()), { color: false });
    expect(report).not.toContain('\u001b');
    expect(report).toContain("FAIL nightly: Run status is 'failed', must be 'succeeded'\n");
    expect(report).toContain('  ✗ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity mismatch\n');
    expect(report).toContain(`      reason: content_hash mismatch: expected ${SHA('a')}, got ${SHA('b')} (first difference at hex digit 1 of 64)\n`);
    expect(report).toContain('  also failed: Integrity check failed for 1 artifact(s): bundle (dist/bundle.tgz)');
    expect(report).toContain('  to pass: Make the run succeed: its status is failed, the gate needs succeeded.');
    expect(report).toContain(`    - "bundle" ("dist/bundle.tgz"): content_hash is "${SHA('a')}", the file's digest is "${SHA('b')}"\n`);
    expect(report.endsWith('Overall: FAIL (1 of 1 run(s) failed the release gate)\n')).toBe(true);
  });

  test('several runs, overall line last', () => {
    const report = renderTextReport(makeCheckResult(passing(), failing()), { color: false });
    expect(report.indexOf('PASS release-42')).toBeLessThan(report.indexOf('FAIL nightly'));
    expect(report.endsWith('Overall: FAIL (1 of 2 run(s) failed the release gate)\n')).toBe(true);
  });

  test('no run is a failure', () => {
    expect(renderTextReport({ runs: [], passed: false }, { color: false })).toBe('Overall: FAIL (no run was evaluated)\n');
  });

  test('evidence declared but not verified is told apart from a flag declared false', () => {
    const verdict = makeVerdict({ run: makeRun(RELEASE), artifacts: [makeArtifact('bundle', ALL_FLAGS, OF_RELEASE)], policy: { require_evidence: true } });
    expect(renderTextReport(makeCheckResult(verdict), { color: false })).toContain('  ✗ bundle (other) dist/bundle.tgz  ? SBOM ? SLSA ? risk  integrity verified\n');
    const backed = makeVerdict({ run: makeRun(RELEASE), artifacts: [makeArtifact('bundle', ALL_FLAGS, OF_RELEASE)], policy: { require_evidence: true }, evidence: VERIFIED_EVIDENCE });
    expect(renderTextReport(makeCheckResult(backed), { color: false })).toContain('  ✓ bundle (other) dist/bundle.tgz  ✓ SBOM ✓ SLSA ✓ risk  integrity verified\n');
  });

  test('caps artifact lines', () => {
    const artifacts = Array.from({ length: 30 }, (_, index) => makeArtifact(`a${index + 1}`, ALL_FLAGS, OF_RELEASE));
    const report = renderTextReport(makeCheckResult(makeVerdict({ run: makeRun(RELEASE), artifacts })), { color: false, maxArtifactLines: 10 });
    expect(report.match(/^ {2}✓ a\d+ /gm)).toHaveLength(10);
    expect(report).toContain('  … 20 more artifact(s) not shown; see compliance-report.json or --json\n');
  });
});

describe('renderTextReport with colour', () => {
  test('colours the verdicts, and colour is the only escape sequence', () => {
    const verdict = makeVerdict({ run: makeRun({ ...RELEASE, name: '\u001b[2J\u001b[32mPASS' }), artifacts: [makeArtifact('\u001b[31mred', ALL_FLAGS, OF_RELEASE)] });
    const report = renderTextReport(makeCheckResult(verdict, failing()), { color: true });
    expect(report).toContain('\u001b[32mPASS\u001b[0m \u001b[1mrelease-42\u001b[0m: Release gate passed');
    expect(report).toContain('\u001b[31mFAIL\u001b[0m \u001b[1mnightly\u001b[0m');
    expect(report).toContain('Overall: \u001b[31mFAIL\u001b[0m');
    expect(report).toContain('"\\u001b[2J\\u001b[32mPASS"');
    expect(report.replace(SGR, '')).not.toContain('\u001b');
  });

  test('the same words as without colour', () => {
    const result = makeCheckResult(passing(), failing());
    expect(renderTextReport(result, { color: true }).replace(SGR, '')).toBe(renderTextReport(result, { color: false }));
  });
});

describe('renderTextReport: HOSTILE rows 22-23 in the log', () => {
  test('no line can be read as a workflow command, and values stay on their line', () => {
    const shaped = (hostile: boolean): RunVerdict =>
      makeVerdict({
        run: makeRun({ ...RELEASE, id: 'r1', name: hostile ? '::add-mask::secret' : 'name', owner: hostile ? 'x\n::error::injected' : 'owner', status: 'failed' }),
        artifacts: [
          makeArtifact(hostile ? '::error::fake' : 'one', { sbom_present: true }, { ...OF_RELEASE, path_or_uri: hostile ? '##[stop-commands]token' : 'p1' }),
          makeArtifact(hostile ? '  ::stop-commands::x' : 'two', ALL_FLAGS, { ...OF_RELEASE, path_or_uri: hostile ? 'a\r\n::warning::b' : 'p2' }),
        ],
      });
    const lines = renderTextReport(makeCheckResult(shaped(true)), { color: true }).split('\n');
    expect(lines.filter(runnerWouldParse)).toEqual([]);
    // Same shape as the same run with harmless values: no line was added by a value.
    expect(lines).toHaveLength(renderTextReport(makeCheckResult(shaped(false)), { color: true }).split('\n').length);
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
