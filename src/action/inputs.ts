/**
 * Every Action input, read once, typed and validated. `''` means "not given" at this boundary;
 * zod owns the defaults (the same ones as action.yml, so a runner that omits an input and one
 * that passes the default behave alike). A bad value is an InputError naming the allowed ones:
 * never a permissive default.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { booleanValue, issueMessages, nonEmptyValue, runStatusValue } from '../model/inputs.js';

export const INPUT = {
  manifest: 'manifest',
  runStatus: 'run-status',
  requireEvidence: 'require-evidence',
  failOnGate: 'fail-on-gate',
  reportDir: 'report-dir',
  uploadReport: 'upload-report',
  reportArtifactName: 'report-artifact-name',
  commentOnPr: 'comment-on-pr',
  githubToken: 'github-token',
  policy: 'policy',
  policyRef: 'policy-ref',
  policyRepository: 'policy-repository',
  attestations: 'attestations',
} as const;

export const ActionInputs = z.object({
  manifest: z.array(z.string()).default(['maestro.yml']),
  runStatus: runStatusValue(INPUT.runStatus).optional(),
  requireEvidence: booleanValue(INPUT.requireEvidence).optional(),
  failOnGate: booleanValue(INPUT.failOnGate).default(true),
  reportDir: nonEmptyValue(INPUT.reportDir).default('maestro-report'),
  uploadReport: booleanValue(INPUT.uploadReport).default(true),
  reportArtifactName: nonEmptyValue(INPUT.reportArtifactName).default('maestro-compliance-report'),
  commentOnPr: booleanValue(INPUT.commentOnPr).default(false),
  githubToken: z.string().optional(),
  policy: z.string().optional(),
  policyRef: z.string().optional(),
  policyRepository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, `${INPUT.policyRepository}: must be owner/name`)
    .optional(),
  attestations: booleanValue(INPUT.attestations).default(false),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

/** Reads an input the runner's way (`INPUT_<NAME>`, hyphens kept), trimmed; `''` is "not given". */
export type InputReader = (name: string) => string;

export function getInputs(read: InputReader): ActionInputs {
  const given = (name: string): string | undefined => {
    const value = read(name).trim();
    return value === '' ? undefined : value;
  };
  const manifest = read(INPUT.manifest)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const result = ActionInputs.safeParse({
    manifest: manifest.length > 0 ? manifest : undefined,
    runStatus: given(INPUT.runStatus),
    requireEvidence: given(INPUT.requireEvidence),
    failOnGate: given(INPUT.failOnGate),
    reportDir: given(INPUT.reportDir),
    uploadReport: given(INPUT.uploadReport),
    reportArtifactName: given(INPUT.reportArtifactName),
    commentOnPr: given(INPUT.commentOnPr),
    githubToken: given(INPUT.githubToken),
    policy: given(INPUT.policy),
    policyRef: given(INPUT.policyRef),
    policyRepository: given(INPUT.policyRepository),
    attestations: given(INPUT.attestations),
  });
  if (!result.success) throw new InputError(issueMessages(result.error));
  return result.data;
}
