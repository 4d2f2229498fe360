/**
 * The trusted policy (SPEC §4a), read where the judged change cannot reach it: through the
 * GitHub contents API at a ref (the Action), or from the local repository as committed at a ref
 * (the CLI). The trust files it names are read from the same repository at the same ref. Every
 * failure is a PolicyReadError (or a ManifestError for a policy that does not validate): an
 * `error` outcome, never a fallback to the manifest's own policy.
 */
import { MAX_POLICY_BYTES, parsePolicyFile } from '../policy/load.js';
import type { PolicyFile } from '../policy/schema.js';
import type { TrustedPolicy, TrustFile } from '../policy/trusted.js';
import { POLICY_FILE_ROLE, PolicyReadCode, PolicyReadError, type FetchedFile, type FileRole } from './policy-errors.js';
import { readGitFile } from './policy-git.js';
import { readGitHubFile } from './policy-github.js';

export { DEFAULT_POLICY_TIMEOUT_MS, RAW_MEDIA_TYPE, readGitHubFile, type GitHubFileLocation } from './policy-github.js';
export { readGitFile, type GitFileLocation } from './policy-git.js';
export type { TrustedPolicy, TrustFile } from '../policy/trusted.js';
export { gitBlobSha, PolicyReadCode, PolicyReadError, type FetchedFile, type FileRole, type PolicyInput } from './policy-errors.js';

export interface GitHubPolicyOptions {
  apiUrl: string;
  token: string;
  /** `policy-repository`, `owner/name`. */
  repository: string;
  /** `policy`. */
  path: string;
  /** `policy-ref`, or the default from `defaultPolicyRef`. */
  ref: string;
  /** `GITHUB_REPOSITORY`: a policy there is named by its path alone, so annotations find it. */
  currentRepository?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface GitPolicyOptions {
  /** A folder inside the repository (the CLI's working folder). */
  cwd: string;
  path: string;
  ref: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Reads, parses and validates the policy from GitHub, then each trust file it names. */
export async function loadPolicyFromGitHub(options: GitHubPolicyOptions): Promise<TrustedPolicy> {
  const maxBytes = options.maxBytes ?? MAX_POLICY_BYTES;
  const read = (path: string, role: FileRole): Promise<FetchedFile> => readGitHubFile({ ...options, path, maxBytes }, role);
  const file = options.repository === options.currentRepository ? options.path : `${options.repository}:${options.path}`;
  const policyBytes = await read(options.path, POLICY_FILE_ROLE);
  const parsed = await parsePolicyFile(policyBytes.bytes, { file, maxBytes });
  return {
    policy: parsed.policy,
    source: { kind: 'trusted', repository: options.repository, path: options.path, ref: options.ref, blob_sha: policyBytes.blob_sha, sha256: policyBytes.sha256 },
    file,
    locate: parsed.locate,
    trustFiles: await readTrustFiles(parsed.policy, file, read),
  };
}

/** The CLI's `--policy-ref`: the policy as committed in the local repository, then its trust files. */
export async function loadPolicyFromGit(options: GitPolicyOptions): Promise<TrustedPolicy> {
  const maxBytes = options.maxBytes ?? MAX_POLICY_BYTES;
  const read = (path: string, role: FileRole): Promise<FetchedFile> => readGitFile({ ...options, path, maxBytes }, role);
  const policyBytes = await read(options.path, POLICY_FILE_ROLE);
  const parsed = await parsePolicyFile(policyBytes.bytes, { file: options.path, maxBytes });
  return {
    policy: parsed.policy,
    source: { kind: 'local-file', path: options.path, ref: options.ref, blob_sha: policyBytes.blob_sha, sha256: policyBytes.sha256 },
    file: options.path,
    locate: parsed.locate,
    trustFiles: await readTrustFiles(parsed.policy, options.path, read),
  };
}

/** Keys and the trusted root, one after another: there are a handful, and a failure names the first. */
async function readTrustFiles(policy: PolicyFile, file: string, read: (path: string, role: FileRole) => Promise<FetchedFile>): Promise<TrustFile[]> {
  const named: { key: string; path: string }[] = policy.trusted_keys.map((path, index) => ({ key: `trusted_keys[${index}]`, path }));
  if (policy.sigstore_trusted_root !== undefined) named.push({ key: 'sigstore_trusted_root', path: policy.sigstore_trusted_root });
  const files: TrustFile[] = [];
  for (const { key, path } of named) {
    // The reader's message says where it looked (repository and ref), never the workspace.
    const role: FileRole = { label: `${key} of ${file}`, input: 'policy' };
    const found = await read(path, role);
    files.push({ key, path, bytes: found.bytes, sha256: found.sha256, blob_sha: found.blob_sha });
  }
  return files;
}

/** Events whose payload names the pull request, and so its base commit. */
const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];

/**
 * Events that often run on a pull request's code without naming a base commit the policy could
 * be read at (a workflow that checks out the head of `workflow_run` or an `issue_comment`
 * command): the workspace may be the pull request's own, so the policy's ref must be given.
 */
const AMBIGUOUS_EVENTS: readonly string[] = ['workflow_run', 'issue_comment', 'repository_dispatch'];

/**
 * The ref the policy is read at when `policy-ref` is not given: on pull-request events the base
 * commit, so a change to the policy in the pull request itself has no effect until it is merged;
 * in a merge queue the queue's base commit; on push, release, schedule and manual events
 * undefined (the caller reads the workspace file, which holds reviewed code there). A
 * pull-request payload without a base sha, or an event that may run on pull-request code, is an
 * error: falling back to the workspace would let the pull request write its own rules.
 */
export function defaultPolicyRef(eventName: string, eventPayload: unknown): string | undefined {
  const isSha = (value: unknown): value is string => typeof value === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
  if (eventName === 'merge_group') {
    const sha = field(field(eventPayload, 'merge_group'), 'base_sha');
    if (isSha(sha)) return sha.toLowerCase();
    throw new PolicyReadError(PolicyReadCode.InvalidInput, 'policy-ref', 'the merge_group event payload has no merge_group.base_sha to read the policy at; set policy-ref to the protected branch, e.g. main');
  }
  if (AMBIGUOUS_EVENTS.includes(eventName)) {
    throw new PolicyReadError(
      PolicyReadCode.InvalidInput,
      'policy-ref',
      `on ${eventName} events the workspace may hold a pull request's code, so the policy is not read from it; set policy-ref to the protected branch that holds the reviewed policy, e.g. main`,
    );
  }
  if (!PULL_REQUEST_EVENTS.includes(eventName)) return undefined;
  const pullRequest = field(eventPayload, 'pull_request');
  const sha = field(field(pullRequest, 'base'), 'sha');
  if (isSha(sha)) return sha.toLowerCase();
  throw new PolicyReadError(
    PolicyReadCode.InvalidInput,
    'policy-ref',
    `the ${eventName} event payload has no pull_request.base.sha to read the policy at; set policy-ref to the commit or branch that holds the reviewed policy`,
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
