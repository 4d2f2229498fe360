/**
 * The trust material provenance signatures are checked against: the PEM keys and the Sigstore
 * trusted root that the policy names. From a trusted policy they are the bytes read with it (from
 * its repository at its ref); from a manifest's own policy they are workspace files. A file that
 * cannot be read or used is the policy's error, reported before any statement is judged.
 */
import { ErrorCode, ManifestError, type ManifestIssue } from '../errors.js';
import { FileAccessError } from '../files/confined.js';
import { readConfinedFile } from '../files/read.js';
import type { Policy } from '../model/schema.js';
import type { FactOptions } from './facts.js';
import { parseStrictJson } from './json.js';
import { DEFAULT_MAX_EVIDENCE_BYTES } from './limits.js';
import type { SignatureTrust } from './types.js';

export async function loadSignatureTrust(policy: Policy, options: FactOptions): Promise<SignatureTrust & { files: { key: string; path: string; sha256: string }[] }> {
  const issues: ManifestIssue[] = [];
  const file = options.trustFiles ? (options.policyFile ?? '(policy)') : (options.manifestFile ?? '(manifest)');
  const prefix = options.trustFiles ? '' : 'policy.';
  const files: { key: string; path: string; sha256: string }[] = [];
  const read = async (path: string, key: string): Promise<Buffer | undefined> => {
    if (options.trustFiles) {
      const found = options.trustFiles.find((trustFile) => trustFile.key === key);
      if (found === undefined) {
        issues.push({ code: ErrorCode.FileNotFound, file, path: key, message: `${path} was not read with the policy` });
        return undefined;
      }
      files.push({ key, path, sha256: found.sha256 });
      return found.bytes;
    }
    try {
      const evidence = await readConfinedFile(options.workspace, path, options.maxEvidenceBytes ?? DEFAULT_MAX_EVIDENCE_BYTES);
      files.push({ key: `${prefix}${key}`, path, sha256: evidence.sha256 });
      return evidence.bytes;
    } catch (error) {
      if (!(error instanceof FileAccessError)) throw error;
      issues.push({ code: error.code === 'FILE_NOT_FOUND' ? ErrorCode.FileNotFound : ErrorCode.FileUnreadable, file, path: `${prefix}${key}`, message: error.message });
      return undefined;
    }
  };
  const keys: { path: string; pem: string }[] = [];
  for (const [index, path] of policy.trusted_keys.entries()) {
    const key = await read(path, `trusted_keys[${index}]`);
    if (key) keys.push({ path, pem: key.toString('utf8') });
  }
  let trustedRoot: unknown;
  if (policy.sigstore_trusted_root !== undefined) {
    const root = await read(policy.sigstore_trusted_root, 'sigstore_trusted_root');
    if (root) {
      // Duplicate keys refused here too: a second `tlogs` must not quietly replace the first.
      const parsed = parseStrictJson(root.toString('utf8'));
      if (parsed.ok) trustedRoot = parsed.value;
      else issues.push({ code: ErrorCode.ParseError, file, path: `${prefix}sigstore_trusted_root`, message: `${policy.sigstore_trusted_root}: ${parsed.reason}` });
    }
  }
  // Unusable trust material (a private key, a weak RSA key, a malformed root) is the policy's
  // error, reported as such before any statement is judged against it.
  const { parseTrustedKeys, TrustMaterialError } = await import('./dsse.js');
  try {
    parseTrustedKeys(keys);
    if (trustedRoot !== undefined) (await import('./sigstore.js')).loadTrustedRoot(trustedRoot);
  } catch (error) {
    if (!(error instanceof TrustMaterialError)) throw error;
    issues.push({ code: ErrorCode.InvalidValue, file, path: prefix === '' ? '(policy)' : 'policy', message: error.message });
  }
  if (issues.length > 0) throw new ManifestError(issues);
  return { keys, identities: policy.sigstore_identities, requireSignatures: policy.require_signatures, files, ...(trustedRoot === undefined ? {} : { trustedRoot }) };
}
