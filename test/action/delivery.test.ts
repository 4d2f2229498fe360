/**
 * The bundled Action delivering its report as the runner runs it: the report folder uploaded to
 * a fake artifact service and the verdict commented on a pull request through a fake GitHub
 * API, both on 127.0.0.1. Delivery never changes the verdict.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startFakeArtifactService, type FakeArtifactService } from '../fakes/artifact-service.js';
import { startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api.js';
import { readZip } from '../fakes/zip.js';
import { runAction, withExamples } from '../helpers/runner.js';
import { useWorkspaces } from '../helpers/workspace.js';

const newWorkspace = useWorkspaces();
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const exampleWorkspace = async (): Promise<string> => withExamples(await newWorkspace());

async function artifactService(): Promise<FakeArtifactService> {
  const service = await startFakeArtifactService();
  servers.push(service);
  return service;
}

async function githubApi(): Promise<FakeGitHubApi> {
  const api = await startFakeGitHubApi();
  servers.push(api);
  return api;
}

async function pullRequestEvent(workspace: string, number: number): Promise<Record<string, string>> {
  const eventPath = path.join(workspace, '..', `${path.basename(workspace)}-event.json`);
  await writeFile(eventPath, JSON.stringify({ number, pull_request: { number } }));
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'summit/example' };
}

describe('upload-report', () => {
  test('uploads the report folder and sets artifact-id and artifact-url', async () => {
    const service = await artifactService();
    const workspace = await exampleWorkspace();
    const result = await runAction({
      workspace,
      inputs: { manifest: 'examples/passing/maestro.yml' },
      env: { ...service.env(), GITHUB_SERVER_URL: 'https://github.com' },
    });
    expect(result.code).toBe(0);
    expect(service.artifacts).toHaveLength(1);
    const [artifact] = service.artifacts;
    expect(artifact).toMatchObject({ name: 'maestro-compliance-report', finalized: true });
    expect([...readZip(artifact!.blob!).keys()].sort()).toEqual(['compliance-report.json', 'compliance-report.md', 'compliance-report.sarif', 'manifest.json', 'release-gate.json', 'verdict.json']);
    expect(result.outputs['artifact-id']).toMatch(/^\d+$/);
    expect(result.outputs['artifact-url']).toBe(`https://github.com/summit/example/actions/runs/4242/artifacts/${result.outputs['artifact-id']}`);
    // The summary is written after the upload, so it links to the artifact rather than a runner path.
    expect(result.summary).toContain(`are in the [uploaded report artifact](${result.outputs['artifact-url']}) (maestro-report).`);
  });

  test('a failing service is a warning; the failing verdict and exit code are unchanged', async () => {
    const service = await artifactService();
    service.fault({ method: 'POST', path: '/twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact', status: 403, body: '{"code":"permission_denied","msg":"no"}' });
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/failing-status/maestro.yml' }, env: service.env() });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ outcome: 'failed', message: "Run status is 'pending', must be 'succeeded'" });
    expect(result.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.startsWith('upload-report failed'))).toBe(true);
  });

  test('outside the Actions runtime it is skipped with a notice', async () => {
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml' } });
    expect(result.code).toBe(0);
    expect(result.annotations.some((annotation) => annotation.level === 'notice' && annotation.message.startsWith('upload-report skipped'))).toBe(true);
  });
});

describe('comment-on-pr', () => {
  test('creates one comment, then updates it on the next run', async () => {
    const api = await githubApi();
    const workspace = await exampleWorkspace();
    const env = { ...(await pullRequestEvent(workspace, 7)), GITHUB_API_URL: api.url };
    const inputs = { manifest: 'examples/failing-incomplete/maestro.yml', 'comment-on-pr': 'true', 'upload-report': 'false' };

    const first = await runAction({ workspace, inputs, env });
    expect(first.code).toBe(1);
    expect(api.comments('summit/example', 7)).toHaveLength(1);
    expect(api.comments('summit/example', 7)[0]!.body).toContain('No artifacts meet compliance requirements');

    const second = await runAction({ workspace, inputs: { ...inputs, manifest: 'examples/passing/maestro.yml' }, env });
    expect(second.code).toBe(0);
    const comments = api.comments('summit/example', 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('Release gate passed');
    expect(api.writes().map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  test('an invalid manifest after a pass replaces the ✅ comment with the error', async () => {
    const api = await githubApi();
    const workspace = await exampleWorkspace();
    const env = { ...(await pullRequestEvent(workspace, 9)), GITHUB_API_URL: api.url };
    const inputs = { manifest: 'examples/passing/maestro.yml', 'comment-on-pr': 'true', 'upload-report': 'false' };
    expect((await runAction({ workspace, inputs, env })).code).toBe(0);
    expect(api.comments('summit/example', 9)[0]!.body).toContain('## ✅ Release gate passed');

    await writeFile(path.join(workspace, 'broken.yml'), 'run:\n  id: r1\n  name: release\n  owner: team\n  status: banana\nartifacts: []\n');
    const broken = await runAction({ workspace, inputs: { ...inputs, manifest: 'broken.yml' }, env });

    expect(broken.code).toBe(1);
    expect(broken.outputs.outcome).toBe('error');
    const comments = api.comments('summit/example', 9);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).not.toContain('Release gate passed');
    expect(comments[0]!.body).toContain('## ❌ Release gate could not be evaluated');
    expect(comments[0]!.body).toContain('| broken.yml:5:11 | run.status |');
    expect(api.writes().map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  test.each([403, 404, 500])('an API %i is a warning that says how to fix it; the verdict stands', async (status) => {
    const api = await githubApi();
    api.fault({ method: 'POST', status, body: JSON.stringify({ message: 'nope' }) });
    const workspace = await exampleWorkspace();
    const env = { ...(await pullRequestEvent(workspace, 8)), GITHUB_API_URL: api.url };
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', 'comment-on-pr': 'true', 'upload-report': 'false' }, env });
    expect(result.code).toBe(0);
    expect(result.outputs.outcome).toBe('passed');
    const warning = result.annotations.find((annotation) => annotation.level === 'warning' && annotation.message.startsWith('comment-on-pr failed'));
    expect(warning?.message).toMatch(status === 500 ? /5\d\d|server/i : /pull-requests: write/);
  });

  test('on a push it does nothing', async () => {
    const api = await githubApi();
    const workspace = await exampleWorkspace();
    const result = await runAction({ workspace, inputs: { manifest: 'examples/passing/maestro.yml', 'comment-on-pr': 'true', 'upload-report': 'false' }, env: { GITHUB_API_URL: api.url } });
    expect(result.code).toBe(0);
    expect(api.requests).toEqual([]);
  });
});
