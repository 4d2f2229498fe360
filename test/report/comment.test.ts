/**
 * The comment's body, rendered from real verdicts: what a reviewer reads on the pull request.
 * Manifest strings stay inert text (no mention, link, image, HTML or fake verdict), and however
 * large the release, the body stays under GitHub's 65,536 characters with the verdict intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check.js';
import { commentOnPullRequest } from '../../src/deliver/comment.js';
import {
  COMMENT_MARKER,
  COMMENT_TRUNCATION_MARKER,
  DEFAULT_COMMENT_MAX_LENGTH,
  GITHUB_COMMENT_MAX_LENGTH,
  renderComment,
  type CommentInput,
} from '../../src/report/comment.js';
import { safeUrl } from '../../src/report/links.js';
import { startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api.js';
import { useWorkspaces } from '../helpers/workspace.js';
import { checkExample, checkWorkspace, manifestYaml } from '../deliver/results.js';

const workspace = useWorkspaces();
const RUN_URL = 'https://github.com/octo-org/widgets/actions/runs/987654';
const ARTIFACT_URL = `${RUN_URL}/artifacts/4000`;

function render(result: CheckResult, overrides: Partial<CommentInput> = {}): string {
  return renderComment({ result, outcome: result.passed ? 'passed' : 'failed', advisory: false, runUrl: RUN_URL, artifactUrl: ARTIFACT_URL, ...overrides });
}

/** Every `|` of a table row is a cell border: a value's pipes are escaped, so the row keeps its columns. */
function expectTablesIntact(body: string): void {
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (!lines[index]!.startsWith('| ')) continue;
    let header = index;
    while (header > 0 && lines[header - 1]!.startsWith('| ')) header -= 1;
    const columns = lines[header]!.split('|').length;
    expect(lines[index]!.split('|').length, lines[index]).toBe(columns);
  }
}

describe('renderComment', () => {
  it('says the verdict first, then a row per run, the non-compliant artifacts, the fixes and the links', async () => {
    const body = render(await checkExample('failing-incomplete'));

    await expect(body).toMatchFileSnapshot('__snapshots__/comment-failing.md');
    expect(body.startsWith(`${COMMENT_MARKER}\n\n## ❌ Release gate failed\n\n`)).toBe(true);
    expect(body).toContain('| maestro-demo 1.4.5 (demo-release-incomplete) | ✅ succeeded | ❌ ');
    expect(body).toContain('| 0 / 2 |');
    expect(body).toContain('### What to do to pass');
    expect(body).toContain(`[Workflow run](${RUN_URL}) · [Report artifact](${ARTIFACT_URL})`);
    expect(body).not.toContain(COMMENT_TRUNCATION_MARKER);
    expectTablesIntact(body);
  });

  it('a pass says so, with no advice; advisory failures say the job does not fail', async () => {
    const passed = render(await checkExample('passing'));
    expect(passed).toContain('## ✅ Release gate passed');
    expect(passed).not.toContain('What to do to pass');

    const failing = await checkExample('failing-status');
    const advisory = render(failing, { advisory: true });
    expect(advisory).toContain('## ⚠️ Release gate failed (advisory)');
    expect(advisory).toContain('`fail-on-gate` is `false`, so this job does not fail');
    // A pass is never claimed unless the result itself passed.
    expect(render(failing, { outcome: 'passed' })).toContain('## ❌ Release gate failed');
  });

  it('without an uploaded report, points to the job summary; a URL that is not http(s) is left out', async () => {
    const body = render(await checkExample('failing-incomplete'), { artifactUrl: undefined, runUrl: 'javascript:alert(1)' });

    expect(body).toContain('The full report is in the job summary of the workflow run.');
    expect(body).not.toContain('](');
    expect(safeUrl('https://github.com/o/r/actions/runs/1?x=(a)|[b] c<d>')).toBe('https://github.com/o/r/actions/runs/1?x=%28a%29%7C%5Bb%5D%20c%3Cd%3E');
    expect(safeUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });

  it('several runs: one row each, the failing runs’ artifacts first, each named by run', async () => {
    const ws = await workspace({
      'a.yml': manifestYaml({ id: 'release-a', artifacts: [{ id: 'ok', flags: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true } }, { id: 'note' }] }),
      'b.yml': manifestYaml({ id: 'release-b', artifacts: [{ id: 'broken', flags: { sbom_present: true } }] }),
    });
    const body = render(await checkWorkspace(ws.root, ['a.yml', 'b.yml']));

    expect(body).toContain('1 of 2 runs failed the release gate.');
    expect(body).toMatch(/\| release-a \| ✅ succeeded \| ✅ .* \| 1 \/ 2 \|/);
    expect(body).toMatch(/\| release-b \| ✅ succeeded \| ❌ .* \| 0 \/ 1 \|/);
    expect(body.indexOf('| release-b | broken |')).toBeLessThan(body.indexOf('| release-a | note |'));
    expect(body).toContain('**release-b**');
    expectTablesIntact(body);
  });
});

