import { POLICY_SCHEMA_URL } from './json-schema.js';

/**
 * A starter policy file: valid as written (test/policy checks it), every key commented, and the
 * schema line that makes editors complete and check it. It states the default rule, so adopting
 * it changes nothing until its owners tighten it.
 */
export const STARTER_POLICY = `# yaml-language-server: $schema=${POLICY_SCHEMA_URL}
#
# maestro-policy.yml: the rules of the maestro-gate release gate, owned by a platform or
# security team. Name it in the Action's \`policy\` input (CLI: --policy). On pull requests it is
# read at the base commit, so a pull request that edits this file changes nothing until merged;
# \`policy-repository\` reads it from a central repository instead.
# A manifest's own \`policy:\` may only tighten these rules.
version: 1

# Flags an artifact needs to count as compliant: sbom_present, slsa_provenance_present, risk_assessment_present.
required_flags: [sbom_present, slsa_provenance_present, risk_assessment_present]
min_compliant_artifacts: 1
require_evidence: false           # true: a flag counts only when its evidence file verifies
verify_content_hash: true         # check each local artifact against its content_hash
require_signatures: false         # true: unsigned or unverifiable provenance fails
# max_cost_overrun: 0.2           # cost_actual may exceed cost_estimate by at most 20%

# Trust anchors: files in THIS repository, read at the same ref as this file.
trusted_keys: []                  # e.g. [keys/release-signing.pub]
# sigstore_trusted_root: sigstore/trusted_root.json
sigstore_identities: []           # required with sigstore_trusted_root, e.g.
#   - issuer: https://token.actions.githubusercontent.com
#     subject_prefix: https://github.com/my-org/my-service/.github/workflows/release.yml@

# Waivers granted by the owners of this file (reason, owner and expires are required).
waivers: []
#   - artifact_ids: [my-service-bundle]
#     rule: risk_assessment_present
#     reason: Assessment scheduled with the security team
#     owner: security-team
#     decision_id: ADR-0007
#     expires: 2030-01-31

# Rules a manifest may waive for itself; any other manifest waiver is an error and has no effect.
# run_succeeded can never be listed. Rules: sbom_present, slsa_provenance_present,
# risk_assessment_present, min_compliant_artifacts, max_cost_overrun, require_evidence.
manifest_waivers: []
`;
