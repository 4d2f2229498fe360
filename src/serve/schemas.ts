/**
 * The service's request and response bodies, as zod schemas built from the model's own pieces
 * (`ManifestRun`, `ManifestArtifact`, `ArtifactMetadata`…), so that the API accepts exactly the
 * values a manifest accepts and an exported run always validates. These schemas validate
 * requests, validate journal records on replay, and generate `/openapi.json`.
 *
 * Request bodies are strict, like manifests: the Python service silently ignored unknown keys,
 * so `{"stauts": "succeeded"}` was a no-op that looked like a success; here it is a 422.
 */
import { z } from 'zod';
import { classifyLocation } from '../files/locations.js';
import { MANIFEST_DETAILS } from './compliance-answer.js';
import {
  ArtifactKind,
  ArtifactMetadata,
  CONTENT_HASH_PATTERN,
  FreeForm,
  ManifestArtifact,
  ManifestDisclosurePack,
  ManifestRun,
  Artifact as ArtifactSchema,
  DisclosurePack as DisclosurePackSchema,
  Run as RunSchema,
  RunStatus,
} from '../model/schema.js';

const Timestamp = ManifestRun.shape.finished_at.unwrap();
const Cost = ManifestRun.shape.cost_estimate.unwrap();

// Stored entities (responses, and journal records on replay): the model's own schemas.
export { ArtifactSchema, DisclosurePackSchema, RunSchema };

// ---------------------------------------------------------------------------------------------
// Requests (the service's CreateRunRequest, UpdateRunRequest, …)

export const CreateRunRequest = z
  .strictObject({
    name: ManifestRun.shape.name,
    owner: ManifestRun.shape.owner,
    // pydantic's `float | None = None`: an explicit null means "not given".
    cost_estimate: Cost.nullable().optional(),
    related_entity_ids: z.array(z.string()).default([]),
    related_decision_ids: z.array(z.string()).default([]),
    metadata: FreeForm.default({}),
  })
  .meta({
    description: 'A new run. Its id is generated, its status is `pending` and its `started_at` is now.',
    examples: [{ name: 'Production deployment check', owner: 'devops@example.com', cost_estimate: 5.0, related_entity_ids: [], related_decision_ids: [], metadata: {} }],
  });
export type CreateRunRequest = z.infer<typeof CreateRunRequest>;

export const UpdateRunRequest = z
  .strictObject({
    status: RunStatus.nullable().optional(),
    finished_at: Timestamp.nullable().optional(),
    cost_actual: Cost.nullable().optional(),
    metadata: FreeForm.nullable().optional(),
  })
  .meta({
    description: 'Fields to change; a field that is absent or null is left as it is. `metadata` replaces the whole map.',
    examples: [{ status: 'succeeded', cost_actual: 4.25, finished_at: '2025-11-22T10:00:00Z' }],
  });
export type UpdateRunRequest = z.infer<typeof UpdateRunRequest>;

export const CreateArtifactRequest = z
  .strictObject({
    run_id: z.string(),
    kind: ArtifactKind,
    path_or_uri: ManifestArtifact.shape.path_or_uri,
    content_hash: z.string().nullable().optional(),
    metadata_json: ArtifactMetadata.prefault({}),
  })
  .superRefine((request, context) => {
    // The rules a manifest applies to the same fields, so that an exported run validates and a
    // local file is judged as `check` would judge it.
    const location = classifyLocation(request.path_or_uri);
    if (location.kind === 'unsafe') {
      context.addIssue({ code: 'custom', path: ['path_or_uri'], message: `'${request.path_or_uri}' ${location.reason}` });
    }
    // A digest of a remote URI is never checked, so any text is kept as the service kept it; a
    // local file's digest is checked, so it must be one we can check.
    const hash = request.content_hash;
    if (location.kind === 'local' && hash !== undefined && hash !== null && !CONTENT_HASH_PATTERN.test(hash)) {
      context.addIssue({ code: 'custom', path: ['content_hash'], message: 'a local artifact\'s content_hash must be sha256:<64 hex digits> or sha512:<128 hex digits>' });
    }
  })
  .meta({
    description:
      'An artifact of an existing run. `path_or_uri` is a URI (never fetched) or a path relative to the workspace the service was started in, whose bytes are checked against `content_hash` as `maestro-gate check` does.',
    examples: [
      {
        run_id: 'RUN_ID',
        kind: 'other',
        path_or_uri: 's3://releases/bundle-v1.0.0.tgz',
        content_hash: `sha256:${'0'.repeat(64)}`,
        metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true },
      },
    ],
  });
