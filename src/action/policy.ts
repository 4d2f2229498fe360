/**
 * Which trusted policy the Action judges by (SPEC §4a), from its inputs and the event: read at
 * the pull request's base commit (or `policy-ref`) through the contents API, or, on events with
 * no base commit, from the workspace. The readers are loaded only when a policy is asked for.
 */
import { InputError, ManifestError } from '../errors.js';
import { PolicyFileError, type TrustedPolicy } from '../policy/trusted.js';
import { INPUT, type ActionInputs } from './inputs.js';

export interface PolicyContext {
  workspace: string;
  eventName: string;
  eventPayload: unknown;
  /** `GITHUB_REPOSITORY`. */
  repository: string;
  apiUrl: string;
  timeoutMs?: number | undefined;
}

export async function loadActionPolicy(inputs: ActionInputs, context: PolicyContext): Promise<TrustedPolicy | undefined> {
  try {
    return await readActionPolicy(inputs, context);
  } catch (error) {
    if (error instanceof ManifestError) throw new PolicyFileError(error.issues);
    throw error;
  }
}

async function readActionPolicy(inputs: ActionInputs, context: PolicyContext): Promise<TrustedPolicy | undefined> {
  if (inputs.policy === undefined) {
    for (const [given, name] of [[inputs.policyRef, INPUT.policyRef], [inputs.policyRepository, INPUT.policyRepository]] as const) {
      if (given !== undefined) throw new InputError(`${name} is set but ${INPUT.policy} is not: name the policy file in the ${INPUT.policy} input`);
    }
    return undefined;
  }
  const { defaultPolicyRef, loadPolicyFromGitHub } = await import('../deliver/policy.js');
  const repository = inputs.policyRepository ?? context.repository;
  const central = inputs.policyRepository !== undefined && inputs.policyRepository !== context.repository;
  // A pull request's base commit exists only in its own repository: a central one needs a ref.
  if (central && inputs.policyRef === undefined) {
    throw new InputError(`${INPUT.policyRepository} '${repository}' needs ${INPUT.policyRef} (the branch, tag or commit of the reviewed policy, e.g. main)`);
  }
  const ref = inputs.policyRef ?? defaultPolicyRef(context.eventName, context.eventPayload);
  if (ref === undefined) {
    const { loadPolicyFromWorkspace } = await import('../deliver/policy-workspace.js');
    return loadPolicyFromWorkspace(context.workspace, inputs.policy);
  }
  const token = inputs.githubToken;
  if (token === undefined) throw new InputError(`${INPUT.githubToken} is empty: the policy is read through the contents API at ${ref}, which needs a token with contents: read`);
  if (repository === '') throw new InputError(`GITHUB_REPOSITORY is not set: set ${INPUT.policyRepository} to owner/name`);
  return loadPolicyFromGitHub({
    apiUrl: context.apiUrl,
    token,
    repository,
    path: inputs.policy,
    ref,
    currentRepository: context.repository,
    ...(context.timeoutMs === undefined ? {} : { timeoutMs: context.timeoutMs }),
  });
}
