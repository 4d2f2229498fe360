import type { ArtifactKind, ComplianceFlag, Policy, RunStatus } from '../model/schema.js';
import type { WaiverState } from './waivers.js';

/** What we learned about an artifact's bytes before gating. Only the evidence layer makes these. */
export type IntegrityFact =
  | { status: 'verified'; algorithm: string; digest: string; size: number }
  | { status: 'mismatch'; expected: string; actual: string; size: number }
  | { status: 'unreadable'; code: string; reason: string }
  | { status: 'not_verified'; reason: string };

/**
 * What the evidence file behind one flag showed: none declared (`absent`), a file that proves
 * the flag (`verified`), or a file that was declared and does not (`failed`, an integrity
 * failure whatever the policy says).
 */
export type EvidenceFact =
  | { status: 'absent'; reason: string }
  | { status: 'verified'; path: string; sha256: string; reason: string; details: Record<string, unknown> }
  | { status: 'failed'; path: string; sha256: string | null; reason: string; details: Record<string, unknown> };

export interface ArtifactFacts {
  integrity: IntegrityFact;
  evidence: Record<ComplianceFlag, EvidenceFact>;
}

/** Names of the gate's rules, as waivers and reports refer to them. */
export type RuleName = 'run_succeeded' | 'has_artifacts' | 'min_compliant_artifacts' | 'max_cost_overrun' | 'integrity';

/** One flag of one artifact: declared vs verified, and whether it counts toward compliance. */
export interface FlagResult {
  declared: boolean;
  evidence: EvidenceFact;
  /** Required by the policy. */
  required: boolean;
  /** Counts toward compliance: declared (and verified when evidence is required), or waived. */
  counts: boolean;
  /** The waiver that made it count, when one did. */
  waived_by: number | null;
}

export interface ArtifactEvaluation {
  artifact_id: string;
  kind: ArtifactKind;
  path_or_uri: string;
  sbom_present: boolean;
  slsa_provenance_present: boolean;
  risk_assessment_present: boolean;
  /** Every required flag counts, the bytes (where checked) match and no declared evidence failed. */
  compliant: boolean;
  flags: Record<ComplianceFlag, FlagResult>;
  /** Required flags that do not count. */
  missing_flags: ComplianceFlag[];
  /** Why the artifact is not compliant, in words a reviewer can act on; one per missing flag first. */
  reasons: string[];
  /** Waivers that lifted a requirement of this artifact, described. */
  waived: string[];
  integrity: IntegrityFact;
  /** Integrity or declared evidence failed: the artifact fails the gate, and no waiver helps. */
  integrity_failed: boolean;
}

export interface GateFailure {
  rule: RuleName;
  message: string;
  artifact_ids: string[];
}

/** A run rule that would have failed but a waiver in force lifted. */
export interface WaivedRule {
  rule: RuleName;
  waiver: number;
  description: string;
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
  /** Run rules lifted by a waiver. */
  waived_rules: WaivedRule[];
  /** Every waiver of the policy with its state on the day of the gate. */
  waivers: WaiverState[];
  artifacts: ArtifactEvaluation[];
}
