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

/**
 * A value that is still a `${{ … }}` expression was never evaluated: local runners
 * (@github/local-action, a hand-made INPUT_* environment) pass action.yml's defaults as written.
 * Where dropping it cannot loosen the verdict (delivery, and fail-on-gate whose default is the
 * strict one) it counts as not given, with a note; an input that decides what is judged or by
 * which rules is refused instead, so an unevaluated policy never silently becomes "no policy".
 */
const UNEVALUATED = /^\$\{\{[\s\S]*\}\}$/;
const DROPPABLE_WHEN_UNEVALUATED: ReadonlySet<string> = new Set([
  INPUT.failOnGate,
  INPUT.reportDir,
  INPUT.uploadReport,
  INPUT.reportArtifactName,
  INPUT.commentOnPr,
  INPUT.githubToken,
]);

function unevaluated(name: string, value: string, note: (message: string) => void): undefined {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (!DROPPABLE_WHEN_UNEVALUATED.has(name)) {
    throw new InputError(`${name}: '${shown}' is an expression the runner did not evaluate; give the value itself`);
  }
  note(`${name}: '${shown}' is an expression the runner did not evaluate (a local runner passes action.yml's defaults as written); treated as not given`);
  return undefined;
}

export function getInputs(read: InputReader, note: (message: string) => void = () => undefined): ActionInputs {
  const given = (name: string): string | undefined => {
    const value = read(name).trim();
    if (UNEVALUATED.test(value)) return unevaluated(name, value, note);
    return value === '' ? undefined : value;
  };
  const manifest = read(INPUT.manifest)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of manifest) if (UNEVALUATED.test(line)) unevaluated(INPUT.manifest, line, note);
  // One parse per run: zod's eval-built fast path would cost more to build than it saves.
  const result = ActionInputs.safeParse(
    {
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
    },
    { jitless: true },
  );
  if (!result.success) throw new InputError(issueMessages(result.error));
  return result.data;
}
