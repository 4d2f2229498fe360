import { describe, expect, test } from 'vitest';
import type { RunVerdict } from '../../src/core/check.js';
import { ErrorCode, type ManifestIssue } from '../../src/errors.js';
import type { Artifact, Run } from '../../src/model/schema.js';
import { DEFAULT_SUMMARY_MAX_BYTES, TRUNCATION_MARKER, renderErrorSummary, renderSummary } from '../../src/report/summary.js';
import { ALL_FLAGS, makeArtifact, makeCheckResult, makePack, makeRun, makeVerdict, sha256Hex as SHA } from '../helpers/factories.js';

// --- the payments release: hand-made runs and artifacts through the real gate and report builders ---

const NOW = '2025-03-01T12:00:00Z';

/** The run every verdict below is about unless it says otherwise, with its dates, costs and links. */
const RELEASE: Partial<Run> = {
  id: 'release-42',
  name: 'Payments release',
  owner: 'team-payments',
  started_at: '2025-03-01T10:00:00Z',
  finished_at: '2025-03-01T10:12:30Z',
  cost_estimate: 12,
  cost_actual: 11.5,
  related_entity_ids: ['svc-payments'],
  related_decision_ids: ['ADR-7'],
  created_at: NOW,
  updated_at: NOW,
};

/** An artifact of that release, declaring the sha256 of sixty-four a's (which the facts verify by default). */
const OF_RELEASE: Partial<Artifact> = { run_id: 'release-42', content_hash: SHA('a'), created_at: NOW };

const pack = makePack('pack-1', {
  run_id: 'release-42',
  summary: 'Payments 2.4.0: SBOM, provenance and risk assessment for the release bundle.',
  artifact_ids: ['bundle'],
  created_at: NOW,
});

function passingVerdict(): RunVerdict {
  return makeVerdict({ run: makeRun(RELEASE), artifacts: [makeArtifact('bundle', ALL_FLAGS, OF_RELEASE), makeArtifact('docs', { sbom_present: true }, { ...OF_RELEASE, kind: 'specification', content_hash: null })], integrity: { docs: { status: 'not_verified', reason: 'no content_hash declared' } }, pack });
}

