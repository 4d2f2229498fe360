/**
 * The pull-request comment: one per pull request, created on the first run and updated on every
 * later one, found again by its hidden marker; on a verdict and on an error outcome alike, so no
 * earlier verdict stays in view once the manifest changed. Delivery is best effort: `commentOnPullRequest`
 * never throws and never decides the verdict; the caller turns `failed` into a warning.
 */
import { readFile } from 'node:fs/promises';
import { VERSION } from '../version.js';
import { describeError } from './reason.js';
import { COMMENT_MARKER } from '../report/comment.js';

/** Per request: a slow API delays the job's end by seconds, not until the Action's watchdog. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** The events whose payload names a pull request we may comment on. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

/** 300 pages of 100: a pull request with more comments is not searched further (and not commented on twice). */
const MAX_PAGES = 300;

/**
 * Authors whose marked comment we update. Anyone can post a comment that starts with our marker;
 * updating theirs would put our verdict under their name, where they could edit it. The token's
 * comments are by a bot (`github-actions[bot]`) or, with a personal token, by a member.
 */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export interface CommentOptions {
  /** `github-token`. */
  token: string;
  /** The comment as `src/report/comment.ts` renders it, starting with `COMMENT_MARKER`. */
  body: string;
  /** `GITHUB_EVENT_NAME`. */
  eventName: string;
  /** The parsed JSON of `GITHUB_EVENT_PATH` (see `readEventPayload`). */
  eventPayload: unknown;
  /** `GITHUB_REPOSITORY`: `owner/repo`. */
  repository: string;
  /** `GITHUB_API_URL`, e.g. `https://api.github.com`. */
  apiUrl: string;
  /** Per request; defaults to `DEFAULT_REQUEST_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export type CommentResult =
  | { status: 'created' | 'updated'; id: number; url: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

interface PullRequest {
  owner: string;
  repo: string;
  number: number;
}

/**
 * On `pull_request` and `pull_request_target`, writes `body` (a verdict or an error) as a comment on the pull
 * request: it updates our earlier comment (the first one, on any page, that starts with
 * `COMMENT_MARKER` and was written by a bot or a repository member) or creates one. On other
 * events the result is `skipped`. A refusal (401, 403, 404, 422), a server error, an unreachable
 * API or a request that takes longer than `timeoutMs` is `failed` with a one-line reason that says
 * how to fix it; the reason may quote the API's message, so escape it before logging. Never throws.
 */
export async function commentOnPullRequest(options: CommentOptions): Promise<CommentResult> {
  if (!PULL_REQUEST_EVENTS.includes(options.eventName)) {
    return { status: 'skipped', reason: `comments are written on pull_request and pull_request_target events, not on '${options.eventName}'` };
  }
  let step = 'preparing the comment';
  try {
    const target = pullRequestOf(options);
    if (typeof target === 'string') return { status: 'failed', reason: target };
    if (!options.token) return { status: 'failed', reason: 'github-token is empty: pass a token (the default is `${{ github.token }}`)' };
    const { body } = options;
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const api = await connect(options.token, options.apiUrl, timeoutMs);
    const where = `pull request #${target.number}`;

    step = `listing the comments on ${where}`;
    const existing = await findOurComment(api, target);
    if (existing !== undefined) {
      step = `updating comment ${existing} on ${where}`;
      const updated = await api.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: target.owner, repo: target.repo, comment_id: existing, body }).then(
        (response) => savedComment(response.data),
        (error: unknown) => {
          // Deleted since we listed it: write a new one rather than give up.
          if (statusOf(error) === 404) return undefined;
          throw error;
        },
      );
      if (updated !== undefined) return { status: 'updated', ...updated };
    }
    step = `creating a comment on ${where}`;
    const response = await api.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: target.owner, repo: target.repo, issue_number: target.number, body });
    return { status: 'created', ...savedComment(response.data) };
  } catch (error) {
    return { status: 'failed', reason: explain(error, step, options) };
  }
}

