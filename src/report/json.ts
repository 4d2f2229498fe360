/**
 * The JSON documents of a run's report, in the service's shapes: `release-gate.json`,
 * `compliance-report.json`, `manifest.json`, and `verdict.json` (ours, after a SLSA
 * verification summary). Pure: data in, data out.
 */
import { NO_EVIDENCE, NO_EVIDENCE_FOR_ANY_FLAG } from '../gate/evaluate.js';
import type { ArtifactEvaluation, EvidenceFact, FlagResult, GateResult, IntegrityFact } from '../gate/types.js';
import type { WaiverState } from '../gate/waivers.js';
import type { PolicySource } from '../policy/merge.js';
import { COMPLIANCE_FLAGS, type Artifact, type ComplianceFlag, type DisclosurePack, type Policy, type Run } from '../model/schema.js';
import { artifactText, complianceEntryText, verdictEntryText } from './json-entries.js';
import { ElementsOnDemand, writtenWith } from './json-stream.js';

export const GATE_NAME = 'maestro-gate';
export const GATE_URI = 'https://github.com/summit/maestro-gate';

export interface ReleaseGateJson {
  run_id: string;
  passed: boolean;
  message: string;
  details: Record<string, unknown>;
}

export interface ComplianceArtifactJson {
  artifact_id: string;
  kind: string;
  sbom_present: boolean;
  slsa_provenance_present: boolean;
  risk_assessment_present: boolean;
  compliant: boolean;
  path_or_uri: string;
  content_hash: string | null;
  missing_flags: string[];
  reasons: string[];
  integrity: IntegrityFact;
  /** Per flag: what the manifest declared, what its evidence file showed, and whether it counts. */
  flags: Record<ComplianceFlag, FlagResult>;
  /** Waivers that lifted a requirement of this artifact. */
  waived: string[];
}

/** One artifact in verdict.json: declared against verified, and what counted. */
export interface VerdictArtifactJson {
  artifact_id: string;
  path_or_uri: string;
  declared: Record<ComplianceFlag, boolean>;
  verified: Record<ComplianceFlag, EvidenceFact>;
  counted: Record<ComplianceFlag, boolean>;
  integrity: IntegrityFact;
  compliant: boolean;
  reasons: string[];
  waived: string[];
}

export interface WaiverJson {
  index: number;
  rule: string;
  artifact_ids: string[] | null;
  run: boolean;
  reason: string;
  owner: string;
  decision_id: string | null;
  expires: string;
  status: WaiverState['status'];
  days_left: number;
  applied: boolean;
}

export interface ComplianceReportJson {
  run_id: string;
  run_name: string;
  run_status: string;
  release_gate_passed: boolean;
  release_gate_message: string;
  artifacts: ComplianceArtifactJson[];
  summary: { total_artifacts: number; compliant_artifacts: number };
  /** Every failing rule, first one deciding the message. */
  failures: GateResult['failures'];
  /** Run rules a waiver lifted. */
  waived_rules: GateResult['waived_rules'];
  /** Every waiver of the policy, in force or not: never hidden. */
  waivers: WaiverJson[];
  policy: Policy;
  /** Where the effective policy came from: a trusted file (repository, path, ref, blob, sha256) or the manifest. */
  policy_source: PolicySource;
  /** The sha256 of every trust file used (keys, trusted root). */
  trust_files: { key: string; path: string; sha256: string }[];
}

export interface RunManifestJson {
  run: Run;
  artifacts: Artifact[];
  disclosure_pack: DisclosurePack | null;
  compliance_report: ComplianceReportJson;
}

export function buildReleaseGateJson(gate: GateResult): ReleaseGateJson {
  return { run_id: gate.run_id, passed: gate.passed, message: gate.message, details: gate.details };
}

/** Where the rules came from (SPEC §4a), recorded in every report. */
export interface PolicyProvenance {
  policySource: PolicySource;
  trustFiles: readonly { key: string; path: string; sha256: string }[];
}

const SELF_DECLARED: PolicyProvenance = { policySource: { kind: 'manifest' }, trustFiles: [] };

