/**
 * The domain model of Maestro Conductor, as zod schemas. These are the single source of the
 * TypeScript types, of manifest validation and (later) of the JSON Schema for editors.
 *
 * Every object is strict: an unknown key is an error, so a typo such as `sbom_presnt` can never
 * silently weaken the gate. Only `metadata` and `additional_metadata` are free-form.
 */
import { z } from 'zod';

export const RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const ARTIFACT_KINDS = [
  'sbom',
  'slsa_provenance',
  'risk_assessment',
  'specification',
  'build_log',
  'test_report',
  'other',
] as const;
export const ArtifactKind = z.enum(ARTIFACT_KINDS);
export type ArtifactKind = z.infer<typeof ArtifactKind>;

export const COMPLIANCE_FLAGS = ['sbom_present', 'slsa_provenance_present', 'risk_assessment_present'] as const;
export const ComplianceFlag = z.enum(COMPLIANCE_FLAGS);
export type ComplianceFlag = z.infer<typeof ComplianceFlag>;

/** Free-form map. Prototype-polluting keys are refused earlier, by the loader, for every map. */
export const FreeForm = z.record(z.string(), z.unknown());

const NonEmpty = z.string().trim().min(1, 'must not be empty');

/** ISO 8601 date-time as the service's pydantic `datetime` accepts it (offset optional). */
const Timestamp = z.iso.datetime({ offset: true, local: true });

/**
 * Run ids name report folders (`report-dir/<run-id>/`), so a manifest may only choose ids that
 * are safe as one path segment; ids generated over the API are UUIDs, which fit.
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const RunId = z
  .string()
  .regex(RUN_ID_PATTERN, 'must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');

/**
 * `sha256:<64 hex>` or `sha512:<128 hex>`. Uppercase hex is accepted and normalised to
 * lowercase; anything else (md5, a bare number, a truncated digest) is an error, because a
 * digest we cannot check must not look like one we did.
 */
export const CONTENT_HASH_PATTERN = /^(sha256:[0-9a-fA-F]{64}|sha512:[0-9a-fA-F]{128})$/;
/** Digests are compared in lowercase: a manifest's and an API request's alike. */
export function normalizeContentHash(value: string): string {
  return CONTENT_HASH_PATTERN.test(value) ? value.toLowerCase() : value;
}
export const ContentHash = z
  .string()
  .regex(CONTENT_HASH_PATTERN, 'must be sha256:<64 hex digits> or sha512:<128 hex digits>')
  // The pattern has matched: normalizeContentHash's own test would only run it a second time.
  .transform((value) => value.toLowerCase());

const NO_ADDITIONAL_METADATA: Record<string, unknown> = Object.freeze({});

export const ArtifactMetadata = z.strictObject({
  sbom_present: z.boolean().default(false),
  slsa_provenance_present: z.boolean().default(false),
  risk_assessment_present: z.boolean().default(false),
  // One frozen empty map for every artifact that has none: zod copies a literal default per parse.
  additional_metadata: FreeForm.default(() => NO_ADDITIONAL_METADATA),
});
export type ArtifactMetadata = z.infer<typeof ArtifactMetadata>;

/**
 * The eight flag records of artifacts without additional metadata, shared and frozen: a manifest
 * of 100,000 artifacts holds eight objects instead of 100,000, and each report encodes each once.
 */
const SHARED_METADATA = new Map<number, ArtifactMetadata>();
const METADATA_KEYS = ['sbom_present', 'slsa_provenance_present', 'risk_assessment_present', 'additional_metadata'] as const;

/**
 * `metadata`, or the shared frozen record equal to it, key order included. An empty
 * `additional_metadata` is recognised by what it holds, not by being the default's own object:
 * zod's compiled parser (large manifests) and the defaults of a missing `metadata_json` give a
 * fresh `{}` each, and 100,000 artifacts then held 200,000 objects their reports encoded one by one.
 */
