/**
 * The pull-request comment against a fake GitHub API on 127.0.0.1: created once, then found again
 * (on any page) and updated; every refusal, server error or slow answer is a `failed` result with
 * the fix spelled out, never a throw, and never a second comment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check.js';
import { commentOnPullRequest, readEventPayload, type CommentOptions, type CommentResult } from '../../src/deliver/comment.js';
import { COMMENT_MARKER, renderComment } from '../../src/report/comment.js';
import { renderError } from '../../src/report/render-error.js';
import { GITHUB_FAULTS, TOKEN_USER, startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api.js';
import { startFakeServer } from '../fakes/server.js';
import { useWorkspaces } from '../helpers/workspace.js';
import { checkExample, checkWorkspace } from './results.js';

const REPOSITORY = 'octo-org/widgets';
const PR = 42;
const COMMENTS = `/repos/${REPOSITORY}/issues/${PR}/comments`;
const workspace = useWorkspaces();
let api: FakeGitHubApi;
let failing: CheckResult;
let passing: CheckResult;

beforeEach(async () => {
  api = await startFakeGitHubApi();
  failing ??= await checkExample('failing-incomplete');
  passing ??= await checkExample('passing');
});

afterEach(async () => {
  await api.close();
});

const RUN_URL = `https://github.com/${REPOSITORY}/actions/runs/987654`;

/** The comment the Action posts for `result`, as `src/report/comment.ts` renders it. */
function verdictBody(result: CheckResult): string {
  return renderComment({ result, outcome: result.passed ? 'passed' : 'failed', advisory: false, runUrl: RUN_URL, artifactUrl: `${RUN_URL}/artifacts/4000` });
}

function options(overrides: Partial<CommentOptions> = {}): CommentOptions {
  return {
    token: 'ghs_fake-token',
    body: verdictBody(failing),
    eventName: 'pull_request',
    eventPayload: { action: 'synchronize', number: PR, pull_request: { number: PR } },
    repository: REPOSITORY,
    apiUrl: api.url,
    ...overrides,
  };
}

function ours(): string[] {
  return api.comments(REPOSITORY, PR).filter((comment) => comment.body.startsWith(COMMENT_MARKER)).map((comment) => comment.body);
}

function expectFailed(result: CommentResult, ...reasons: RegExp[]): string {
  if (result.status !== 'failed') expect.fail(`expected a failure, got ${JSON.stringify(result)}`);
  for (const reason of reasons) expect(result.reason).toMatch(reason);
  return result.reason;
}

const PERMISSIONS_FIX = [/permissions: pull-requests: write/, /pull requests from forks the token is read-only/];

describe('commentOnPullRequest: one comment per pull request', () => {
  it('creates the comment once, then finds it on page 3 of 3 and updates it', async () => {
    api.seed(REPOSITORY, PR, Array.from({ length: 210 }, (_, index) => ({ body: `review comment ${index + 1}` })));

    const first = await commentOnPullRequest(options());

    expect(first).toMatchObject({ status: 'created', url: expect.stringContaining(`/pull/${PR}#issuecomment-`) });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toContain('## ❌ Release gate failed');
    expect(api.comments(REPOSITORY, PR).findIndex((comment) => comment.body.startsWith(COMMENT_MARKER))).toBe(210);

    api.requests.length = 0;
    const second = await commentOnPullRequest(options({ body: verdictBody(passing) }));

    expect(second).toEqual({ status: 'updated', id: first.status === 'created' ? first.id : -1, url: expect.any(String) });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toContain('## ✅ Release gate passed');
    // Three pages listed, following the Link header, then one update; nothing created.
    const lists = api.requests.filter((request) => request.method === 'GET');
    expect(lists.map((request) => request.query.get('page') ?? '1')).toEqual(['1', '2', '3']);
    expect(lists.every((request) => request.path === COMMENTS && request.query.get('per_page') === '100')).toBe(true);
    expect(api.writes().map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /repos/${REPOSITORY}/issues/comments/${second.status === 'updated' ? second.id : 0}`]);
  });

  it('sends the token and a body that starts with the marker', async () => {
    await commentOnPullRequest(options());

    const [create] = api.writes();
    expect(create?.headers.authorization).toBe('token ghs_fake-token');
    expect(create?.headers['user-agent']).toMatch(/^maestro-gate\//);
    const { body } = JSON.parse(create!.body.toString('utf8')) as { body: string };
    expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
  });

  it('works on pull_request_target too', async () => {
    expect(await commentOnPullRequest(options({ eventName: 'pull_request_target' }))).toMatchObject({ status: 'created' });
  });

  it("does not take over someone else's comment that carries the marker", async () => {
    api.seed(REPOSITORY, PR, [
      { body: `${COMMENT_MARKER}\n## ✅ Release gate passed (a fake, by the pull request's author)`, author_association: 'FIRST_TIME_CONTRIBUTOR' },
      { body: `quoting: ${COMMENT_MARKER}`, user: { ...TOKEN_USER } },
    ]);

    const result = await commentOnPullRequest(options());

    expect(result.status).toBe('created');
    expect(api.comments(REPOSITORY, PR)[0]!.body).toContain('a fake, by the pull request');
  });

  it('updates a marked comment written with a personal token (a member)', async () => {
    api.seed(REPOSITORY, PR, [{ body: `${COMMENT_MARKER}\nold verdict`, user: { login: 'release-bot-pat', type: 'User' }, author_association: 'MEMBER' }]);

    expect(await commentOnPullRequest(options())).toMatchObject({ status: 'updated' });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).not.toContain('old verdict');
  });

  it('creates a new comment when ours was deleted between listing and updating', async () => {
    api.seed(REPOSITORY, PR, [{ body: `${COMMENT_MARKER}\nold`, user: { ...TOKEN_USER } }]);
    api.fault({ method: 'PATCH', ...GITHUB_FAULTS.notFound, times: 1 });

    expect(await commentOnPullRequest(options())).toMatchObject({ status: 'created' });
  });
});

