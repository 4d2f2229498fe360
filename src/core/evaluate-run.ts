/**
 * One run judged: its facts read from the workspace, then the gate. `checkManifests` (the Action
 * and the CLI) and the service's `evaluate` both call `evaluateRun`, so the same run, policy and
 * files get the same verdict from every shell. No reports: `report/` turns verdicts into documents.
 */
import type { AttestationSource } from '../evidence/attestations.js';
import { collectArtifactFacts } from '../evidence/facts.js';
import { evaluateReleaseGate } from '../gate/evaluate.js';
import type { ArtifactFacts, GateResult } from '../gate/types.js';
import { COMPLIANCE_FLAGS, type Artifact, type Evidence, type Policy, type Run } from '../model/schema.js';
import type { TrustedPolicy } from '../policy/trusted.js';

/** What the gate judges: one run, its artifacts and the effective policy. */
export interface GateInput {
  run: Run;
  artifacts: readonly Artifact[];
  policy: Policy;
  /** The evidence files each artifact names, by artifact id; none for a run made over the API. */
  evidence?: ReadonlyMap<string, Evidence> | undefined;
  /** The manifest the run came from, for errors about files its policy names. */
  manifestFile?: string | undefined;
}

/** Where the facts are read from, and how much may be read. */
export interface FactSources {
  workspace: string;
  maxArtifactBytes?: number | undefined;
  maxEvidenceBytes?: number | undefined;
  /** Its trust files (keys, trusted root) replace any the workspace holds. */
  trustedPolicy?: TrustedPolicy | undefined;
  /** GitHub's attestations, read when the policy's `github_attestations` is on. */
  attestations?: AttestationSource | undefined;
}

export interface TrustFileUse {
  key: string;
  path: string;
  sha256: string;
}

export interface RunJudgement {
  gate: GateResult;
  /** The sha256 of every trust file the verdict relied on (keys, trusted root). */
  trustFiles: TrustFileUse[];
  /** No file was read to reach this verdict: it holds until the run changes or the day does. */
  pure: boolean;
}

/**
 * Judges one run at `judgedAt` (ISO 8601): waivers and risk assessments expire by it, and local
 * artifacts and evidence files are read and hashed now. Remote URIs are never fetched.
 */
export async function evaluateRun(input: GateInput, sources: FactSources, judgedAt: string): Promise<RunJudgement> {
  const { run, artifacts, policy } = input;
  const trusted = sources.trustedPolicy;
  const trustFiles: TrustFileUse[] = [];
  const facts = await collectArtifactFacts(
    artifacts,
    policy,
    {
      workspace: sources.workspace,
      maxArtifactBytes: sources.maxArtifactBytes,
      maxEvidenceBytes: sources.maxEvidenceBytes,
      ...(input.manifestFile === undefined ? {} : { manifestFile: input.manifestFile }),
      now: new Date(judgedAt),
      trustFilesUsed: trustFiles,
      attestations: sources.attestations,
      ...(trusted ? { trustFiles: trusted.trustFiles, policyFile: trusted.file } : {}),
    },
    input.evidence,
  );
  const gate = evaluateReleaseGate(run, artifacts, policy, facts, judgedAt.slice(0, 10));
  return { gate, trustFiles, pure: readNoFile(facts) };
}

/** Nothing hashed and no evidence read: the facts follow from the stored artifacts alone. */
function readNoFile(facts: ReadonlyMap<string, ArtifactFacts>): boolean {
  for (const fact of facts.values()) {
    if (fact.integrity.status !== 'not_verified') return false;
    for (const flag of COMPLIANCE_FLAGS) if (fact.evidence[flag].status !== 'absent') return false;
  }
  return true;
}
