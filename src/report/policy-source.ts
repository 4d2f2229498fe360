/**
 * The wording, in one place, of where a run's rules came from (SPEC §4a), for every renderer:
 * plain text that each renderer escapes for its medium (Markdown or a log line).
 */
import type { RunVerdict } from '../core/check.js';

/** e.g. `trusted: org/policies:maestro-policy.yml at 1a2b3c4d5e6f (blob 9f8e…, sha256 …)`. */
export function policySourceText(verdict: Pick<RunVerdict, 'policySource'>): string {
  const source = verdict.policySource;
  if (source.kind === 'manifest') return "self-declared in the manifest (its author controls it; set the policy input to use a trusted policy file)";
  const where = source.kind === 'trusted' ? `${source.repository}:${source.path}` : source.path;
  const ref = source.ref === undefined ? 'in the workspace' : `at ${source.ref}`;
  const blob = source.blob_sha === undefined ? '' : `blob ${source.blob_sha}, `;
  return `trusted policy ${where} ${ref} (${blob}sha256 ${source.sha256})`;
}

/** One entry per trust file: `trusted_keys[0] keys/release.pub sha256 …`. */
export function trustFileTexts(verdict: Pick<RunVerdict, 'trustFiles'>): string[] {
  return verdict.trustFiles.map((file) => `${file.key} ${file.path} sha256 ${file.sha256}`);
}
