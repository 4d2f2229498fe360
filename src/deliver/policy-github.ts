/**
 * One file of a repository at a ref, through the GitHub contents API, as raw bytes: no checkout
 * of the policy's repository is needed, and the ref is the one asked for, never the workspace.
 * Bounded in time (one deadline for the request and the body) and in size (counted while the
 * body streams, so an endless answer is cut at the cap).
 */
import { classifyLocation } from '../files/locations.js';
import { checkRef, fetched, gitBlobSha, PolicyReadCode, PolicyReadError, type FetchedFile, type FileRole } from './policy-errors.js';
import { readCappedBody } from './capped-body.js';

export const DEFAULT_POLICY_TIMEOUT_MS = 15_000;
export const RAW_MEDIA_TYPE = 'application/vnd.github.raw+json';
const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** Enough of an error answer to quote GitHub's message, never more. */
const MAX_ERROR_BODY = 16 * 1024;

export interface GitHubFileLocation {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com`. */
  apiUrl: string;
  /** `github-token`. */
  token: string;
  /** `owner/name`. */
  repository: string;
  /** Path in the repository. */
  path: string;
  ref: string;
  /** The cap on the file's bytes. */
  maxBytes: number;
  timeoutMs?: number;
}

/**
 * `GET {apiUrl}/repos/{owner}/{repo}/contents/{path}?ref={ref}` with the raw media type. The
 * blob sha is computed from the bytes (git's `blob <size>\0` SHA-1): it is what the API's `sha`
 * field holds, and what a raw answer's ETag carries, but the ETag is not documented as such, and
 * computing it needs no second request. A JSON answer (a proxy or an API version that ignores
 * the media type) is accepted when it is a base64 file whose decoded size and sha agree.
 */
export async function readGitHubFile(location: GitHubFileLocation, role: FileRole): Promise<FetchedFile> {
  const { repository, path, ref } = location;
  if (!REPOSITORY_PATTERN.test(repository)) {
    throw new PolicyReadError(PolicyReadCode.InvalidInput, 'policy-repository', `policy-repository ${JSON.stringify(repository)} is not owner/name (e.g. my-org/policies)`);
  }
  const where = classifyLocation(path);
  if (where.kind !== 'local') {
    throw new PolicyReadError(PolicyReadCode.InvalidInput, role.input, `${role.label} ${JSON.stringify(path)} is not a path in ${repository}: give a relative path with '/' (no '..', no URI)`);
  }
  checkRef(ref);
  if (location.token === '') throw new PolicyReadError(PolicyReadCode.InvalidInput, 'github-token', 'github-token is empty: the policy is read through the GitHub API; pass a token (the default is `${{ github.token }}`)');

  const what = `${role.label} ${where.path} in ${repository} at ${ref}`;
  const timeoutMs = location.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS;
  const url = `${location.apiUrl.replace(/\/+$/, '')}/repos/${repository}/contents/${where.path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`;
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = (): PolicyReadError =>
    new PolicyReadError(PolicyReadCode.Timeout, role.input, `reading ${what} took longer than ${timeoutMs / 1000} s: ${location.apiUrl} is slow or unreachable; run the job again`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: RAW_MEDIA_TYPE, authorization: `Bearer ${location.token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'maestro-gate' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new PolicyReadError(PolicyReadCode.Unreachable, role.input, `cannot reach ${location.apiUrl} to read ${what} (${describeCause(error)})`);
  }
  try {
    if (!response.ok) throw await statusError(response, what, role, repository);
    const bytes = await readCapped(response, location.maxBytes, what, role);
    const type = response.headers.get('content-type') ?? '';
    // A raw answer is the file; only a JSON answer can be the API's description of it instead.
    if (/^application\/(vnd\.github[^;]*\+)?json\b/i.test(type) && !/\braw\b/i.test(type)) return fromJsonAnswer(bytes, location.maxBytes, what, role);
    return fetched(bytes, gitBlobSha(bytes));
  } catch (error) {
    if (error instanceof PolicyReadError) throw error;
    if (signal.aborted) throw timedOut();
    throw new PolicyReadError(PolicyReadCode.Unreachable, role.input, `reading ${what} from ${location.apiUrl} failed (${describeCause(error)})`);
  }
}

/** The body, refused as soon as it passes `maxBytes`, with a message for a policy or trust file. */
function readCapped(response: Response, maxBytes: number, what: string, role: FileRole): Promise<Buffer> {
  return readCappedBody(
    response,
    maxBytes,
    (size) => new PolicyReadError(PolicyReadCode.TooLarge, role.input, `${what} is ${size}, over the limit of ${maxBytes} bytes: a policy or trust file this large is a mistake; name the right file`),
  );
}

/** The contents API's JSON: a file in base64 is decoded and checked; a listing or a link is refused. */
function fromJsonAnswer(body: Buffer, maxBytes: number, what: string, role: FileRole): FetchedFile {
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    // A JSON content type on bytes that are not JSON: the file itself, served raw.
    return fetched(body, gitBlobSha(body));
  }
  const notAFile = (kind: string): PolicyReadError =>
    new PolicyReadError(PolicyReadCode.NotAFile, role.input, `${what} is ${kind}, not a file: name the file itself (e.g. .github/maestro-policy.yml)`);
  if (Array.isArray(answer)) throw notAFile('a directory');
  const entry = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (typeof entry.type !== 'string' || typeof entry.sha !== 'string') {
    // Not the API's description of a file: a JSON file served raw under a JSON content type.
    return fetched(body, gitBlobSha(body));
  }
  if (entry.type === 'dir') throw notAFile('a directory');
  if (entry.type === 'symlink') throw notAFile(`a symbolic link${typeof entry.target === 'string' ? ` to ${JSON.stringify(entry.target)}` : ''}`);
  if (entry.type !== 'file') throw notAFile(`a ${entry.type}`);
  const size = typeof entry.size === 'number' ? entry.size : Number.NaN;
  if (size > maxBytes) throw new PolicyReadError(PolicyReadCode.TooLarge, role.input, `${what} is ${size} bytes, over the limit of ${maxBytes} bytes: name the right file`);
  const unexpected = (why: string): PolicyReadError =>
    new PolicyReadError(PolicyReadCode.UnexpectedAnswer, role.input, `the GitHub API answered for ${what} with JSON where the raw file was asked for, and ${why}; check that ${'`'}GITHUB_API_URL${'`'} is the GitHub API`);
  if (entry.encoding !== 'base64' || typeof entry.content !== 'string') throw unexpected(`its encoding is ${JSON.stringify(entry.encoding)}, not base64`);
  const text = (entry.content as string).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw unexpected('its content is not valid base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== size) throw unexpected(`its content decodes to ${bytes.length} bytes where its size says ${String(entry.size)}`);
  const blobSha = gitBlobSha(bytes);
  if (entry.sha.toLowerCase() !== blobSha) throw unexpected(`its content does not hash to its sha ${entry.sha}`);
  return fetched(bytes, blobSha);
}

async function statusError(response: Response, what: string, role: FileRole, repository: string): Promise<PolicyReadError> {
  const said = await githubMessage(response);
  const status = response.status;
  const headers = response.headers;
  if (status === 404) {
    return new PolicyReadError(
      PolicyReadCode.NotFound,
      role.input,
      `${what} was not found (404${said}): check the path (${role.input}) and the ref (policy-ref) exist in ${repository}; a private repository the token cannot see answers 404 too: give github-token \`contents: read\` on ${repository}`,
    );
  }
  if (status === 401) {
    return new PolicyReadError(PolicyReadCode.Unauthorized, 'github-token', `the GitHub API refused the token while reading ${what} (401${said}): github-token is invalid or expired; pass a valid token`);
  }
  const rateLimited = status === 429 || (status === 403 && (headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after')));
  if (rateLimited) {
    const reset = Number(headers.get('x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : headers.has('retry-after') ? ` for ${headers.get('retry-after')} s` : '';
    return new PolicyReadError(PolicyReadCode.RateLimited, 'github-token', `the GitHub API rate limit stops reading ${what}${when} (${status}${said}): run the job again later, or use a token with a higher limit`);
  }
  if (status === 403) {
    return new PolicyReadError(
      PolicyReadCode.Forbidden,
      'github-token',
      `the token may not read ${what} (403${said}): give github-token \`contents: read\` on ${repository} (\`permissions: contents: read\` in the workflow; for another repository, a token or GitHub App installed on it)`,
    );
  }
  if (status >= 500) return new PolicyReadError(PolicyReadCode.ServerError, role.input, `the GitHub API failed while reading ${what} (${status}${said}): run the job again`);
  return new PolicyReadError(PolicyReadCode.UnexpectedAnswer, role.input, `the GitHub API answered ${status} for ${what}${said ? ` (${said.slice(2)})` : ''}`);
}

/** `: <message>` from a GitHub error answer, one line and short; empty when there is none. */
async function githubMessage(response: Response): Promise<string> {
  try {
    const body = await readCapped(response, MAX_ERROR_BODY, 'error answer', { label: '', input: 'policy' });
    const message = (JSON.parse(body.toString('utf8')) as { message?: unknown }).message;
    return typeof message === 'string' && message.trim() !== '' ? `: ${message.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
  } catch {
    await response.body?.cancel().catch(() => undefined);
    return '';
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
