/**
 * Why a trusted policy (or a trust file it names) could not be read. Each is an `error` outcome
 * for the caller, never a fallback to the manifest's own policy (SPEC §4a): the message names
 * the input to fix and how.
 */
import { createHash } from 'node:crypto';

/** The inputs a reader failure can be fixed in. */
export type PolicyInput = 'policy' | 'policy-ref' | 'policy-repository' | 'github-token';

/** Stable codes, for the JSON report and tests; never rename one. */
export const PolicyReadCode = {
  InvalidInput: 'POLICY_INVALID_INPUT',
  NotFound: 'POLICY_NOT_FOUND',
  RefNotFound: 'POLICY_REF_NOT_FOUND',
  Unauthorized: 'POLICY_UNAUTHORIZED',
  Forbidden: 'POLICY_FORBIDDEN',
  RateLimited: 'POLICY_RATE_LIMITED',
  ServerError: 'POLICY_SERVER_ERROR',
  Unreachable: 'POLICY_UNREACHABLE',
  Timeout: 'POLICY_TIMEOUT',
  TooLarge: 'POLICY_TOO_LARGE',
  NotAFile: 'POLICY_NOT_A_FILE',
  UnexpectedAnswer: 'POLICY_UNEXPECTED_ANSWER',
  GitFailed: 'POLICY_GIT_FAILED',
} as const;
export type PolicyReadCode = (typeof PolicyReadCode)[keyof typeof PolicyReadCode];

export class PolicyReadError extends Error {
  override readonly name = 'PolicyReadError';
  constructor(
    readonly code: PolicyReadCode,
    /** The input whose value led here. */
    readonly input: PolicyInput,
    message: string,
  ) {
    super(message);
  }
}

/** What a reader hands back: the bytes exactly as committed, and their digests. */
export interface FetchedFile {
  bytes: Buffer;
  /** Hex sha256 of `bytes`. */
  sha256: string;
  /** The git blob id of `bytes` at the ref read. */
  blob_sha: string;
}

/** Which file a read is for, so that a message names it and the input to fix. */
export interface FileRole {
  /** e.g. `policy file` or `trusted_keys[0] of .github/maestro-policy.yml`. */
  label: string;
  input: PolicyInput;
}

export const POLICY_FILE_ROLE: FileRole = { label: 'policy file', input: 'policy' };

/**
 * Git's object id of a blob: the hash of `blob <size>\0<bytes>`, SHA-1 unless the repository
 * uses SHA-256 object names (`algorithm`).
 */
export function gitBlobSha(bytes: Buffer, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function fetched(bytes: Buffer, blobSha: string): FetchedFile {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), blob_sha: blobSha };
}

/** A ref as a value we may put in a URL or a git argument: no option look-alike, no control character. */
export function checkRef(ref: string): void {
  if (ref.trim() === '' || ref.startsWith('-') || /[\u0000-\u001f\u007f:\s]/.test(ref)) {
    throw new PolicyReadError(
      PolicyReadCode.InvalidInput,
      'policy-ref',
      `policy-ref ${JSON.stringify(ref)} is not a git ref: give a commit sha, a branch or a tag (no spaces, no ':', not starting with '-')`,
    );
  }
}
