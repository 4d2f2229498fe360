/**
 * The trusted policy file (SPEC §4a): the manifest's `policy:` shape, owned by the people who
 * own the rules, plus `manifest_waivers`, the rules a manifest may still waive for itself.
 * Waivers are the manifest's (`has_artifacts` is no rule at all, so no policy can pass a run
 * with nothing to release).
 *
 * Strict like the manifest: an unknown key is an error. Paths in it (`trusted_keys`,
 * `sigstore_trusted_root`) name files in the policy's own repository, read at the same ref as
 * the policy file, never files in the workspace the pull request controls.
 */
import { z } from 'zod';
import { classifyLocation } from '../files/locations.js';
import { quoteForIssue } from '../manifest/parse.js';
import { Policy, WAIVABLE_RULES, type WaivableRule } from '../model/schema.js';

/**
 * Rules a policy may let manifests waive. `run_succeeded` never: the run's own status is the one
 * thing the judged change must not talk its way past.
 */
export const MANIFEST_WAIVABLE_RULES = WAIVABLE_RULES.filter((rule): rule is Exclude<WaivableRule, 'run_succeeded'> => rule !== 'run_succeeded');
export const ManifestWaivableRule = z.enum(MANIFEST_WAIVABLE_RULES);
export type ManifestWaivableRule = z.infer<typeof ManifestWaivableRule>;


/** A file in the policy's repository: relative, `/`-separated, no `..`, never a URI. */
const RepositoryPath = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((value, context) => {
    const location = classifyLocation(value);
    if (location.kind === 'unsafe') context.addIssue({ code: 'custom', message: `${quoteForIssue(value)} ${location.reason.replace('workspace', "policy's repository")}` });
    if (location.kind === 'remote') {
      context.addIssue({ code: 'custom', message: `${quoteForIssue(value)} is a URI; name a file in the policy's repository (read at the policy's ref; URIs are never fetched)` });
    }
  });

const policyShape = Policy.shape;

export const PolicyFile = z
  .strictObject({
    version: z.literal(1).optional(),
    ...policyShape,
    /** PEM public keys: files in the policy's repository. */
    trusted_keys: z.array(RepositoryPath).default([]),
    /** A Sigstore trusted_root.json: a file in the policy's repository. */
    sigstore_trusted_root: RepositoryPath.optional(),
    /** Rules a manifest may waive for itself; every other manifest waiver has no effect. */
    manifest_waivers: z
      .array(ManifestWaivableRule)
      .refine((rules) => new Set(rules).size === rules.length, 'must not repeat a rule')
      .default([]),
  })
  .superRefine((policy, context) => {
    if (policy.sigstore_trusted_root !== undefined && policy.sigstore_identities.length === 0) {
      context.addIssue({ code: 'custom', path: ['sigstore_trusted_root'], message: 'needs sigstore_identities: a trusted root alone accepts a bundle signed by anyone' });
    }
  });
export type PolicyFile = z.infer<typeof PolicyFile>;

/** The keys a policy file accepts, for messages. */
export const POLICY_FILE_KEYS: readonly string[] = Object.keys(PolicyFile.shape);

export { gatePolicyOf, NEVER_MANIFEST_WAIVABLE } from './rules.js';
