/**
 * A policy file in the workspace, for events with no base commit to read it at (a push to a
 * protected branch, a release, a schedule: the workspace holds reviewed code then). Read through
 * the same confinement as evidence (no `..`, no symlink out, regular files only, bounded), and its
 * trust files from the workspace beside it.
 */
import { FileAccessError } from '../files/confined.js';
import { readConfinedFile } from '../files/read.js';
import { MAX_POLICY_BYTES, parsePolicyFile } from '../policy/load.js';
import type { TrustedPolicy, TrustFile } from '../policy/trusted.js';
import { gitBlobSha, PolicyReadCode, PolicyReadError } from './policy-errors.js';

export async function loadPolicyFromWorkspace(workspace: string, policyPath: string): Promise<TrustedPolicy> {
  const read = async (path: string, label: string) => {
    try {
      return await readConfinedFile(workspace, path, MAX_POLICY_BYTES);
    } catch (error) {
      if (!(error instanceof FileAccessError)) throw error;
      const code = error.code === 'FILE_NOT_FOUND' ? PolicyReadCode.NotFound : error.code === 'FILE_TOO_LARGE' ? PolicyReadCode.TooLarge : PolicyReadCode.NotAFile;
      throw new PolicyReadError(code, 'policy', `${label}: ${error.message}; the policy input names a file in the workspace (relative, inside it)`);
    }
  };
  const file = await read(policyPath, 'policy file');
  const parsed = await parsePolicyFile(file.bytes, { file: policyPath, maxBytes: MAX_POLICY_BYTES });
  const named = parsed.policy.trusted_keys.map((path, index) => ({ key: `trusted_keys[${index}]`, path }));
  if (parsed.policy.sigstore_trusted_root !== undefined) named.push({ key: 'sigstore_trusted_root', path: parsed.policy.sigstore_trusted_root });
  const trustFiles: TrustFile[] = [];
  for (const { key, path } of named) {
    const trust = await read(path, `${key} of ${policyPath}`);
    trustFiles.push({ key, path, bytes: trust.bytes, sha256: trust.sha256, blob_sha: gitBlobSha(trust.bytes) });
  }
  return {
    policy: parsed.policy,
    source: { kind: 'local-file', path: policyPath, sha256: parsed.sha256, blob_sha: gitBlobSha(file.bytes) },
    file: policyPath,
    locate: parsed.locate,
    trustFiles,
  };
}