export function sharedArtifactMetadata(metadata: ArtifactMetadata): ArtifactMetadata {
  if (!isEmptyRecord(metadata.additional_metadata)) return metadata;
  const keys = Object.keys(metadata);
  if (keys.length !== METADATA_KEYS.length || keys.some((key, index) => key !== METADATA_KEYS[index])) return metadata;
  const bits = Number(metadata.sbom_present) | (Number(metadata.slsa_provenance_present) << 1) | (Number(metadata.risk_assessment_present) << 2);
  let shared = SHARED_METADATA.get(bits);
  if (shared === undefined) {
    shared = Object.freeze({ ...metadata, additional_metadata: NO_ADDITIONAL_METADATA });
    SHARED_METADATA.set(bits, shared);
  }
  return shared;
}

function isEmptyRecord(value: Record<string, unknown>): boolean {
  if (value === NO_ADDITIONAL_METADATA) return true;
  return Object.getPrototypeOf(value) === Object.prototype && Reflect.ownKeys(value).length === 0;
}

const ArtifactMetadataDefaults = {
  sbom_present: false,
  slsa_provenance_present: false,
  risk_assessment_present: false,
  additional_metadata: {},
};

export const ManifestRun = z.strictObject({
  id: RunId.optional(),
  name: NonEmpty,
  owner: NonEmpty,
  status: RunStatus.default('pending'),
  started_at: Timestamp.optional(),
  finished_at: Timestamp.optional(),
  cost_estimate: z.number().nonnegative().optional(),
  cost_actual: z.number().nonnegative().optional(),
  related_entity_ids: z.array(z.string()).default([]),
  related_decision_ids: z.array(z.string()).default([]),
  metadata: FreeForm.default({}),
});
export type ManifestRun = z.infer<typeof ManifestRun>;

/**
 * Files that back the three flags (SPEC §5), relative to the workspace. Each is read once,
 * confined to the workspace and bounded in size, before the gate runs.
 */
export const Evidence = z.strictObject({
  sbom: NonEmpty.optional(),
  slsa_provenance: NonEmpty.optional(),
  risk_assessment: NonEmpty.optional(),
});
export type Evidence = z.infer<typeof Evidence>;

/** Which evidence key backs which flag. */
export const EVIDENCE_FOR_FLAG = {
  sbom_present: 'sbom',
  slsa_provenance_present: 'slsa_provenance',
  risk_assessment_present: 'risk_assessment',
} as const satisfies Record<ComplianceFlag, keyof Evidence>;

export const ManifestArtifact = z.strictObject({
  id: NonEmpty.max(256).optional(),
  run_id: z.string().optional(),
  kind: ArtifactKind,
  path_or_uri: NonEmpty,
  content_hash: ContentHash.optional(),
  created_at: Timestamp.optional(),
  metadata_json: ArtifactMetadata.default(ArtifactMetadataDefaults),
  evidence: Evidence.optional(),
});
export type ManifestArtifact = z.infer<typeof ManifestArtifact>;

export const ManifestDisclosurePack = z.strictObject({
  id: NonEmpty.max(256).optional(),
  summary: NonEmpty,
  artifact_ids: z.array(z.string()).default([]),
  metadata: FreeForm.default({}),
  created_at: Timestamp.optional(),
});
export type ManifestDisclosurePack = z.infer<typeof ManifestDisclosurePack>;

/**
 * Rules a waiver may name (SPEC §4). Integrity is deliberately absent: it cannot be waived. So
 * is `has_artifacts`: a waiver of it would turn a run with nothing to release into a pass.
 */
export const WAIVABLE_RULES = [
  'run_succeeded',
  'sbom_present',
  'slsa_provenance_present',
  'risk_assessment_present',
  'min_compliant_artifacts',
  'max_cost_overrun',
  'require_evidence',
] as const;
export const WaivableRule = z.enum(WAIVABLE_RULES);
export type WaivableRule = z.infer<typeof WaivableRule>;
/** Rules about the run as a whole: a waiver of one names `run: true`, not artifacts. */
export const RUN_RULES: readonly WaivableRule[] = ['run_succeeded', 'min_compliant_artifacts', 'max_cost_overrun'];

export const Waiver = z
  .strictObject({
    artifact_ids: z.array(NonEmpty).min(1, 'must name at least one artifact').optional(),
    run: z.literal(true).optional(),
    rule: WaivableRule,
    reason: NonEmpty,
    owner: NonEmpty,
    decision_id: NonEmpty.optional(),
    expires: z.iso.date('must be a date (YYYY-MM-DD)'),
  })
  .superRefine((waiver, context) => {
    if ((waiver.artifact_ids === undefined) === (waiver.run === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: 'must name either artifact_ids or run: true (exactly one)' });
    } else if (waiver.artifact_ids !== undefined && RUN_RULES.includes(waiver.rule)) {
      context.addIssue({ code: 'custom', path: ['artifact_ids'], message: `rule '${waiver.rule}' concerns the whole run: use run: true` });
    }
  });
