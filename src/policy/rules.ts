/**
 * What the merge needs of the policy file at run time, without its zod schema: the policy
 * modules the gate loads on every run stay free of schema construction (start-up cost); the
 * schema is built only when a policy file is parsed.
 */
import type { Policy } from '../model/schema.js';
import type { PolicyFile } from './schema.js';

/** Rules that can never be delegated to a manifest, with the reason an error message gives. */
export const NEVER_MANIFEST_WAIVABLE: Readonly<Record<string, string>> = {
  run_succeeded: 'a manifest can never waive run_succeeded: the run it describes must have succeeded',
  has_artifacts: 'has_artifacts is not a rule that can be waived: no policy lets a run with no artifacts pass',
};

/** The gate's part of a policy file: what `evaluateReleaseGate` takes. */
export function gatePolicyOf(file: PolicyFile): Policy {
  const policy: Partial<PolicyFile> = { ...file };
  delete policy.version;
  delete policy.manifest_waivers;
  return policy as Policy;
}
