/**
 * The shared core of the Action and the CLI: manifests in, one verdict per run out, each judged
 * by `evaluateRun` as the service judges its runs. No documents, no output, no exit codes:
 * `report/` renders the verdicts and the shells decide what to do with them.
 */
import { judgementTime } from '../environment.js';
import type { GateResult } from '../gate/types.js';
import { evaluateRun, type TrustFileUse } from './evaluate-run.js';
import { runPolicy, type RunPolicy, type Site } from './policy.js';
import { ManifestError } from '../errors.js';
import { loadManifests, type LoadedRun, type LoadOptions } from '../manifest/load.js';
import type { PolicySource } from '../policy/merge.js';
import type { TrustedPolicy } from '../policy/trusted.js';
import type { AttestationSource } from '../evidence/attestations.js';
import type { Artifact, DisclosurePack, Evidence, Policy, Run, RunStatus } from '../model/schema.js';

export interface CheckOptions extends LoadOptions {
  /** Overrides every manifest's `run.status` (the `run-status` input). */
  runStatus?: RunStatus | undefined;
  /** Overrides every manifest's `policy.require_evidence` (the `require-evidence` input). */
  requireEvidence?: boolean | undefined;
  maxArtifactBytes?: number | undefined;
  /**
   * When waivers and risk assessments are judged (ISO 8601); the real clock unless a test fixes
   * it. `now` only stamps reports, so a reproducible `SOURCE_DATE_EPOCH` never moves expiry.
   */
  judgedAt?: string | undefined;
  maxEvidenceBytes?: number | undefined;
  /** The trusted policy (SPEC §4a); without it each manifest's own policy applies, reported as such. */
  trustedPolicy?: TrustedPolicy | undefined;
  /**
   * Where GitHub attestations are read from. `enable` (the `attestations` input) switches them
   * on only without a trusted policy: with one, its `github_attestations` alone decides (§4a).
   */
  attestations?: { source: AttestationSource; enable: boolean } | undefined;
}

export interface RunVerdict {
  loaded: LoadedRun;
  run: Run;
  artifacts: readonly Artifact[];
  /** The evidence files each artifact names in the manifest, by artifact id (the store's). */
  evidence: ReadonlyMap<string, Evidence>;
  disclosurePack: DisclosurePack | null;
  policy: Policy;
  /** Where the policy came from, and what the manifest tried against it. */
  policySource: PolicySource;
  policyFindings: RunPolicy['findings'];
  waiverSites: Site[];
  /** The sha256 of every trust file the verdict relied on (keys, trusted root). */
  trustFiles: TrustFileUse[];
  gate: GateResult;
}

export interface CheckResult {
  runs: RunVerdict[];
  /** True only when every run passed. */
  passed: boolean;
}

export async function checkManifests(options: CheckOptions): Promise<CheckResult> {
  const { store, runs } = await loadManifests(options);
  const judgedAt = options.judgedAt ?? judgementTime();
  const trusted = options.trustedPolicy;
  const policies = runs.map((loaded) => runPolicy(loaded, trusted, options.requireEvidence));
  const issues = policies.flatMap((entry) => entry.issues);
  if (issues.length > 0) throw new ManifestError(issues);

  if (options.attestations?.enable && trusted && !trusted.policy.github_attestations) {
    options.attestations.source.warn(`attestations: true has no effect: ${trusted.file} is in force, and only its github_attestations can switch GitHub attestations on`);
  }
  const verdicts: RunVerdict[] = [];
  for (const [index, loaded] of runs.entries()) {
    const { source, findings, waiverSites } = policies[index]!;
    const enable = options.attestations?.enable === true && trusted === undefined;
    const policy = enable ? { ...policies[index]!.policy, github_attestations: true } : policies[index]!.policy;
    if (options.runStatus !== undefined) store.updateRun(loaded.runId, { status: options.runStatus }, options.now);
    const { run, artifacts, evidence, disclosurePack } = store.gateInput(loaded.runId);
    const { gate, trustFiles } = await evaluateRun(
      { run, artifacts, policy, evidence, manifestFile: loaded.file },
      {
        workspace: options.workspace,
        maxArtifactBytes: options.maxArtifactBytes,
        maxEvidenceBytes: options.maxEvidenceBytes,
        trustedPolicy: trusted,
        attestations: options.attestations?.source,
      },
      judgedAt,
    );
    verdicts.push({
      loaded,
      run,
      artifacts,
      evidence,
      disclosurePack,
      policy,
      policySource: source,
      policyFindings: findings,
      waiverSites,
      trustFiles,
      gate,
    });
  }
  return { runs: verdicts, passed: verdicts.length > 0 && verdicts.every((verdict) => verdict.gate.passed) };
}