export function buildComplianceReport(run: Run, artifacts: readonly Artifact[], gate: GateResult, provenance: PolicyProvenance = SELF_DECLARED): ComplianceReportJson {
  // The gate judges the artifacts in their order, so each one's hash is at its own index; a map of
  // them by id (100,000 entries) is made only if some list is not in that order.
  let byId: Map<string, string | null> | undefined;
  const hashOf = (evaluation: ArtifactEvaluation, index: number): string | null => {
    const artifact = artifacts[index];
    if (artifact !== undefined && artifact.id === evaluation.artifact_id) return artifact.content_hash;
    byId ??= new Map(artifacts.map((each) => [each.id, each.content_hash]));
    return byId.get(evaluation.artifact_id) ?? null;
  };
  return {
    run_id: run.id,
    run_name: run.name,
    run_status: run.status,
    release_gate_passed: gate.passed,
    release_gate_message: gate.message,
    artifacts: writtenWith(
      gate.artifacts.map((evaluation, index) => complianceArtifact(evaluation, hashOf(evaluation, index))),
      complianceEntryText,
    ),
    summary: {
      total_artifacts: gate.artifacts.length,
      compliant_artifacts: gate.artifacts.filter((evaluation) => evaluation.compliant).length,
    },
    failures: gate.failures,
    waived_rules: gate.waived_rules,
    waivers: gate.waivers.map(waiverJson),
    policy: gate.policy,
    policy_source: provenance.policySource,
    trust_files: [...provenance.trustFiles],
  };
}

export function waiverJson(state: WaiverState): WaiverJson {
  const { waiver } = state;
  return {
    index: state.index,
    rule: waiver.rule,
    artifact_ids: waiver.artifact_ids ?? null,
    run: waiver.run === true,
    reason: waiver.reason,
    owner: waiver.owner,
    decision_id: waiver.decision_id ?? null,
    expires: waiver.expires,
    status: state.status,
    days_left: state.days_left,
    applied: state.applied,
  };
}

function complianceArtifact(evaluation: ArtifactEvaluation, contentHash: string | null): ComplianceArtifactJson {
  return {
    artifact_id: evaluation.artifact_id,
    kind: evaluation.kind,
    sbom_present: evaluation.sbom_present,
    slsa_provenance_present: evaluation.slsa_provenance_present,
    risk_assessment_present: evaluation.risk_assessment_present,
    compliant: evaluation.compliant,
    path_or_uri: evaluation.path_or_uri,
    content_hash: contentHash,
    missing_flags: evaluation.missing_flags,
    reasons: evaluation.reasons,
    integrity: evaluation.integrity,
    flags: evaluation.flags,
    waived: evaluation.waived,
  };
}

export function buildRunManifestJson(
  run: Run,
  artifacts: readonly Artifact[],
  pack: DisclosurePack | null,
  report: ComplianceReportJson,
): RunManifestJson {
  return { run, artifacts: writtenWith([...artifacts], artifactText), disclosure_pack: pack, compliance_report: report };
}

export interface VerdictInput {
  version: string;
  manifestFile: string;
  manifestSha256: string;
  timeVerified: string;
  outcome: 'passed' | 'failed';
  gate: GateResult;
  policySource?: PolicySource;
  trustFiles?: readonly { key: string; path: string; sha256: string }[];
}

/**
 * An in-toto Statement with a SLSA Verification Summary (v1) predicate: the manifest is the
 * subject, each hashed artifact an input attestation, and the `maestro` extension holds the
 * effective policy and the per-artifact declared-versus-verified results, so an auditor can
 * re-run the same gate on the same bytes and compare.
 */