function failingVerdict(): RunVerdict {
  return makeVerdict({
    run: makeRun({ ...RELEASE, cost_actual: 20 }),
    artifacts: [
      makeArtifact('bundle', ALL_FLAGS, { ...OF_RELEASE, content_hash: SHA('a') }),
      makeArtifact('image', { slsa_provenance_present: true }, { ...OF_RELEASE, kind: 'other', path_or_uri: 'oci://registry.example/payments:2.4.0', content_hash: null }),
    ],
    integrity: {
      bundle: { status: 'mismatch', expected: SHA('a'), actual: SHA('b'), size: 2048 },
      image: { status: 'not_verified', reason: 'remote oci: URI, never fetched' },
    },
    policy: { min_compliant_artifacts: 2, max_cost_overrun: 0.2 },
    pack,
  });
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The rows of the first table after `heading`: lines starting with `|` up to the blank line. */
function tableAfter(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const rows: string[] = [];
  for (let index = first; index < lines.length && lines[index]!.startsWith('|'); index += 1) rows.push(lines[index]!);
  return rows;
}

const pipes = (line: string): number => line.match(/\|/g)?.length ?? 0;
/** Artifact, Kind, Path, three flags, Integrity, Compliant, Reasons: 9 cells, 10 pipes. */
const ARTIFACT_TABLE_PIPES = 10;

// --- the summary a reviewer reads ---

describe('renderSummary: readable snapshots', () => {
  test('a passing run', async () => {
    const markdown = renderSummary(makeCheckResult(passingVerdict()), { outcome: 'passed', advisory: false, reportDir: 'maestro-report' });
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/summary-passing.md');
  });

  test('a failing run', async () => {
    const markdown = renderSummary(makeCheckResult(failingVerdict()), { outcome: 'failed', advisory: false, reportDir: 'maestro-report' });
    await expect(markdown).toMatchFileSnapshot('./__snapshots__/summary-failing.md');
  });
});

describe('renderSummary: the verdict comes first', () => {
  test('passed', () => {
    const markdown = renderSummary(makeCheckResult(passingVerdict()), { outcome: 'passed', advisory: false });
    expect(markdown.split('\n').slice(0, 3)).toEqual(['## ✅ Release gate passed', '', 'Release gate passed: 1 compliant artifact&#40;s&#41; found']);
  });

  test('failed, with the gate message', () => {
    const markdown = renderSummary(makeCheckResult(failingVerdict()), { outcome: 'failed', advisory: false });
    expect(markdown.startsWith('## ❌ Release gate failed\n\nOnly 1 compliant artifact&#40;s&#41; found, policy requires at least 2')).toBe(true);
  });

  test('failed in advisory mode says the job does not fail', () => {
    const markdown = renderSummary(makeCheckResult(failingVerdict()), { outcome: 'failed', advisory: true });
    expect(markdown.startsWith('## ⚠️ Release gate failed (advisory)\n')).toBe(true);
    expect(markdown).toContain('`fail-on-gate` is `false`, so this job does not fail');
  });

  test('never shows a pass for a run the gate failed, whatever outcome it is given', () => {
    const markdown = renderSummary(makeCheckResult(failingVerdict()), { outcome: 'passed', advisory: false });
    expect(markdown.startsWith('## ❌ Release gate failed')).toBe(true);
    expect(markdown).not.toContain('✅ Release gate passed');
  });

  test('no runs is a failure, not a vacuous pass', () => {
    const markdown = renderSummary({ runs: [], passed: false }, { outcome: 'passed', advisory: false });
    expect(markdown.startsWith('## ❌ Release gate failed\n\nNo run was evaluated')).toBe(true);
  });
});

describe('renderSummary: what to do to pass', () => {
  test('one remedy per failing rule, naming the artifacts', () => {
    const markdown = renderSummary(makeCheckResult(failingVerdict()), { outcome: 'failed', advisory: false });
    const section = markdown.slice(markdown.indexOf('### What to do to pass'), markdown.indexOf('### Run'));
    expect(section).toContain('Set the missing flags under `metadata_json`');
    expect(section).toContain('  - image: SBOM, risk assessment');
    expect(section).toContain("- Bring the run's cost within policy: Run cost&#95;actual 20 exceeds cost&#95;estimate 12 by 66.7%, policy allows at most 20%.");
    expect(section).toContain('Rebuild the artifact, or set `content_hash`');
    expect(section).toContain(`  - bundle (dist/bundle.tgz): content_hash is ${SHA('a')}, the file's digest is ${SHA('b')}`);
  });

  test('run status and missing artifacts', () => {
    const markdown = renderSummary(makeCheckResult(makeVerdict({ run: makeRun({ ...RELEASE, status: 'failed' }), artifacts: [] })), { outcome: 'failed', advisory: false });
    expect(markdown).toContain("Run status is &#39;failed&#39;, must be &#39;succeeded&#39;");
    expect(markdown).toContain('- Make the run succeed: its status is `failed`');
    expect(markdown).toContain('`run-status` input');
    expect(markdown).toContain('- Declare the artifacts of this release under `artifacts:` in maestro.yml');
    expect(markdown).toContain('No artifacts declared.');
  });

  test('absent when the gate passed', () => {
    expect(renderSummary(makeCheckResult(passingVerdict()), { outcome: 'passed', advisory: false })).not.toContain('What to do to pass');
  });
});

describe('renderSummary: several runs', () => {
  test('an overall verdict, an overview of the runs, then a section per run (failing runs first) with its own report folder', () => {
    const second = makeVerdict({ run: makeRun({ ...RELEASE, id: 'docs-site', name: 'Docs site', status: 'failed' }), artifacts: [makeArtifact('site', ALL_FLAGS, OF_RELEASE)], loaded: { file: 'docs/maestro.yml' } });
    const markdown = renderSummary(makeCheckResult(passingVerdict(), second), { outcome: 'failed', advisory: false, reportDir: 'out' });
    expect(markdown.startsWith('## ❌ Release gate failed\n\n1 of 2 runs failed the release gate.\n')).toBe(true);
    expect(markdown).toContain('### ✅ Payments release (release-42)');
    expect(markdown).toContain('### ❌ Docs site (docs-site)');
    expect(markdown).toContain('#### What to do to pass');
    expect(markdown.indexOf('### ❌ Docs site')).toBeLessThan(markdown.indexOf('### ✅ Payments release'));
    expect(tableAfter(markdown, '### Runs')).toEqual([
      '| Run | Status | Verdict | Compliant artifacts | Waivers applied |',
      '| --- | --- | --- | :-: | :-: |',
      expect.stringMatching(/^\| Docs site \(docs-site\) \| ❌ failed \| ❌ Run status is &#39;failed&#39;.* \| 1 \/ 1 \| — \|$/),
      expect.stringMatching(/^\| Payments release \(release-42\) \| ✅ succeeded \| ✅ .* \| 1 \/ 2 \| — \|$/),
    ]);
    expect(markdown.indexOf('### Runs')).toBeLessThan(markdown.indexOf('### ❌ Docs site'));
    expect(markdown).toContain('in out, one folder per run id');
  });
});

describe('renderSummary: hostile manifest values stay inside their cells', () => {
  const hostileId = '</td></tr></table>## ✅ PASSED|x|y\n| fake | row |';
  const verdict = makeVerdict({
    run: makeRun({ ...RELEASE, name: '[x](javascript:alert(1))', owner: '@org/team', related_entity_ids: ['<img src=x onerror=alert(1)>'] }),
    artifacts: [makeArtifact(hostileId, { sbom_present: true }, { ...OF_RELEASE, path_or_uri: '" onclick=alert(1) |a|b|' }), makeArtifact('plain', ALL_FLAGS, OF_RELEASE)],
    pack: { ...pack, summary: 'ok\n\n## ✅ PASSED\n<script>alert(1)</script>', artifact_ids: [hostileId] },
  });
  const markdown = renderSummary(makeCheckResult(verdict), { outcome: 'passed', advisory: false });

  test('the artifact table has exactly one row per artifact, each with its cells', () => {
    const rows = tableAfter(markdown, '### Artifacts');
    expect(rows).toHaveLength(2 + 2);
    for (const row of rows) expect(pipes(row)).toBe(ARTIFACT_TABLE_PIPES);
  });

  test('no fake heading, tag, link, image or mention', () => {
    const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
    expect(headings).toEqual(['## ✅ Release gate passed', '### Run', '### Artifacts (1 of 2 compliant)', '### Disclosure pack', '### Related']);
    expect(markdown).not.toMatch(/<|\]\(|!\[/);
    expect(markdown).not.toMatch(/(?:^|\W)@[a-z0-9]/im);
    expect(markdown).toContain('&#64;&#8288;org/team');
  });
});

describe('renderSummary: caps', () => {
  const many = (count: number, failingAt: readonly number[] = []): Artifact[] =>
    Array.from({ length: count }, (_, index) => makeArtifact(`artifact-${index + 1}`, failingAt.includes(index) ? {} : ALL_FLAGS, OF_RELEASE));

  test('the artifact table stops at maxArtifactRows, non-compliant artifacts first, and says how many are left out', () => {
    const verdict = makeVerdict({ run: makeRun(RELEASE), artifacts: many(500, [449]) });
    const markdown = renderSummary(makeCheckResult(verdict), { outcome: 'passed', advisory: false, maxArtifactRows: 200, reportDir: 'maestro-report' });
    const rows = tableAfter(markdown, '### Artifacts');
    expect(rows).toHaveLength(2 + 200);
    expect(rows.some((row) => row.startsWith('| artifact-450 |'))).toBe(true);
    expect(rows.some((row) => row.startsWith('| artifact-200 |'))).toBe(false);
    expect(markdown).toContain('_300 more artifact(s) not shown (all of them compliant); every artifact is listed in maestro-report/compliance-report.json._');
    expect(markdown).not.toContain(TRUNCATION_MARKER);
  });

  test('10,000 artifacts fit under the byte cap, verdict intact, detail cut behind a marker', () => {
    // Multi-byte ids: the cap is in UTF-8 bytes, not characters.
    const artifacts = Array.from({ length: 10_000 }, (_, index) =>
      makeArtifact(`artefact-ü-✅-${index + 1}`, ALL_FLAGS, { ...OF_RELEASE, path_or_uri: `dist/very/long/path/${'segment-'.repeat(8)}${index + 1}.tgz` }),
    );
    const markdown = renderSummary(makeCheckResult(makeVerdict({ run: makeRun(RELEASE), artifacts, pack })), { outcome: 'passed', advisory: false, maxArtifactRows: 10_000 });
    expect(bytes(markdown)).toBeLessThanOrEqual(DEFAULT_SUMMARY_MAX_BYTES);
    expect(bytes(markdown)).toBeGreaterThan(DEFAULT_SUMMARY_MAX_BYTES - 5_000);
    expect(markdown.startsWith('## ✅ Release gate passed\n\nRelease gate passed: 10000 compliant artifact&#40;s&#41; found\n')).toBe(true);
    expect(markdown).toMatch(/_[\d,]+ more artifact\(s\) not shown \(all of them compliant\); every artifact is listed in compliance-report\.json\._/);
    expect(markdown.trimEnd().endsWith(TRUNCATION_MARKER)).toBe(true);
    // Small sections survive; the big table is what shrinks, and stays well-formed.
    expect(markdown).toContain('### Disclosure pack');
    const rows = tableAfter(markdown, '### Artifacts');
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(pipes(row)).toBe(ARTIFACT_TABLE_PIPES);
  });

  test('a tiny cap keeps the verdict heading and nothing that does not fit', () => {
    const verdict = makeVerdict({ run: makeRun({ ...RELEASE, status: 'failed' }), artifacts: many(50) });
    const markdown = renderSummary(makeCheckResult(verdict), { outcome: 'failed', advisory: false, maxBytes: 600 });
    expect(bytes(markdown)).toBeLessThanOrEqual(600);
    expect(markdown.startsWith('## ❌ Release gate failed\n')).toBe(true);
    expect(markdown).toContain(TRUNCATION_MARKER);
  });

  test('a huge gate message is shortened rather than pushing the verdict over the cap', () => {
    const verdict = makeVerdict({ run: makeRun({ ...RELEASE, status: 'failed' }), artifacts: [] });
    verdict.gate.message = '@'.repeat(50_000);
    const markdown = renderSummary(makeCheckResult(verdict), { outcome: 'failed', advisory: false, maxBytes: 2_000 });
    expect(bytes(markdown)).toBeLessThanOrEqual(2_000);
    expect(markdown.startsWith('## ❌ Release gate failed\n\n&#64;&#8288;')).toBe(true);
    expect(markdown).toContain('…');
  });
});

describe('renderErrorSummary', () => {
  const issue = (index: number, overrides: Partial<ManifestIssue> = {}): ManifestIssue => ({
    code: ErrorCode.InvalidValue,
    file: 'maestro.yml',
    line: 14,
    column: 11,
    path: `artifacts[${index}].kind`,
    message: "'banana' is not one of sbom, slsa_provenance, risk_assessment, specification, build_log, test_report, other",
    ...overrides,
  });

  test('says the gate could not be evaluated and lists the issues with their locations', () => {
    const markdown = renderErrorSummary({ title: 'Invalid manifest', issues: [issue(0), issue(1, { line: undefined, column: undefined, path: '', code: ErrorCode.FileTooLarge, message: 'file is over 64 MiB' })] });
    expect(markdown.startsWith('## ❌ Release gate could not be evaluated\n\n**Invalid manifest**\n')).toBe(true);
    expect(markdown).toContain('the gate does not pass');
    const rows = tableAfter(markdown, '### Problems (2)');
    expect(rows).toEqual([
      '| Location | Key path | Code | Problem |',
      '| --- | --- | --- | --- |',
      "| maestro.yml:14:11 | artifacts&#91;0&#93;.kind | INVALID&#95;VALUE | &#39;banana&#39; is not one of sbom, slsa&#95;provenance, risk&#95;assessment, specification, build&#95;log, test&#95;report, other |",
      '| maestro.yml | — | FILE&#95;TOO&#95;LARGE | file is over 64 MiB |',
    ]);
  });

  test('escapes hostile issue text and keeps the table shape', () => {
    const markdown = renderErrorSummary({ title: 'Invalid manifest', message: '## ✅ PASSED\n<b>x</b>', issues: [issue(0, { file: 'a|b.yml', message: "unknown key 'x|y'\n| fake | row |" })] });
    const rows = tableAfter(markdown, '### Problems');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(pipes(row)).toBe(5);
    expect(markdown).not.toContain('<');
    expect(markdown.split('\n').filter((line) => line.startsWith('## '))).toEqual(['## ❌ Release gate could not be evaluated']);
  });

  test('an internal error without issues', () => {
    const markdown = renderErrorSummary({ title: 'Internal error', message: 'TypeError: x is undefined' });
    expect(markdown).toBe('## ❌ Release gate could not be evaluated\n\n**Internal error**\n\nTypeError: x is undefined\n\nNo verdict was reached, so the gate does not pass. Fix the problems below and run it again.\n');
  });

  test('caps rows and bytes', () => {
    const issues = Array.from({ length: 250 }, (_, index) => issue(index));
    const capped = renderErrorSummary({ title: 'Invalid manifest', issues });
    expect(tableAfter(capped, '### Problems (250)')).toHaveLength(2 + 200);
    expect(capped).toContain('_50 more problem(s) not shown; they are listed in the log._');
    const small = renderErrorSummary({ title: 'Invalid manifest', issues }, { maxBytes: 3_000 });
    expect(bytes(small)).toBeLessThanOrEqual(3_000);
    expect(small.startsWith('## ❌ Release gate could not be evaluated\n')).toBe(true);
    expect(small).toContain(TRUNCATION_MARKER);
  });
});
