/**
 * What most artifacts' evaluations are made of, shared, and the judgement of a plain artifact,
 * which is made of nothing else. evaluate.ts judges every other artifact, with the same records
 * where they apply.
 */
import { COMPLIANCE_FLAGS, type Artifact, type ComplianceFlag, type Policy } from '../model/schema.js';
import type { ArtifactEvaluation, ArtifactFacts, EvidenceFact, FlagResult, IntegrityFact } from './types.js';

export const FLAG_LABELS: Record<ComplianceFlag, string> = {
  sbom_present: 'SBOM',
  slsa_provenance_present: 'SLSA provenance',
  risk_assessment_present: 'risk assessment',
};

/** The fact of a flag with no evidence file: one frozen copy, which evidence/facts.ts shares too. */
export const NO_EVIDENCE: EvidenceFact = Object.freeze({ status: 'absent', reason: 'no evidence' });
/** The evidence of an artifact that names none, for every flag: shared by the facts and verdict.json. */
export const NO_EVIDENCE_FOR_ANY_FLAG: Readonly<Record<ComplianceFlag, EvidenceFact>> = Object.freeze(
  Object.fromEntries(COMPLIANCE_FLAGS.map((flag) => [flag, NO_EVIDENCE])) as Record<ComplianceFlag, EvidenceFact>,
);

/** "SBOM not present", made once: it is the reason of most artifacts that fail. */
export const NOT_PRESENT = Object.fromEntries(COMPLIANCE_FLAGS.map((flag) => [flag, `${FLAG_LABELS[flag]} not present`])) as Record<ComplianceFlag, string>;

/*
 * What carries nothing of its own artifact is shared and frozen: a flag's result without
 * evidence or waiver, the record of three such results, the lists of missing flags and of
 * "… not present" reasons. 100,000 artifacts otherwise hold a million copies of a few values.
 * Each table is indexed by the flags' bits, so it stays as small as the combinations.
 */
export const EMPTY_LIST = Object.freeze([]) as unknown as never[];
const PLAIN_RESULTS: (FlagResult | undefined)[] = [];
const PLAIN_RECORDS: (Record<ComplianceFlag, FlagResult> | undefined)[] = [];
const MISSING_LISTS: (readonly ComplianceFlag[] | undefined)[] = [];
export const NOT_PRESENT_LISTS: (readonly string[] | undefined)[] = [];

export function isNoEvidence(evidence: EvidenceFact): boolean {
  return evidence === NO_EVIDENCE || (evidence.status === 'absent' && evidence.reason === NO_EVIDENCE.reason && Object.keys(evidence).length === 2);
}

/**
 * The judgement of the artifacts most runs are made of, without waivers to apply: no evidence
 * named, bytes not failed, and every flag either counting or simply not declared. All it returns
 * is shared but the artifact's own strings, and nothing is allocated on the way to it. Undefined
 * for any other artifact, which evaluateArtifact judges in full (to the same result where both
 * apply).
 */
export function plainJudge(policy: Policy): (artifact: Artifact, facts: ArtifactFacts | undefined) => ArtifactEvaluation | undefined {
  const required = COMPLIANCE_FLAGS.map((flag) => policy.required_flags.includes(flag));
  const withoutEvidence = !policy.require_evidence;
  return (artifact, facts) => {
    if (facts === undefined) return undefined;
    const { integrity, evidence } = facts;
    if (integrity.status === 'mismatch' || integrity.status === 'unreadable') return undefined;
    const declaredFlags = artifact.metadata_json;
    let plainRecord = 0;
    let missingMask = 0;
    for (let bit = 0; bit < COMPLIANCE_FLAGS.length; bit += 1) {
      const flag = COMPLIANCE_FLAGS[bit]!;
      if (!isNoEvidence(evidence[flag])) return undefined;
      const declared = declaredFlags[flag];
      const counts = declared && withoutEvidence;
      // Declared but not counting (evidence required) has a reason of its own: judged in full.
      if (required[bit] && !counts) {
        if (declared) return undefined;
        missingMask |= 1 << bit;
      }
      plainRecord |= ((declared ? 4 : 0) + (required[bit] ? 2 : 0) + (counts ? 1 : 0)) << (3 * bit);
    }
    return evaluation(artifact, integrity, plainFlagRecord(plainRecord), missingMask, sharedList(NOT_PRESENT_LISTS, missingMask, (flag) => NOT_PRESENT[flag]), EMPTY_LIST, false);
  };
}

/** The shared frozen record of three plain flag results, by their bits (declared, required, counts per flag). */
export function plainFlagRecord(plainRecord: number): Record<ComplianceFlag, FlagResult> {
  return (PLAIN_RECORDS[plainRecord] ??= Object.freeze(
    Object.fromEntries(COMPLIANCE_FLAGS.map((flag, bit) => [flag, plainResult(bit, (plainRecord >> (3 * bit)) % 8)])) as Record<ComplianceFlag, FlagResult>,
  ));
}

export function plainResult(bit: number, slotBits: number): FlagResult {
  const [declared, required, counts] = [(slotBits & 4) !== 0, (slotBits & 2) !== 0, (slotBits & 1) !== 0];
  return (PLAIN_RESULTS[bit * 8 + slotBits] ??= Object.freeze({ declared, evidence: NO_EVIDENCE, required, counts, waived_by: null }));
}

/** The frozen list of what each flag in `mask` gives, in flag order: one per mask. */
export function sharedList<T>(table: (readonly T[] | undefined)[], mask: number, of: (flag: ComplianceFlag) => T): T[] {
  if (mask === 0) return EMPTY_LIST;
  return (table[mask] ??= Object.freeze(COMPLIANCE_FLAGS.filter((_, bit) => (mask & (1 << bit)) !== 0).map(of))) as T[];
}

/** An artifact's evaluation, in the one member order every report writes. */
export function evaluation(
  artifact: Artifact,
  integrity: IntegrityFact,
  flags: Record<ComplianceFlag, FlagResult>,
  missingMask: number,
  reasons: string[],
  waived: string[],
  integrityFailed: boolean,
): ArtifactEvaluation {
  const declaredFlags = artifact.metadata_json;
  return {
    artifact_id: artifact.id,
    kind: artifact.kind,
    path_or_uri: artifact.path_or_uri,
    sbom_present: declaredFlags.sbom_present,
    slsa_provenance_present: declaredFlags.slsa_provenance_present,
    risk_assessment_present: declaredFlags.risk_assessment_present,
    compliant: missingMask === 0 && !integrityFailed,
    flags,
    missing_flags: sharedList(MISSING_LISTS, missingMask, (flag) => flag),
    reasons,
    waived,
    integrity,
    integrity_failed: integrityFailed,
  };
}
