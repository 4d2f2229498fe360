/**
 * A trusted policy as the core receives it: validated, with where it came from and the bytes of
 * every trust file it names, read from the same source (never from the judged workspace when the
 * policy came from a ref). The readers in deliver/ (GitHub, git) and files/ (a workspace file)
 * produce it; the core only reads it.
 */
import type { KeyPath, Position } from '../manifest/parse.js';
import type { PolicySource } from './merge.js';
import type { PolicyFile } from './schema.js';

/** A trust file the policy names, as read at the policy's ref. */
export interface TrustFile {
  /** The policy key that names it, e.g. `trusted_keys[1]` or `sigstore_trusted_root`. */
  key: string;
  path: string;
  bytes: Buffer;
  sha256: string;
  blob_sha: string;
}

export interface TrustedPolicy {
  policy: PolicyFile;
  source: Extract<PolicySource, { kind: 'trusted' | 'local-file' }>;
  /** How issues and messages name the policy file. */
  file: string;
  /** Where a key path of the policy file is written, for annotations. */
  locate(keyPath: KeyPath): Position;
  trustFiles: TrustFile[];
}


export { PolicyFileError } from '../errors.js';