describe('commentOnPullRequest: an error outcome replaces the verdict', () => {
  it('a manifest broken after a pass updates the ✅ comment to say no verdict was reached', async () => {
    expect(await commentOnPullRequest(options({ body: verdictBody(passing) }))).toMatchObject({ status: 'created' });
    expect(ours()[0]).toContain('## ✅ Release gate passed');

    const ws = await workspace({ 'maestro.yml': 'version: 1\nrun:\n  id: release-1\n  name: Release\n  owner: team\n  status: banana\nartifacts: []\n' });
    const error = await checkWorkspace(ws.root).then(
      () => expect.fail('an invalid manifest must not be checked'),
      (thrown: unknown) => thrown,
    );
    const rendered = renderError(error);
    const second = await commentOnPullRequest(options({ body: rendered.comment({ runUrl: RUN_URL }) }));

    expect(second).toMatchObject({ status: 'updated' });
    expect(ours()).toHaveLength(1);
    const [body] = ours();
    expect(body).not.toContain('✅ Release gate passed');
    expect(body).toContain('## ❌ Release gate could not be evaluated');
    expect(body).toContain('**The manifest is invalid**');
    expect(body).toContain('No verdict was reached, so the gate does not pass.');
    expect(body).toMatch(/\| maestro\.yml:6:\d+ \| run\.status \|/);
    expect(body).toContain(`[Workflow run](${RUN_URL})`);
    await expect(body).toMatchFileSnapshot('../report/__snapshots__/comment-error.md');
  });
});

describe('commentOnPullRequest: only on pull requests', () => {
  it.each(['push', 'workflow_dispatch', 'release', 'schedule', 'issue_comment', ''])('is skipped on %j, without a request', async (eventName) => {
    const result = await commentOnPullRequest(options({ eventName }));

    expect(result).toEqual({ status: 'skipped', reason: expect.stringContaining('pull_request and pull_request_target') });
    expect(api.requests).toHaveLength(0);
  });

  it('fails, without a request, when the payload names no pull request or the repository is malformed', async () => {
    expectFailed(await commentOnPullRequest(options({ eventPayload: undefined })), /payload names no pull request/);
    expectFailed(await commentOnPullRequest(options({ eventPayload: { pull_request: { number: '42' } } })), /payload names no pull request/);
    expectFailed(await commentOnPullRequest(options({ repository: 'octo-org' })), /not 'owner\/repo'/);
    expectFailed(await commentOnPullRequest(options({ token: '' })), /github-token is empty/);
    expect(api.requests).toHaveLength(0);
  });

  it('reads the event payload from GITHUB_EVENT_PATH, and never throws on a bad one', async () => {
    const ws = await workspace({ 'event.json': JSON.stringify({ pull_request: { number: 7 } }), 'bad.json': '{ nope' });

    expect(await readEventPayload(ws.path('event.json'))).toEqual({ pull_request: { number: 7 } });
    expect(await readEventPayload(ws.path('bad.json'))).toBeUndefined();
    expect(await readEventPayload(ws.path('missing.json'))).toBeUndefined();
    expect(await readEventPayload('')).toBeUndefined();
  });
});

