import type { ArtifactKind, ComplianceFlag, Policy, RunStatus } from '../model/schema.js';

/** What we learned about an artifact's bytes before gating. Only the evidence layer makes these. */
export type IntegrityFact =
  | { status: 'verified'; algorithm: string; digest: string; size: number }
  | { status: 'mismatch'; expected: string; actual: string; size: number }
  | { status: 'unreadable'; code: string; reason: string }
  | { status: 'not_verified'; reason: string };

/** Whether a flag is backed by a verified file; until evidence is declared, none is. */
export interface EvidenceFact {
  verified: boolean;
  reason: string;
}

export interface ArtifactFacts {
  integrity: IntegrityFact;
  evidence: Record<ComplianceFlag, EvidenceFact>;
}

/** Names of the gate's rules, as waivers and reports refer to them. */
export type RuleName =
  | 'run_succeeded'
  | 'has_artifacts'
  | 'min_compliant_artifacts'
  | 'max_cost_overrun'
  | 'integrity';

export interface ArtifactEvaluation {
  artifact_id: string;
  kind: ArtifactKind;
  path_or_uri: string;
  sbom_present: boolean;
  slsa_provenance_present: boolean;
  risk_assessment_present: boolean;
  /** Every required flag counts and the bytes, where checked, match. */
  compliant: boolean;
  /** Required flags that do not count (declared false, or unverified when evidence is required). */
  missing_flags: ComplianceFlag[];
  /** Why the artifact is not compliant, in words a reviewer can act on; empty when compliant. */
  reasons: string[];
  integrity: IntegrityFact;
}

export interface GateFailure {
  rule: RuleName;
  message: string;
  artifact_ids: string[];
}

/** `release-gate.json` plus what the reports need. The first four keys are the service's shape. */
export interface GateResult {
  run_id: string;
  passed: boolean;
  message: string;
  details: Record<string, unknown>;
  run_status: RunStatus;
  policy: Policy;
  /** Every rule that failed, in evaluation order; the first decided `message`. */
  failures: GateFailure[];
  artifacts: ArtifactEvaluation[];
}
