/**
 * The job summary and the PR comment a reviewer reads, for real manifests through the real loader
 * and gate: a pass resting on a waiver, several runs, and a release with many artifacts. Each is a
 * committed Markdown file (`__snapshots__/*.md`) to read in a diff; the assertions pin what must
 * hold whatever the wording.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, type CheckResult } from '../../src/core/check.js';
import { renderComment } from '../../src/report/comment.js';
import { FOLD_AFTER_ROWS } from '../../src/report/summary-artifacts.js';
import { renderSummary } from '../../src/report/summary.js';
import { useWorkspaces } from '../helpers/workspace.js';
import { markdownProblems } from '../property/inert-markdown.js';

const newWorkspace = useWorkspaces();
const NOW = '2026-11-27T09:00:00Z';
const RUN_URL = 'https://github.com/octo-org/widgets/actions/runs/987654';
const ARTIFACT_URL = `${RUN_URL}/artifacts/4000`;

const ALL = '{ sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }';
const NO_RISK = '{ sbom_present: true, slsa_provenance_present: true, risk_assessment_present: false }';

function manifest(id: string, artifacts: { id: string; flags: string }[], extra: string[] = []): string {
  return [
    'run:',
    `  id: ${id}`,
    `  name: ${id} release`,
    '  owner: "@octo-org/release-team"',
    '  status: succeeded',
    'artifacts:',
    ...artifacts.flatMap((artifact) => [`  - id: ${artifact.id}`, '    kind: other', `    path_or_uri: s3://releases/${artifact.id}.tgz`, `    metadata_json: ${artifact.flags}`]),
    ...extra,
    '',
  ].join('\n');
}

async function check(files: Record<string, string>): Promise<CheckResult> {
  const workspace = await newWorkspace(files);
  return checkManifests({ workspace: workspace.root, patterns: Object.keys(files), now: NOW, judgedAt: NOW });
}

function documents(result: CheckResult): { summary: string; comment: string } {
  const outcome = result.passed ? 'passed' : 'failed';
  const summary = renderSummary(result, { outcome, advisory: false, reportDir: 'maestro-report', artifactUrl: ARTIFACT_URL });
  const comment = renderComment({ result, outcome, advisory: false, runUrl: RUN_URL, artifactUrl: ARTIFACT_URL });
  // Folds, links and the owner's `@` included, each document is inert Markdown.
  expect(markdownProblems(summary, { passed: result.passed })).toEqual([]);
  expect(markdownProblems(comment, { passed: result.passed })).toEqual([]);
  return { summary, comment };
}

/** The lines of the first table after `heading`. */
function tableAfter(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const first = lines.findIndex((line, index) => index > lines.findIndex((l) => l.startsWith(heading)) && line.startsWith('|'));
  const rows: string[] = [];
  for (let index = first; index < lines.length && lines[index]!.startsWith('|'); index += 1) rows.push(lines[index]!);
  return rows;
}

describe('a pass that rests on a waiver', () => {
  it('says so in the summary and in the comment, and marks the waived cell', async () => {
    const waiver = [
      'policy:',
      '  waivers:',
      '    - artifact_ids: [app]',
      '      rule: risk_assessment_present',
      '      reason: assessment booked for 2027-01',
      '      owner: sec-team',
      '      decision_id: ADR-9',
      '      expires: 2027-03-01',
    ];
    const result = await check({ 'maestro.yml': manifest('waived', [{ id: 'app', flags: NO_RISK }], waiver) });
    expect(result.passed).toBe(true);
    const { summary, comment } = documents(result);

    await expect(summary).toMatchFileSnapshot('./__snapshots__/summary-waived.md');
    await expect(comment).toMatchFileSnapshot('./__snapshots__/comment-waived.md');
    expect(summary).toContain('**🛡️ Waived:** This verdict rests on 1 waiver(s)');
    expect(tableAfter(summary, '### Artifacts')[2]).toMatch(/^\| app \| other \| s3:&#8288;\/\/releases\/app\.tgz \| ☑️ \| ☑️ \| 🛡️ 1 \|/);
    expect(comment).toContain('**🛡️ Waived:** This verdict rests on 1 waiver(s): a requirement was lifted, not met.');
    expect(comment).toContain('| 🛡️ 1 |');
  });
});

describe('several runs', () => {
  it('an overview of the runs, failing first, then a section per run; the comment lists the failing run’s artifacts first', async () => {
    const result = await check({
      'a.yml': manifest('release-a', [{ id: 'ok', flags: ALL }]),
      'b.yml': manifest('release-b', [{ id: 'broken', flags: NO_RISK }, { id: 'fine', flags: ALL }], ['policy:', '  min_compliant_artifacts: 2']),
      'c.yml': manifest('release-c', [{ id: 'lib', flags: ALL }]),
    });
    const { summary, comment } = documents(result);

    await expect(summary).toMatchFileSnapshot('./__snapshots__/summary-multi-run.md');
    await expect(comment).toMatchFileSnapshot('./__snapshots__/comment-multi-run.md');
    const overview = tableAfter(summary, '### Runs');
    expect(overview.slice(2).map((row) => row.split(' | ')[0])).toEqual(['| release-b release (release-b)', '| release-a release (release-a)', '| release-c release (release-c)']);
    expect(summary.indexOf('### ❌ release-b release')).toBeLessThan(summary.indexOf('### ✅ release-a release'));
    expect(summary).toContain(`are in the [uploaded report artifact](${ARTIFACT_URL}) (maestro-report, one folder per run id).`);
    expect(comment.indexOf('### What to do to pass')).toBeLessThan(comment.indexOf('| Run | Status |'));
  });
});

describe('a release with many artifacts', () => {
  it('failing rows first, the long table folded, the legend under it, no empty section', async () => {
    const artifacts = Array.from({ length: 40 }, (_, index) => ({ id: `pkg-${String(index + 1).padStart(2, '0')}`, flags: index % 15 === 14 ? NO_RISK : ALL }));
    const result = await check({ 'maestro.yml': manifest('monorepo', artifacts) });
    const { summary } = documents(result);

    await expect(summary).toMatchFileSnapshot('./__snapshots__/summary-many-artifacts.md');
    const rows = tableAfter(summary, '### Artifacts').slice(2);
    expect(rows).toHaveLength(40);
    expect(rows.slice(0, 2).map((row) => row.split(' | ')[0])).toEqual(['| pkg-15', '| pkg-30']);
    expect(rows.length).toBeGreaterThan(FOLD_AFTER_ROWS);
    expect(summary).toContain('<details><summary>40 artifacts, 2 not compliant (listed first)</summary>\n\n| Artifact |');
    expect(summary).toContain('✅ verified (declared, and its evidence file verifies) · ☑️ declared');
    for (const empty of ['Started', 'Finished', 'Cost (estimate / actual)', '### Disclosure pack', '### Related', 'none']) expect(summary).not.toContain(empty);
  });
});
