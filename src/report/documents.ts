/**
 * The service-shaped documents of one checked run: `release-gate.json`, `compliance-report.json`
 * and `manifest.json`. The core returns verdicts only; a shell builds these once per run and
 * hands them to whatever writes or prints them. Pure: data in, data out.
 */
import type { RunVerdict } from '../core/check.js';
import { buildComplianceReport, buildReleaseGateJson, buildRunManifestJson, type ComplianceReportJson, type ReleaseGateJson, type RunManifestJson } from './json.js';

export interface RunDocuments {
  releaseGate: ReleaseGateJson;
  complianceReport: ComplianceReportJson;
  runManifest: RunManifestJson;
}

/** One run's documents; the compliance report records where the rules came from (SPEC §4a). */
export function buildRunDocuments(verdict: RunVerdict): RunDocuments {
  const { run, artifacts, gate } = verdict;
  const complianceReport = buildComplianceReport(run, artifacts, gate, { policySource: verdict.policySource, trustFiles: verdict.trustFiles });
  return {
    releaseGate: buildReleaseGateJson(gate),
    complianceReport,
    runManifest: buildRunManifestJson(run, artifacts, verdict.disclosurePack, complianceReport),
  };
}

/** How many artifacts a run has and how many are compliant: the compliance report's `summary`. */
export function artifactCounts(verdict: RunVerdict): { total: number; compliant: number } {
  const { artifacts } = verdict.gate;
  return { total: artifacts.length, compliant: artifacts.filter((evaluation) => evaluation.compliant).length };
}