/** Reads and parses `GITHUB_EVENT_PATH`; undefined when it is unset, missing or not JSON. Never throws. */
export async function readEventPayload(eventPath: string | undefined = process.env.GITHUB_EVENT_PATH): Promise<unknown> {
  if (!eventPath) return undefined;
  try {
    return JSON.parse(await readFile(eventPath, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function pullRequestOf(options: CommentOptions): PullRequest | string {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(options.repository);
  if (!match) return `GITHUB_REPOSITORY is '${options.repository}', not 'owner/repo'`;
  const payload = options.eventPayload;
  const pullRequest = isRecord(payload) ? payload.pull_request : undefined;
  const number = isRecord(pullRequest) ? pullRequest.number : undefined;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    return `the ${options.eventName} event payload names no pull request (GITHUB_EVENT_PATH missing or unreadable?)`;
  }
  return { owner: match[1]!, repo: match[2]!, number };
}

/** What we need of Octokit; typed here so that `@actions/github` is only imported, lazily, by `connect`. */
interface Api {
  request(route: string, parameters: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

/** A request that `AbortSignal.timeout` ended: Octokit wraps the fetch's `TimeoutError` as a 500 without a response. */
function isTimeout(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth += 1) {
    if (current.name === 'TimeoutError') return true;
    current = current.cause;
  }
  return false;
}

async function connect(token: string, apiUrl: string, timeoutMs: number): Promise<Api> {
  // Loaded here so that runs without a comment do not load (or parse) Octokit.
  const { getOctokit } = await import('@actions/github');
  const octokit = getOctokit(token, {
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: `maestro-gate/${VERSION}`,
    // getOctokit adds neither the retry nor the throttling plugin today; should a version add
    // them, these keep a refused comment from turning into minutes of back-off.
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  // A deadline per request, set on the options that every hook and the fetch share. Passing
  // `request: { signal }` to getOctokit instead would replace its `request` defaults, which carry
  // the runner's proxy settings, and would give every request the same deadline.
  octokit.hook.before('request', (parameters) => {
    parameters.request = { ...parameters.request, signal: AbortSignal.timeout(timeoutMs) };
  });
  return octokit as unknown as Api;
}

/**
 * The id of our earlier comment: pages of 100, oldest first, following the `Link: rel="next"`
 * header to the end (our comment can be on any page of a long discussion).
 */
async function findOurComment(api: Api, target: PullRequest): Promise<number | undefined> {
  let route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
  let parameters: Record<string, unknown> = { owner: target.owner, repo: target.repo, issue_number: target.number, per_page: 100 };
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const response = await api.request(route, parameters);
    if (!Array.isArray(response.data)) throw new Error('the API did not answer with a list of comments');
    for (const comment of response.data as unknown[]) {
      if (isOurComment(comment)) return comment.id;
    }
    const next = nextPage(response.headers.link);
    if (next === undefined || response.data.length === 0) return undefined;
    // The next URL carries every parameter already.
    route = `GET ${next}`;
    parameters = {};
  }
  throw new Error(`gave up after ${MAX_PAGES} pages of comments, so as not to add a second comment`);
}

function isOurComment(comment: unknown): comment is { id: number } {
  if (!isRecord(comment) || typeof comment.id !== 'number' || typeof comment.body !== 'string') return false;
  if (!comment.body.trimStart().startsWith(COMMENT_MARKER)) return false;
  const user = comment.user;
  const byBot = isRecord(user) && user.type === 'Bot';
  return byBot || (typeof comment.author_association === 'string' && TRUSTED_ASSOCIATIONS.has(comment.author_association));
}

function nextPage(link: string | number | undefined): string | undefined {
  if (typeof link !== 'string') return undefined;
  return /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
}

function savedComment(data: unknown): { id: number; url: string } {
  if (!isRecord(data) || typeof data.id !== 'number') throw new Error('the API did not answer with the saved comment');
  return { id: data.id, url: typeof data.html_url === 'string' ? data.html_url : '' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Octokit's errors carry `status`; network errors come as a 500 without a `response`. */
function statusOf(error: unknown): number | undefined {
  if (!isRecord(error) || typeof error.status !== 'number') return undefined;
  return error.status === 500 && error.response === undefined ? undefined : error.status;
}

function apiMessage(error: unknown): string {
  const response = isRecord(error) ? error.response : undefined;
  const data = isRecord(response) ? response.data : undefined;
  const message = isRecord(data) && typeof data.message === 'string' ? data.message : '';
  return message === '' ? '' : `: ${describeError(message).slice(0, 200)}`;
}

const PERMISSIONS_FIX =
  'grant the job `permissions: pull-requests: write` (the comment is written with `github-token`); on pull requests from forks the token is read-only whatever the workflow asks for, so no comment can be written there and the verdict stays in the job summary';

function explain(error: unknown, step: string, options: CommentOptions): string {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (isTimeout(error)) return `GitHub's API gave no answer within ${timeoutMs / 1000} s while ${step}; the comment was not written`;
  const status = statusOf(error);
  const said = apiMessage(error);
  if (status === undefined) return `could not reach GitHub's API at ${options.apiUrl} while ${step}: ${describeError(error)}`;
  if (status === 401) return `GitHub rejected the token (401${said}) while ${step}: pass a valid \`github-token\` (the default \`\${{ github.token }}\` works)`;
  if (status === 403 || status === 404) return `GitHub refused access (${status}${said}) while ${step}: ${PERMISSIONS_FIX}`;
  if (status === 422) return `GitHub refused the comment (422${said}) while ${step}`;
  if (status >= 500) return `GitHub's API failed (${status}${said}) while ${step}; this is usually temporary: re-run the job`;
  return `GitHub answered ${status}${said} while ${step}`;
}