describe('renderComment: hostile manifest strings stay inert (HOSTILE.md row 22)', () => {
  const HOSTILE = {
    name: '</td></tr></table>\n\n## ✅ Release gate passed <img src=x onerror=alert(1)>',
    owner: '@octo-org/security-team',
    artifacts: [
      '[click me](javascript:alert(1))',
      '![tracker](https://evil.example/pixel.png)',
      '<img src="https://evil.example/x.png">',
      '| forged | cell | ✅ |',
      '" onclick="alert(1)',
      '<!-- maestro-gate:comment -->',
      'see https://evil.example and www.evil.example and #1 and @admin',
      '<details open><summary>✅ PASSED</summary>',
    ],
  };

  it('no mention, link, image, HTML, autolink, fake heading or broken table', async () => {
    const ws = await workspace({
      'maestro.yml': manifestYaml({ id: 'hostile-run', name: HOSTILE.name, owner: HOSTILE.owner, artifacts: HOSTILE.artifacts.map((id) => ({ id, path: 's3://bucket/x', flags: { sbom_present: true } })) }),
    });
    const result = await checkWorkspace(ws.root);
    const body = render(result);

    // Every artifact is in the body (escaped), so each string was really put to the test.
    expect(body).toContain(`Non-compliant artifacts (${HOSTILE.artifacts.length})`);
    expect(body).toContain('&#91;click me&#93;&#40;javascript:alert&#40;1&#41;&#41;');
    const ours = body.replace(COMMENT_MARKER, '').replace(/<\/?sub>/g, '');
    expect(ours).not.toMatch(/[<>]/);
    expect(body.split(COMMENT_MARKER)).toHaveLength(2);
    expect(body).not.toContain('@');
    expect(body).not.toContain('![');
    expect(body).not.toContain('https://evil');
    expect(body).not.toMatch(/(^|[^\u2060])www\.evil/);
    expect(body).not.toMatch(/#1\b/);
    expect(body.match(/\]\(/g)).toHaveLength(2);
    expect(body.split('\n').filter((line) => line.startsWith('#'))).toEqual(['## ❌ Release gate failed', '### What to do to pass', '### Non-compliant artifacts (8)']);
    expectTablesIntact(body);
  });
});

describe('renderComment: under GitHub’s 65,536 characters, verdict kept (HOSTILE.md row 24)', () => {
  let huge: CheckResult;
  let api: FakeGitHubApi;

  beforeAll(async () => {
    // 20,000 non-compliant artifacts whose ids escape to ~12 times their length. As JSON: the
    // comment is rendered from the verdict, whatever the manifest's form, and 6 MB of YAML took
    // seconds to parse.
    const artifacts = Array.from({ length: 20_000 }, (_, index) => ({ id: `a${index}-${'@'.repeat(200)}`, kind: 'other', path_or_uri: 's3://b/x', metadata_json: { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false } }));
    const ws = await workspace({
      'maestro.json': JSON.stringify({ version: 1, run: { id: 'monorepo-release', name: 'monorepo-release', owner: 'platform-team', status: 'succeeded' }, artifacts }),
    });
    huge = await checkWorkspace(ws.root, ['maestro.json']);
    api = await startFakeGitHubApi();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('20,000 artifacts: cut detail behind a visible marker, keep the verdict and the links', () => {
    expect(huge.runs[0]!.gate.artifacts).toHaveLength(20_000);
    const body = render(huge);

    expect(body.length).toBeLessThanOrEqual(DEFAULT_COMMENT_MAX_LENGTH);
    expect([...body].length).toBeLessThan(GITHUB_COMMENT_MAX_LENGTH);
    expect(body.startsWith(`${COMMENT_MARKER}\n\n## ❌ Release gate failed\n\n`)).toBe(true);
    expect(body).toContain(huge.runs[0]!.gate.message.slice(0, 20));
    expect(body).toContain(COMMENT_TRUNCATION_MARKER);
    expect(body).toMatch(/_[\d,]+ more non-compliant artifact\(s\) not shown; every artifact is listed in `compliance-report\.json` in the report\._/);
    expect(body.trimEnd().endsWith('<sub>maestro-gate 0.1.0</sub>')).toBe(true);
    expect(body).toContain(`[Report artifact](${ARTIFACT_URL})`);
    expectTablesIntact(body);
  });

  it('any cap: never longer than asked, and the verdict is always there', () => {
    for (const maxLength of [1_500, 4_000, 20_000]) {
      const body = render(huge, { maxLength });
      expect(body.length).toBeLessThanOrEqual(maxLength);
      expect(body).toContain('## ❌ Release gate failed');
      expect(body).toContain(COMMENT_TRUNCATION_MARKER);
      expectTablesIntact(body);
    }
  });

  it('GitHub (the fake, which refuses bodies over 65,536 characters) accepts it', async () => {
    const result = await commentOnPullRequest({
      token: 'ghs_fake',
      body: render(huge),
      eventName: 'pull_request',
      eventPayload: { pull_request: { number: 1 } },
      repository: 'octo-org/widgets',
      apiUrl: api.url,
    });

    expect(result).toMatchObject({ status: 'created' });
  });
});
