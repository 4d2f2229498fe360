/**
 * The runner's context, read once per run: the `GITHUB_*` variables the Action needs, and the
 * event payload, read on first use (a policy read or a PR comment) and then kept.
 */
import { readEventPayload } from '../deliver/comment.js';
import { workflowRunUrl } from '../deliver/urls.js';

export interface RunnerContext {
  /** `GITHUB_WORKSPACE`, or the working folder outside a runner. */
  workspace: string;
  /** `GITHUB_EVENT_NAME`, `''` when unset. */
  eventName: string;
  /** `GITHUB_REPOSITORY` (`owner/name`), `''` when unset. */
  repository: string;
  /** `GITHUB_API_URL`, GitHub.com's API when unset. */
  apiUrl: string;
  /** `GITHUB_SERVER_URL`, when set. */
  serverUrl: string | undefined;
  /** The workflow run's page, when the runner says where it is. */
  runUrl: string | undefined;
  /** `ACTIONS_RUNTIME_TOKEN` and `ACTIONS_RESULTS_URL` are set: artifacts can be uploaded. */
  artifactRuntime: boolean;
  /** `GITHUB_EVENT_PATH` parsed; undefined when missing or not JSON. */
  eventPayload(): Promise<unknown>;
}

export function readRunnerContext(env: NodeJS.ProcessEnv = process.env): RunnerContext {
  let payload: Promise<unknown> | undefined;
  const eventPath = env.GITHUB_EVENT_PATH;
  return {
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || undefined,
    runUrl: workflowRunUrl(env),
    artifactRuntime: Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL),
    eventPayload: () => (payload ??= readEventPayload(eventPath)),
  };
}
