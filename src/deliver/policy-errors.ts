/**
 * Why a trusted policy (or a trust file it names) could not be read. Each is an `error` outcome
 * for the caller, never a fallback to the manifest's own policy (SPEC §4a): the message names
 * the input to fix and how.
 */
import { createHash } from 'node:crypto';

export { PolicyReadCode, PolicyReadError, type PolicyInput } from '../errors.js';
import { PolicyReadCode, PolicyReadError, type PolicyInput } from '../errors.js';

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