export type CreateArtifactRequest = z.infer<typeof CreateArtifactRequest>;

export const CreateDisclosurePackRequest = z
  .strictObject({
    run_id: z.string(),
    summary: ManifestDisclosurePack.shape.summary,
    artifact_ids: z.array(z.string()).default([]),
    metadata: FreeForm.default({}),
  })
  .meta({
    description: 'A disclosure pack of an existing run; every artifact it names must be an artifact of that run.',
    examples: [{ run_id: 'RUN_ID', summary: 'Release bundle with SBOM, SLSA provenance and risk assessment', artifact_ids: ['ARTIFACT_ID'], metadata: {} }],
  });
export type CreateDisclosurePackRequest = z.infer<typeof CreateDisclosurePackRequest>;

export const ListRunsQuery = z.object({
  owner: z.string().optional().meta({ description: 'Only runs of this owner.' }),
  status: RunStatus.optional().meta({ description: 'Only runs in this status.' }),
});
export const ListArtifactsQuery = z.object({
  run_id: z.string().optional().meta({ description: 'Only artifacts of this run.' }),
});
export const ManifestQuery = z.object({
  format: z.enum(['json', 'yaml']).default('json').meta({ description: '`yaml` returns the run as a maestro.yml that `maestro-gate validate` accepts.' }),
  detail: z
    .enum(MANIFEST_DETAILS)
    .default('service')
    .meta({
      description:
        "`service` (the default): the compliance report in the service's shape, with our fields only where they change what it says (waivers, failed bytes or evidence, another policy). `full`: the whole report, as `manifest.json` holds it.",
    }),
});

export const RunIdParams = z.object({ run_id: z.string() });
export const ArtifactIdParams = z.object({ artifact_id: z.string() });
export const PackIdParams = z.object({ pack_id: z.string() });

// ---------------------------------------------------------------------------------------------
// Other responses

export const ReleaseGateSchema = z
  .object({
    run_id: z.string(),
    passed: z.boolean(),
    message: z.string(),
    details: FreeForm,
  })
  .meta({ description: 'The verdict of the release gate, as `release-gate.json` holds it.' });

const ComplianceArtifactSchema = z.looseObject({
  artifact_id: z.string(),
  kind: ArtifactKind,
  sbom_present: z.boolean(),
  slsa_provenance_present: z.boolean(),
  risk_assessment_present: z.boolean(),
  compliant: z.boolean(),
});

export const ComplianceReportSchema = z
  .looseObject({
    run_id: z.string(),
    run_name: z.string(),
    run_status: RunStatus,
    release_gate_passed: z.boolean(),
    release_gate_message: z.string(),
    artifacts: z.array(ComplianceArtifactSchema),
    summary: z.object({ total_artifacts: z.number().int(), compliant_artifacts: z.number().int() }),
  })
  .meta({
    description:
      "The compliance report: the service's fields, and ours (reasons, evidence, waivers) for every artifact they change, or for all with `?detail=full`, as `compliance-report.json` holds it.",
  });

export const RunManifestSchema = z
  .object({
    run: RunSchema,
    artifacts: z.array(ArtifactSchema),
    disclosure_pack: DisclosurePackSchema.nullable(),
    compliance_report: ComplianceReportSchema,
  })
  .meta({ description: 'A run with its artifacts, its disclosure pack and its compliance report, as `manifest.json` holds it.' });

export const HealthSchema = z.object({ status: z.literal('ok'), service: z.literal('maestro'), version: z.string(), storage: z.enum(['memory', 'journal']) });

export const NotFoundSchema = z.object({ detail: z.string() }).meta({ description: 'The entity named in the path or the body does not exist.' });

export const ValidationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
  ctx: FreeForm.optional(),
});
export const ValidationErrorSchema = z
  .object({ detail: z.array(ValidationIssueSchema) })
  .meta({ description: 'The request was not valid: one entry per problem, located as FastAPI locates it (`["body", "name"]`).' });