export type Waiver = z.infer<typeof Waiver>;

export const Policy = z.strictObject({
  required_flags: z
    .array(ComplianceFlag)
    .min(1, 'must name at least one flag')
    .refine((flags) => new Set(flags).size === flags.length, 'must not repeat a flag')
    .default([...COMPLIANCE_FLAGS]),
  min_compliant_artifacts: z.number().int().min(1).default(1),
  require_evidence: z.boolean().default(false),
  verify_content_hash: z.boolean().default(true),
  max_cost_overrun: z.number().nonnegative().optional(),
  waivers: z.array(Waiver).default([]),
  /** PEM public keys (workspace paths) that DSSE signatures on provenance are checked against. */
  trusted_keys: z.array(NonEmpty).default([]),
  /** A Sigstore trusted_root.json (workspace path) for verifying Sigstore bundles offline. */
  sigstore_trusted_root: NonEmpty.optional(),
  /**
   * Who may sign Sigstore bundles: the certificate's identity (exactly, or by prefix, e.g. a
   * workflow path without its ref) and OIDC issuer. Required with `sigstore_trusted_root`:
   * a public root alone accepts a bundle signed by anyone.
   */
  sigstore_identities: z
    .array(
      z
        .strictObject({ issuer: NonEmpty, subject: NonEmpty.optional(), subject_prefix: NonEmpty.optional() })
        .refine((identity) => (identity.subject === undefined) !== (identity.subject_prefix === undefined), 'must give exactly one of subject or subject_prefix'),
    )
    .default([]),
  /** An unsigned or unverifiable provenance statement fails instead of counting as a claim. */
  require_signatures: z.boolean().default(false),
  /**
   * GitHub artifact attestations back `slsa_provenance_present` and `sbom_present` (SPEC §5a):
   * the gate reads those GitHub holds for each artifact's sha256 and verifies them offline.
   */
  github_attestations: z.boolean().default(false),
});
export type Policy = z.infer<typeof Policy>;
// Parsed once, at load: zod's eval-built fast path would be built for this one parse.
export const DEFAULT_POLICY: Policy = Policy.parse({}, { jitless: true });

export const Manifest = z.strictObject({
  version: z.literal(1).default(1),
  run: ManifestRun,
  artifacts: z.array(ManifestArtifact).default([]),
  disclosure_pack: ManifestDisclosurePack.optional(),
  policy: Policy.default(DEFAULT_POLICY),
});
export type Manifest = z.infer<typeof Manifest>;

// Stored entities: the service's shapes, with every default filled in. The store, the API's
// responses, the journal's replay and /openapi.json all use these; nothing re-declares them.

export const Run = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    owner: z.string(),
    status: RunStatus,
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    cost_estimate: z.number().nullable(),
    cost_actual: z.number().nullable(),
    related_entity_ids: z.array(z.string()),
    related_decision_ids: z.array(z.string()),
    metadata: FreeForm,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ description: 'A run of Maestro Conductor: a workflow or computation whose outputs may be released.' });
export type Run = z.infer<typeof Run>;

export const Artifact = z
  .strictObject({
    id: z.string(),
    run_id: z.string(),
    kind: ArtifactKind,
    path_or_uri: z.string(),
    content_hash: z.string().nullable(),
    created_at: z.string(),
    metadata_json: ArtifactMetadata,
  })
  .meta({ description: 'An output of a run, with the governance flags the release gate reads.' });
export type Artifact = z.infer<typeof Artifact>;

export const DisclosurePack = z
  .strictObject({
    id: z.string(),
    run_id: z.string(),
    summary: z.string(),
    artifact_ids: z.array(z.string()),
    metadata: FreeForm,
    created_at: z.string(),
  })
  .meta({ description: 'A summary of a run and the artifacts disclosed with it.' });
export type DisclosurePack = z.infer<typeof DisclosurePack>;
