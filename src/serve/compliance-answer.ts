/**
 * The compliance report as `GET /maestro/runs/{id}/manifest` answers it. By default it is the
 * service's shape, which its clients read and which keeps the body as small as the service's
 * (a run of 100 artifacts: 60 kB, against 137 kB for our full report). Our fields are added
 * wherever they change what the service's fields say: an artifact whose verdict is not the plain
 * "all three flags declared" (a waiver, failed bytes or evidence, another policy) keeps its whole
 * entry, and failures, waivers and a non-default policy are kept at the top. So a waiver in force
 * or an integrity failure is never hidden (SPEC §4). `?detail=full` answers the whole report,
 * as `manifest.json` holds it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ArtifactEvaluation, GateResult } from '../gate/types.js';
import { COMPLIANCE_FLAGS, DEFAULT_POLICY } from '../model/schema.js';
import type { ComplianceArtifactJson, ComplianceReportJson } from '../report/json.js';

export const MANIFEST_DETAILS = ['service', 'full'] as const;
export type ManifestDetail = (typeof MANIFEST_DETAILS)[number];

type ServiceArtifactJson = Pick<ComplianceArtifactJson, 'artifact_id' | 'kind' | 'sbom_present' | 'slsa_provenance_present' | 'risk_assessment_present' | 'compliant'>;

export type ServiceComplianceReportJson = Pick<ComplianceReportJson, 'run_id' | 'run_name' | 'run_status' | 'release_gate_passed' | 'release_gate_message' | 'summary'> &
  Partial<Pick<ComplianceReportJson, 'failures' | 'waived_rules' | 'waivers' | 'policy' | 'policy_source' | 'trust_files'>> & {
    artifacts: (ServiceArtifactJson | ComplianceArtifactJson)[];
  };

/** `full` in the service's shape; its entries are in the order of `gate.artifacts`, as `buildComplianceReport` makes them. */
export function serviceComplianceReport(full: ComplianceReportJson, gate: GateResult): ServiceComplianceReportJson {
  const report: ServiceComplianceReportJson = {
    run_id: full.run_id,
    run_name: full.run_name,
    run_status: full.run_status,
    release_gate_passed: full.release_gate_passed,
    release_gate_message: full.release_gate_message,
    artifacts: full.artifacts.map((entry, index) => {
      const evaluation = gate.artifacts[index];
      // Lists of another order or length cannot be matched up: every entry then stays whole.
      if (evaluation === undefined || evaluation.artifact_id !== entry.artifact_id || !saysAsTheService(evaluation)) return entry;
      const { artifact_id, kind, sbom_present, slsa_provenance_present, risk_assessment_present, compliant } = entry;
      return { artifact_id, kind, sbom_present, slsa_provenance_present, risk_assessment_present, compliant };
    }),
    summary: full.summary,
  };
  if (full.failures.length > 0) report.failures = full.failures;
  if (full.waived_rules.length > 0) report.waived_rules = full.waived_rules;
  if (full.waivers.length > 0) report.waivers = full.waivers;
  if (full.policy_source.kind !== 'manifest' || !isDeepStrictEqual(full.policy, DEFAULT_POLICY) || full.trust_files.length > 0) {
    report.policy = full.policy;
    report.policy_source = full.policy_source;
    report.trust_files = full.trust_files;
  }
  return report;
}

/** The service's six fields tell the whole story: compliant exactly when all three flags are declared, nothing waived or failed. */
function saysAsTheService(evaluation: ArtifactEvaluation): boolean {
  const allDeclared = COMPLIANCE_FLAGS.every((flag) => evaluation[flag]);
  return evaluation.compliant === allDeclared && !evaluation.integrity_failed && evaluation.waived.length === 0;
}
