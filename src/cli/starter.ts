import { SCHEMA_URL } from '../model/json-schema.js';

/**
 * The starter manifest `maestro-gate init` writes: valid as written (test/cli checks it with
 * `validate`), every key commented, and the schema line that makes editors complete and check it.
 */
export const STARTER_MANIFEST = `# yaml-language-server: $schema=${SCHEMA_URL}
#
# maestro.yml: the release that maestro-gate judges. One file describes one run.
# Check it with \`maestro-gate validate\`; gate it with \`maestro-gate check\` or the Action.
version: 1

run:
  # id: my-service-1-2-3          # optional; default: <GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT> in Actions
  name: my-service 1.2.3          # required
  owner: my-team                  # required
  status: pending                 # pending | running | succeeded | failed | cancelled
                                  # (or pass the job's result as the run-status input)
  # started_at: "2024-05-01T12:00:00Z"
  # cost_estimate: 10
  # cost_actual: 9.5
  related_entity_ids: []
  related_decision_ids: []
  metadata: {}                    # free-form

artifacts:
  - id: my-service-bundle         # optional; default: artifact-1, artifact-2, …
    kind: other                   # sbom | slsa_provenance | risk_assessment | specification | build_log | test_report | other
    path_or_uri: dist/my-service-1.2.3.tgz   # a workspace path (hashed) or a URI (never fetched)
    # content_hash: sha256:<64 hex digits of the file>   # checked byte for byte when given
    metadata_json:
      sbom_present: false
      slsa_provenance_present: false
      risk_assessment_present: false
      additional_metadata: {}     # free-form
    # evidence:                   # files that prove the flags (see the README)
    #   sbom: dist/sbom.cdx.json
    #   slsa_provenance: dist/provenance.intoto.jsonl
    #   risk_assessment: docs/risk-assessment.md

# disclosure_pack:
#   summary: What this release discloses, and to whom.
#   artifact_ids: [my-service-bundle]

policy:
  # Defaults give exactly the Maestro Conductor rule.
  required_flags: [sbom_present, slsa_provenance_present, risk_assessment_present]
  min_compliant_artifacts: 1
  require_evidence: false         # true: a flag counts only when its evidence file verifies
  verify_content_hash: true
  # max_cost_overrun: 0.2         # cost_actual may exceed cost_estimate by at most 20%
  # waivers:
  #   - artifact_ids: [my-service-bundle]
  #     rule: risk_assessment_present
  #     reason: Assessment scheduled with the security team
  #     owner: my-team
  #     decision_id: ADR-0007
  #     expires: 2030-01-31
`;
