/**
 * A stored run back as a `maestro.yml`: the document that `maestro-gate validate` accepts and
 * `maestro-gate check` judges as the service did. Fields left at their defaults are left out,
 * so the file reads like one a person wrote; a preloaded run keeps its policy and evidence.
 */
import { Document, isNode, isSeq } from 'yaml';
import { CONTENT_HASH_PATTERN, DEFAULT_POLICY, type Policy } from '../model/schema.js';
import type { StoredRun } from '../store/store.js';
import { VERSION } from '../version.js';

/** How much of an unusable value a comment quotes. */
const QUOTED_MAX = 200;

export function renderManifestYaml(stored: StoredRun): string {
  const { run, artifacts, disclosurePack, evidence, source } = stored;
  const dropped = new Map<number, string>();

  const data: Record<string, unknown> = {
    version: 1,
    run: compact({
      id: run.id,
      name: run.name,
      owner: run.owner,
      status: run.status,
      started_at: run.started_at,
      finished_at: run.finished_at,
      cost_estimate: run.cost_estimate,
      cost_actual: run.cost_actual,
      related_entity_ids: run.related_entity_ids,
      related_decision_ids: run.related_decision_ids,
      metadata: run.metadata,
    }),
    artifacts: artifacts.map((artifact, index) => {
      let contentHash = artifact.content_hash;
      // The API keeps any text as the digest of a remote URI (the service did); a manifest only
      // takes digests it could check. Such a digest was never checked, so the verdict is the same.
      if (contentHash !== null && !CONTENT_HASH_PATTERN.test(contentHash)) {
        dropped.set(index, contentHash);
        contentHash = null;
      }
      const flags = artifact.metadata_json;
      return compact({
        id: artifact.id,
        kind: artifact.kind,
        path_or_uri: artifact.path_or_uri,
        content_hash: contentHash,
        created_at: artifact.created_at,
        metadata_json: compact({
          sbom_present: flags.sbom_present,
          slsa_provenance_present: flags.slsa_provenance_present,
          risk_assessment_present: flags.risk_assessment_present,
          additional_metadata: flags.additional_metadata,
        }),
        evidence: evidence.get(artifact.id),
      });
    }),
  };
  if (disclosurePack) {
    data.disclosure_pack = compact({
      id: disclosurePack.id,
      summary: disclosurePack.summary,
      artifact_ids: disclosurePack.artifact_ids,
      metadata: disclosurePack.metadata,
      created_at: disclosurePack.created_at,
    });
  }
  const policy = source ? policyChanges(source.policy) : undefined;
  if (policy) data.policy = policy;

  const doc = new Document(data, { version: '1.2' });
  doc.commentBefore = [
    ` Run ${JSON.stringify(run.id)}, exported by maestro-gate ${VERSION} (serve).`,
    ' Check it with: maestro-gate validate FILE && maestro-gate check FILE',
  ].join('\n');
  const artifactNodes = doc.get('artifacts', true);
  for (const [index, value] of dropped) {
    const node = isSeq(artifactNodes) ? artifactNodes.items[index] : undefined;
    // JSON quoting keeps a newline in the value from ending the comment.
    const quoted = JSON.stringify(value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value);
    if (isNode(node)) node.commentBefore = ` content_hash ${quoted} left out: a manifest takes only sha256:<64 hex> or sha512:<128 hex>.`;
  }
  return doc.toString({ lineWidth: 0 });
}

/** Drops nulls, empty lists, empty maps and false flags: the loader's defaults restore them. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    kept[key] = value;
  }
  return kept;
}

/** The keys of a preloaded run's policy that differ from the default policy. */
function policyChanges(policy: Policy): Record<string, unknown> | undefined {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(policy)) {
    if (JSON.stringify(value) !== JSON.stringify(DEFAULT_POLICY[key as keyof typeof DEFAULT_POLICY])) changed[key] = value;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