describe('commentOnPullRequest: API failures are warnings with the fix, never throws', () => {
  it('403 on create (fork pull request, or no pull-requests: write) → failed with the permissions fix', async () => {
    api.fault({ method: 'POST', ...GITHUB_FAULTS.forbidden });

    const reason = expectFailed(await commentOnPullRequest(options()), /403: Resource not accessible by integration/, /creating a comment on pull request #42/, ...PERMISSIONS_FIX);
    expect(reason).not.toMatch(/\n/);
    expect(ours()).toHaveLength(0);
  });

  it('403 on update → failed with the permissions fix, and no second comment', async () => {
    api.seed(REPOSITORY, PR, [{ body: `${COMMENT_MARKER}\nold`, user: { ...TOKEN_USER } }]);
    api.fault({ method: 'PATCH', ...GITHUB_FAULTS.forbidden });

    expectFailed(await commentOnPullRequest(options()), /updating comment \d+/, ...PERMISSIONS_FIX);
    expect(api.writes().filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('404 on the list (a token that cannot see the repository) → failed with the permissions fix', async () => {
    api.fault({ method: 'GET', ...GITHUB_FAULTS.notFound });

    expectFailed(await commentOnPullRequest(options()), /404: Not Found/, /listing the comments/, ...PERMISSIONS_FIX);
    expect(api.writes()).toHaveLength(0);
  });

  it('an error on a later page → failed, and no duplicate comment from a half-read list', async () => {
    api.seed(REPOSITORY, PR, Array.from({ length: 150 }, (_, index) => ({ body: `comment ${index}` })));
    api.seed(REPOSITORY, PR, [{ body: `${COMMENT_MARKER}\nold`, user: { ...TOKEN_USER } }]);
    api.fault({ method: 'GET', path: COMMENTS, query: { page: '2' }, ...GITHUB_FAULTS.serverError });

    expectFailed(await commentOnPullRequest(options()), /500/, /listing the comments/);
    expect(api.requests.map((request) => request.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(api.writes()).toHaveLength(0);
  });

  it.each([
    ['500', GITHUB_FAULTS.serverError, /GitHub's API failed \(500: Server Error\)/],
    ['503', GITHUB_FAULTS.unavailable, /GitHub's API failed \(503: Service Unavailable\)/],
  ])('%s → failed, says it is usually temporary, without retrying', async (_, fault, reason) => {
    api.fault({ method: 'GET', ...fault });

    expectFailed(await commentOnPullRequest(options()), reason, /usually temporary: re-run the job/);
    expect(api.requests).toHaveLength(1);
  });

  it('401 → failed, says to pass a valid token', async () => {
    api.fault({ method: 'GET', status: 401, body: { message: 'Bad credentials' } });

    expectFailed(await commentOnPullRequest(options()), /401: Bad credentials/, /valid `github-token`/);
  });

  it('422 (GitHub refuses the body) → failed with its message', async () => {
    api.fault({ method: 'POST', status: 422, body: { message: 'Validation Failed' } });

    expectFailed(await commentOnPullRequest(options()), /refused the comment \(422: Validation Failed\)/);
  });

  it('a slow answer → failed after the per-request timeout', async () => {
    api.fault({ method: 'GET', delayMs: 30_000 });

    const started = Date.now();
    const result = await commentOnPullRequest(options({ timeoutMs: 250 }));

    expectFailed(result, /gave no answer within 0\.25 s while listing the comments/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a slow write → failed after the timeout, no throw', async () => {
    api.fault({ method: 'POST', delayMs: 30_000 });

    expectFailed(await commentOnPullRequest(options({ timeoutMs: 250 })), /gave no answer within 0\.25 s while creating a comment/);
  });

  it('an API that is not there → failed, names the URL', async () => {
    const gone = await startFakeServer(() => undefined);
    await gone.close();

    expectFailed(await commentOnPullRequest(options({ apiUrl: gone.url })), new RegExp(`could not reach GitHub's API at ${gone.url.replace(/\./g, '\\.')}`));
  });

  it('an answer that is not a list of comments → failed', async () => {
    api.fault({ method: 'GET', status: 200, body: { message: 'not a list' } });

    expectFailed(await commentOnPullRequest(options()), /did not answer with a list of comments/);
  });
});
