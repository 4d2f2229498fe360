/**
 * The attestations GitHub holds for one artifact digest:
 * `GET {apiUrl}/repos/{owner}/{repo}/attestations/sha256:{digest}`, followed through its `Link:
 * rel="next"` pages. Each entry carries its Sigstore bundle inline, or (as GitHub answers today)
 * only a short-lived `bundle_url` to a raw-Snappy copy, which is fetched without the token.
 * Every request has a deadline and every body a size cap; a failure is classified, never thrown
 * at the caller, so the evidence layer decides what it costs (SPEC §5a).
 */
import { MAX_ATTESTATIONS, type AttestationFetch, type AttestationSource } from '../evidence/attestations.js';
import type { TufRepository } from './sigstore-tuf.js';
import { readCappedBody } from './capped-body.js';

export const DEFAULT_ATTESTATIONS_TIMEOUT_MS = 15_000;
/** A page of 100 bundles is about 1 MiB; 8 MiB leaves room without inviting a flood. */
const MAX_PAGE_BYTES = 8 * 1024 * 1024;
const MAX_BUNDLE_BYTES = 1024 * 1024;
const MAX_PAGES = 10;

export interface AttestationsApi {
  /** `GITHUB_API_URL`. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  timeoutMs?: number;
}

class ApiFailure extends Error {
  constructor(
    readonly kind: 'none' | 'forbidden' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

export async function fetchAttestations(api: AttestationsApi, sha256: string): Promise<AttestationFetch> {
  const base = api.apiUrl.replace(/\/+$/, '');
  let url: string | undefined = `${base}/repos/${api.repository}/attestations/sha256:${sha256}?per_page=100`;
  const what = `the attestations of sha256:${sha256} in ${api.repository}`;
  const bundles: unknown[] = [];
  try {
    for (let page = 0; url !== undefined && page < MAX_PAGES && bundles.length < MAX_ATTESTATIONS; page++) {
      const response = await request(url, api, what, true);
      const answer = parseJson(await readCapped(response, MAX_PAGE_BYTES, what), what);
      const entries = typeof answer === 'object' && answer !== null ? (answer as { attestations?: unknown }).attestations : undefined;
      if (!Array.isArray(entries)) throw new ApiFailure('unavailable', `the GitHub API answered for ${what} without an attestations list: check that GITHUB_API_URL is the GitHub API`);
      for (const entry of entries.slice(0, MAX_ATTESTATIONS - bundles.length)) bundles.push(await bundleOf(entry, api, what));
      url = nextPage(response.headers.get('link'), base);
    }
  } catch (error) {
    if (error instanceof ApiFailure) return { kind: error.kind, reason: error.message };
    throw error;
  }
  if (bundles.length === 0) return { kind: 'none', reason: `GitHub holds no attestation for sha256:${sha256} in ${api.repository}` };
  return { kind: 'found', bundles };
}

/** An entry's bundle; one that cannot be had stays in the list as a reason, judged as a rejected bundle. */
async function bundleOf(entry: unknown, api: AttestationsApi, what: string): Promise<unknown> {
  const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  if (typeof record.bundle === 'object' && record.bundle !== null) return record.bundle;
  if (typeof record.bundle_url !== 'string' || !/^https?:\/\//.test(record.bundle_url)) return 'entry has neither a bundle nor a bundle_url';
  // The URL is signed for this one blob: the token never goes with it.
  const response = await request(record.bundle_url, api, `a bundle of ${what}`, false);
  const bytes = await readCapped(response, MAX_BUNDLE_BYTES, `a bundle of ${what}`);
  let text: string;
  try {
    // GitHub stores bundles raw-Snappy-compressed (`….json.sn`); a plain JSON copy is taken as is.
    // Loaded only here: a run without attestations never evaluates it.
    text = bytes[0] === 0x7b ? bytes.toString('utf8') : Buffer.from((await import('snappyjs')).default.uncompress(bytes, MAX_BUNDLE_BYTES)).toString('utf8');
  } catch (error) {
    return `bundle_url answer is not Snappy-compressed JSON (${(error as Error).message})`;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return 'bundle_url answer is not JSON';
  }
}

async function request(url: string, api: AttestationsApi, what: string, withToken: boolean): Promise<Response> {
  const timeoutMs = api.timeoutMs ?? DEFAULT_ATTESTATIONS_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'maestro-gate' };
  if (withToken && api.token !== '') headers.authorization = `Bearer ${api.token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: withToken ? 'error' : 'follow' });
  } catch (error) {
    if (signal.aborted) throw new ApiFailure('unavailable', `reading ${what} took longer than ${timeoutMs / 1000} s: ${api.apiUrl} is slow or unreachable; run the job again`);
    throw new ApiFailure('unavailable', `cannot reach ${new URL(url).origin} to read ${what} (${describeCause(error)})`);
  }
  if (response.ok) return response;
  await response.body?.cancel().catch(() => undefined);
  const status = response.status;
  if (status === 404 && withToken) throw new ApiFailure('none', `GitHub holds no attestation for ${what.replace(/^the attestations of /, '')} (404)`);
  if (status === 401) throw new ApiFailure('forbidden', `the GitHub API refused github-token while reading ${what} (401): the token is invalid or expired`);
  if (status === 403 || status === 429) {
    const limited = status === 429 || response.headers.get('x-ratelimit-remaining') === '0';
    throw new ApiFailure(
      limited ? 'unavailable' : 'forbidden',
      limited
        ? `the GitHub API rate limit stops reading ${what} (${status}): run the job again later`
        : `the token may not read ${what} (403): add \`permissions: attestations: read\` (and \`contents: read\`) to the job that runs the gate`,
    );
  }
  throw new ApiFailure('unavailable', `the GitHub API failed while reading ${what} (${status}): run the job again`);
}

