/** The trusted policy for `check --policy` and `serve --policy` (SPEC §4a). */
import { InputError, ManifestError } from '../errors.js';
import { PolicyFileError, type TrustedPolicy } from '../policy/trusted.js';

/**
 * The CLI's trusted policy: `--policy FILE` alone reads the file in the workspace; with
 * `--policy-ref REF` it is read as committed at REF in the local repository (through git as a
 * child process with arguments, never a shell), with its trust files from the same commit.
 */
export async function loadCliPolicy(workspace: string, policy: string | undefined, ref: string | undefined): Promise<TrustedPolicy | undefined> {
  if (policy === undefined) {
    if (ref !== undefined) throw new InputError('--policy-ref is set but --policy is not: name the policy file with --policy');
    return undefined;
  }
  try {
    if (ref === undefined) return await (await import('../deliver/policy-workspace.js')).loadPolicyFromWorkspace(workspace, policy);
    return await (await import('../deliver/policy.js')).loadPolicyFromGit({ cwd: workspace, path: policy, ref });
  } catch (error) {
    if (error instanceof ManifestError) throw new PolicyFileError(error.issues);
    throw error;
  }
}
