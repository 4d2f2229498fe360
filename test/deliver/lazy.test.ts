/**
 * Delivery loads its heavy clients only when it uses them: importing the modules, a skipped
 * comment or a skipped upload never loads `@actions/github` (Octokit) or `@actions/artifact`
 * (zip, Azure and protobuf stacks), which the bundle keeps in chunks of their own.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { commentOnPullRequest } from '../../src/deliver/comment.js';
import { uploadReport } from '../../src/deliver/upload.js';
import { readRunnerContext } from '../../src/action/context.js';
import { renderComment } from '../../src/report/comment.js';
import { startFakeGitHubApi } from '../fakes/github-api.js';
import { checkExample } from './results.js';

const loaded = vi.hoisted(() => new Set<string>());

vi.mock('@actions/github', async (importOriginal) => {
  loaded.add('@actions/github');
  return importOriginal();
});
vi.mock('@actions/artifact', async (importOriginal) => {
  loaded.add('@actions/artifact');
  return importOriginal();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

it('skipped deliveries load neither client; a comment loads Octokit only', async () => {
  const result = await checkExample('passing');
  const body = renderComment({ result, outcome: 'passed', advisory: false });
  const base = { token: 't', body, eventPayload: { pull_request: { number: 1 } }, repository: 'o/r' } as const;
  vi.stubEnv('ACTIONS_RUNTIME_TOKEN', '');

  expect(await commentOnPullRequest({ ...base, eventName: 'push', apiUrl: 'http://127.0.0.1:9' })).toMatchObject({ status: 'skipped' });
  expect(await uploadReport({ runner: readRunnerContext(process.env), name: 'report', reportDir: '.' })).toMatchObject({ status: 'skipped' });
  expect(loaded).toEqual(new Set());

  const api = await startFakeGitHubApi();
  try {
    expect(await commentOnPullRequest({ ...base, eventName: 'pull_request', apiUrl: api.url })).toMatchObject({ status: 'created' });
  } finally {
    await api.close();
  }
  expect(loaded).toEqual(new Set(['@actions/github']));
});