/** The `rel="next"` URL, only when it stays on the API's origin: the token must never leave it. */
function nextPage(link: string | null, base: string): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (match && /\brel="?next"?/.test(match[2] ?? '')) {
      const next = new URL(match[1] as string, base);
      if (next.origin !== new URL(base).origin) throw new ApiFailure('unavailable', `the GitHub API's next page points to ${next.origin}, outside ${new URL(base).origin}; refused`);
      return next.href;
    }
  }
  return undefined;
}

async function readCapped(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  try {
    return await readCappedBody(response, maxBytes, (size) => new ApiFailure('unavailable', `${what}: the answer is ${size}; refused`));
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure('unavailable', `reading ${what} failed (${describeCause(error)}): run the job again`);
  }
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ApiFailure('unavailable', `the GitHub API answered for ${what} with something that is not JSON: check that GITHUB_API_URL is the GitHub API`);
  }
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

export interface GitHubAttestationOptions extends AttestationsApi {
  warn(message: string): void;
  /** The TUF cache folder; `RUNNER_TEMP` on a runner. */
  tufCacheRoot?: string;
  /** Only for tests (a local mirror): the shells always use Sigstore's and GitHub's repositories. */
  tufRepositories?: readonly TufRepository[];
}

/**
 * The attestation source the Action and the CLI hand to the core: the API above, and the
 * trusted roots through TUF, fetched only when an artifact has attestations to judge.
 */
export function githubAttestationSource(options: GitHubAttestationOptions): AttestationSource {
  return {
    repository: options.repository,
    fetchAttestations: (sha256) => fetchAttestations(options, sha256),
    defaultTrustedRoots: async () =>
      (await import('./sigstore-tuf.js')).trustedRootsFromTuf({
        ...(options.tufCacheRoot === undefined ? {} : { cacheRoot: options.tufCacheRoot }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(options.tufRepositories === undefined ? {} : { repositories: options.tufRepositories }),
        onWarning: options.warn,
      }),
    warn: options.warn,
  };
}