export function buildVerdict(input: VerdictInput): Record<string, unknown> {
  const { gate } = input;
  // Every file whose bytes the decision rests on: artifacts hashed, evidence files read. A loop,
  // not a flatMap of spread arrays: four small arrays per artifact were 100,000 remote ones' cost.
  const verifiedFiles: { uri: string; digest: Record<string, string> }[] = [];
  for (const evaluation of gate.artifacts) {
    if (evaluation.integrity.status === 'verified' || evaluation.integrity.status === 'mismatch') verifiedFiles.push({ uri: evaluation.path_or_uri, digest: digestOf(evaluation.integrity) });
    for (const flag of COMPLIANCE_FLAGS) {
      const evidence = evaluation.flags[flag].evidence;
      if (evidence.status !== 'absent' && evidence.sha256 !== null) verifiedFiles.push({ uri: evidence.path, digest: { sha256: evidence.sha256 } });
    }
  }
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: input.manifestFile, digest: { sha256: input.manifestSha256 } }],
    predicateType: 'https://slsa.dev/verification_summary/v1',
    predicate: {
      verifier: { id: GATE_URI, version: { [GATE_NAME]: input.version } },
      timeVerified: input.timeVerified,
      resourceUri: input.manifestFile,
      policy: { uri: `${GATE_URI}#release-gate` },
      inputAttestations: verifiedFiles,
      verificationResult: gate.passed ? 'PASSED' : 'FAILED',
      verifiedLevels: [],
      maestro: {
        run_id: gate.run_id,
        run_status: gate.run_status,
        outcome: input.outcome,
        message: gate.message,
        effective_policy: gate.policy,
        policy_source: input.policySource ?? SELF_DECLARED.policySource,
        trust_files: [...(input.trustFiles ?? [])],
        failures: gate.failures,
        artifacts: new ElementsOnDemand(gate.artifacts.length, (index) => verdictArtifact(gate.artifacts[index]!), verdictEntryText),
        waived_rules: gate.waived_rules,
        waivers: gate.waivers.map(waiverJson),
      },
    },
  };
}

function verdictArtifact(evaluation: ArtifactEvaluation): VerdictArtifactJson {
  return {
    artifact_id: evaluation.artifact_id,
    path_or_uri: evaluation.path_or_uri,
    declared: flagBooleans(DECLARED, evaluation.sbom_present, evaluation.slsa_provenance_present, evaluation.risk_assessment_present),
    verified: verifiedOf(evaluation),
    counted: flagBooleans(COUNTED, evaluation.flags.sbom_present.counts, evaluation.flags.slsa_provenance_present.counts, evaluation.flags.risk_assessment_present.counts),
    integrity: evaluation.integrity,
    compliant: evaluation.compliant,
    reasons: evaluation.reasons,
    waived: evaluation.waived,
  };
}

/*
 * The per-artifact records of verdict.json that hold only the three flags' booleans, or three
 * "no evidence" facts, are one of a few: shared and frozen, so that 100,000 artifacts hold eight
 * of them and the writer encodes each once (report/json-stream.ts).
 */
const DECLARED: (Record<ComplianceFlag, boolean> | undefined)[] = [];
const COUNTED: (Record<ComplianceFlag, boolean> | undefined)[] = [];

/** The three flags' booleans (in COMPLIANCE_FLAGS' order), as one of the table's shared records. */
function flagBooleans(table: (Record<ComplianceFlag, boolean> | undefined)[], sbom: boolean, provenance: boolean, risk: boolean): Record<ComplianceFlag, boolean> {
  return (table[(sbom ? 1 : 0) | (provenance ? 2 : 0) | (risk ? 4 : 0)] ??= Object.freeze({ sbom_present: sbom, slsa_provenance_present: provenance, risk_assessment_present: risk }));
}

function verifiedOf(evaluation: ArtifactEvaluation): Record<ComplianceFlag, EvidenceFact> {
  const { flags } = evaluation;
  if (flags.sbom_present.evidence === NO_EVIDENCE && flags.slsa_provenance_present.evidence === NO_EVIDENCE && flags.risk_assessment_present.evidence === NO_EVIDENCE) return NO_EVIDENCE_FOR_ANY_FLAG;
  return Object.fromEntries(COMPLIANCE_FLAGS.map((flag) => [flag, evaluation.flags[flag].evidence])) as Record<ComplianceFlag, EvidenceFact>;
}

function digestOf(integrity: IntegrityFact): Record<string, string> {
  if (integrity.status === 'verified') {
    const [algorithm, hex] = integrity.digest.split(':') as [string, string];
    return { [algorithm]: hex };
  }
  if (integrity.status === 'mismatch') {
    const [algorithm, hex] = integrity.actual.split(':') as [string, string];
    return { [algorithm]: hex };
  }
  return {};
}

/** Above this size a report is written compact: indentation would double its size and write time. */
export const INDENT_LIMIT = 1024 * 1024;

/** JSON for a report file: indented for people when small, compact when large (10,000+ artifacts). */
export function toJson(value: unknown): string {
  const compact = JSON.stringify(value);
  return `${compact.length <= INDENT_LIMIT ? JSON.stringify(value, null, 2) : compact}\n`;
}
