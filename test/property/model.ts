/**
 * A small reference model of SPEC §4, written from the spec and not from src/gate: the rules in
 * their order, the service's sentences, the policy's knobs and waivers, and integrity. The
 * property files compare the real gate with it; this file also holds the arbitraries that make
 * valid manifests (plain objects, as a user would write them) and the facts the evidence layer
 * would have gathered about each artifact.
 */
import fc from 'fast-check';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { ArtifactFacts, EvidenceFact, GateResult, IntegrityFact } from '../../src/gate/types.js';
import { Manifest } from '../../src/model/schema.js';
import { MaestroStore } from '../../src/store/store.js';
import { makeArtifact, makeRun, NOW } from '../helpers/factories.js';

export const TODAY = NOW.slice(0, 10);
export { NOW };

export const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const FLAGS = ['sbom_present', 'slsa_provenance_present', 'risk_assessment_present'] as const;
export type Flag = (typeof FLAGS)[number];
const LABEL: Record<Flag, string> = { sbom_present: 'SBOM', slsa_provenance_present: 'SLSA provenance', risk_assessment_present: 'risk assessment' };
const KINDS = ['sbom', 'slsa_provenance', 'risk_assessment', 'specification', 'build_log', 'test_report', 'other'] as const;
// `has_artifacts` is not waivable (SPEC §4): a waiver of it is an invalid manifest, tested apart.
const RUN_RULES = ['run_succeeded', 'min_compliant_artifacts', 'max_cost_overrun'] as const;
/** Expired, expiring within 14 days, and well in force, as seen on TODAY. */
const EXPIRIES = ['2024-04-30', '2024-05-01', '2024-05-10', '2025-01-01'] as const;

/** A manifest as plain data: what a user writes, before defaults. */
export interface ManifestObject {
  run: { name: string; owner: string; status?: string; cost_estimate?: number; cost_actual?: number; [key: string]: unknown };
  artifacts?: ArtifactObject[];
  policy?: PolicyObject;
  [key: string]: unknown;
}
export interface ArtifactObject {
  id?: string;
  kind: string;
  path_or_uri: string;
  metadata_json?: Partial<Record<Flag, boolean>> & { additional_metadata?: Record<string, unknown> };
  [key: string]: unknown;
}
export interface WaiverObject {
  rule: string;
  run?: true;
  artifact_ids?: string[];
  reason: string;
  owner: string;
  expires: string;
}
export interface PolicyObject {
  required_flags?: Flag[];
  min_compliant_artifacts?: number;
  require_evidence?: boolean;
  /** Whole percents / 100, so the model can compare exactly in integers. */
  max_cost_overrun?: number;
  waivers?: WaiverObject[];
  [key: string]: unknown;
}

/** The facts for one artifact, by id. */
export type Facts = Map<string, ArtifactFacts>;

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((value) => value.trim() !== '');
/** Present or not; absent about once in `freq` (fast-check's meaning of freq). */
const optional = <T>(arbitrary: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq });

/** Drops keys whose value is undefined: a key the user did not write, not one set to null. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

export interface ManifestOptions {
  waivers?: boolean;
  maxArtifacts?: number;
}

/** Valid manifests: every field the gate reads, each present or absent, artifacts at remote URIs. */
export function manifestArbitrary(options: ManifestOptions = {}): fc.Arbitrary<ManifestObject> {
  const maxArtifacts = options.maxArtifacts ?? 6;
  // Mostly true, so that passing runs are common enough for every rule to be exercised both ways.
  const flag = fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(undefined) });
  const flags = fc.record({ sbom_present: flag, slsa_provenance_present: flag, risk_assessment_present: flag }).map(compact);
  const artifact = (index: number) =>
    fc
      .record({
        id: optional(fc.constant(`a${index}`)),
        kind: fc.constantFrom(...KINDS),
        path_or_uri: fc.constantFrom(`oci://registry/app:${index}`, `s3://bucket/${index}.tgz`, `https://example.com/${index}`),
        metadata_json: optional(flags),
      })
      .map(compact);
  const artifacts = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: maxArtifacts }) }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => artifact(index))));
  const run = fc
    .record({
      name: text,
      owner: text,
      status: fc.oneof({ weight: 6, arbitrary: fc.constant('succeeded') }, { weight: 2, arbitrary: optional(fc.constantFrom(...STATUSES)) }),
      cost_estimate: optional(fc.integer({ min: 0, max: 50 })),
      cost_actual: optional(fc.integer({ min: 0, max: 80 })),
    })
    .map(compact);
  const requiredFlags = fc.shuffledSubarray([...FLAGS], { minLength: 1 });
  const policy = fc
    .record({
      required_flags: optional(requiredFlags),
      min_compliant_artifacts: optional(fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) })),
      require_evidence: optional(fc.boolean()),
      max_cost_overrun: optional(fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100)),
    })
    .map(compact);
  return fc
    .record({ run, artifacts: optional(artifacts.map((list) => [...list] as ArtifactObject[]), 10), policy: optional(policy) })
    .map(compact)
    .chain((manifest) => {
      if (!options.waivers) return fc.constant(manifest as ManifestObject);
      const ids = (manifest.artifacts ?? []).map((entry, index) => entry.id ?? `artifact-${index + 1}`);
      return fc.array(waiverArbitrary(ids), { maxLength: 3 }).map((waivers) => {
        if (waivers.length === 0) return manifest as ManifestObject;
        return { ...manifest, policy: { ...(manifest.policy ?? {}), waivers } } as ManifestObject;
      });
    });
}

function waiverArbitrary(artifactIds: string[]): fc.Arbitrary<WaiverObject> {
  const common = { reason: text, owner: text, expires: fc.constantFrom(...EXPIRIES) };
  const runWaiver = fc.record({ rule: fc.constantFrom<string>(...RUN_RULES, ...FLAGS, 'require_evidence'), run: fc.constant(true as const), ...common });
  if (artifactIds.length === 0) return runWaiver;
  const artifactWaiver = fc.record({ rule: fc.constantFrom<string>(...FLAGS, 'require_evidence'), artifact_ids: fc.shuffledSubarray(artifactIds, { minLength: 1 }), ...common });
  return fc.oneof(runWaiver, artifactWaiver);
}

const EVIDENCE_SOUND: EvidenceFact[] = [
  { status: 'absent', reason: 'no evidence' },
  { status: 'verified', path: 'evidence/x.json', sha256: 'a'.repeat(64), reason: 'verified', details: {} },
  { status: 'verified', path: 'evidence/y.json', sha256: 'e'.repeat(64), reason: 'verified', details: {} },
];
const INTEGRITY_SOUND: IntegrityFact[] = [
  { status: 'not_verified', reason: 'remote oci: URI, never fetched' },
  { status: 'verified', algorithm: 'sha256', digest: `sha256:${'c'.repeat(64)}`, size: 1 },
];
const evidenceFact = fc.oneof(
  { weight: 3, arbitrary: fc.constant<EvidenceFact>({ status: 'absent', reason: 'no evidence' }) },
  { weight: 6, arbitrary: fc.constant<EvidenceFact>({ status: 'verified', path: 'evidence/x.json', sha256: 'a'.repeat(64), reason: 'verified', details: {} }) },
  { weight: 1, arbitrary: fc.constant<EvidenceFact>({ status: 'failed', path: 'evidence/x.json', sha256: 'b'.repeat(64), reason: 'does not verify', details: {} }) },
);
const integrityFact = fc.oneof(
  { weight: 12, arbitrary: fc.constant<IntegrityFact>({ status: 'not_verified', reason: 'remote oci: URI, never fetched' }) },
  { weight: 12, arbitrary: fc.constant<IntegrityFact>({ status: 'verified', algorithm: 'sha256', digest: `sha256:${'c'.repeat(64)}`, size: 1 }) },
  { weight: 1, arbitrary: fc.constant<IntegrityFact>({ status: 'mismatch', expected: `sha256:${'c'.repeat(64)}`, actual: `sha256:${'d'.repeat(64)}`, size: 1 }) },
  { weight: 1, arbitrary: fc.constant<IntegrityFact>({ status: 'unreadable', code: 'FILE_NOT_FOUND', reason: 'x does not exist' }) },
);
const factsOf = (integrity: fc.Arbitrary<IntegrityFact>, evidence: fc.Arbitrary<EvidenceFact>): fc.Arbitrary<ArtifactFacts> =>
  fc.record({ integrity, evidence: fc.record({ sbom_present: evidence, slsa_provenance_present: evidence, risk_assessment_present: evidence }) });
/** Mostly sound artifacts (nothing failed), so that one broken artifact among several is the usual failure. */
const factsOne = fc.oneof(
  { weight: 5, arbitrary: factsOf(fc.constantFrom(...INTEGRITY_SOUND), fc.constantFrom(...EVIDENCE_SOUND)) },
  { weight: 1, arbitrary: factsOf(integrityFact, evidenceFact) },
);

/** Effective artifact ids, as SPEC §2 defines the defaults. */
export function artifactIds(manifest: ManifestObject): string[] {
  return (manifest.artifacts ?? []).map((artifact, index) => artifact.id ?? `artifact-${index + 1}`);
}

/** A manifest with facts for each of its artifacts. */
export function manifestWithFacts(options: ManifestOptions = {}): fc.Arbitrary<{ manifest: ManifestObject; facts: Facts }> {
  return manifestArbitrary(options).chain((manifest) => {
    const ids = artifactIds(manifest);
    return fc.tuple(...ids.map(() => factsOne)).map((list) => ({ manifest, facts: new Map(ids.map((id, index) => [id, list[index]!])) }));
  });
}

/** The facts a run without files has: nothing verified, nothing declared as evidence. */
export function neutralFacts(ids: readonly string[]): Facts {
  const absent: EvidenceFact = { status: 'absent', reason: 'no evidence' };
  return new Map(ids.map((id) => [id, { integrity: { status: 'not_verified', reason: 'never fetched' }, evidence: { sbom_present: absent, slsa_provenance_present: absent, risk_assessment_present: absent } }]));
}

/* ------------------------------------------------------------------------- the model */

export type Rule = 'run_succeeded' | 'has_artifacts' | 'min_compliant_artifacts' | 'max_cost_overrun' | 'integrity';

export interface ModelVerdict {
  passed: boolean;
  /** Every failing rule, in the order SPEC §4 evaluates them. */
  failures: Rule[];
  /** The message exactly, where the spec (or the service) fixes it. */
  message?: string;
  /** Otherwise what it must start with, and the ids it must name. */
  prefix?: string;
  names?: string[];
  compliantIds: string[];
}

interface ModelPolicy {
  required: Flag[];
  min: number;
  requireEvidence: boolean;
  overrunPercent: number | undefined;
  waivers: WaiverObject[];
}

/** SPEC §4 on plain data: `manifest` as written (defaults applied here), `facts` per artifact id. */
export function referenceGate(manifest: ManifestObject, facts: Facts): ModelVerdict {
  const policy: ModelPolicy = {
    required: manifest.policy?.required_flags ?? [...FLAGS],
    min: manifest.policy?.min_compliant_artifacts ?? 1,
    requireEvidence: manifest.policy?.require_evidence ?? false,
    overrunPercent: manifest.policy?.max_cost_overrun === undefined ? undefined : Math.round(manifest.policy.max_cost_overrun * 100),
    waivers: manifest.policy?.waivers ?? [],
  };
  const inForce = policy.waivers.filter((waiver) => waiver.expires >= TODAY);
  const waived = (rule: string, artifactId?: string): boolean =>
    inForce.some((waiver) => waiver.rule === rule && (waiver.run === true || (artifactId !== undefined && (waiver.artifact_ids ?? []).includes(artifactId))));

  const ids = artifactIds(manifest);
  const judged = (manifest.artifacts ?? []).map((artifact, index) => {
    const id = ids[index]!;
    const fact = facts.get(id);
    const missing = policy.required.filter((flag) => {
      const declared = artifact.metadata_json?.[flag] === true;
      const verified = fact?.evidence[flag].status === 'verified';
      if (declared && (!policy.requireEvidence || verified)) return false;
      // A flag waiver lifts the flag; a require_evidence waiver lifts only the evidence, for a declared flag.
      return !(waived(flag, id) || (declared && waived('require_evidence', id)));
    });
    const broken =
      fact?.integrity.status === 'mismatch' || fact?.integrity.status === 'unreadable' || FLAGS.some((flag) => fact?.evidence[flag].status === 'failed');
    return { id, missing, broken };
  });

  const failures: Rule[] = [];
  const status = manifest.run.status ?? 'pending';
  if (status !== 'succeeded' && !waived('run_succeeded')) failures.push('run_succeeded');
  if (judged.length === 0) failures.push('has_artifacts');
  const byFlags = judged.filter((entry) => entry.missing.length === 0);
  const short = judged.length > 0 && byFlags.length < policy.min;
  if (short && !waived('min_compliant_artifacts')) failures.push('min_compliant_artifacts');
  const cost = costProblem(manifest.run.cost_estimate, manifest.run.cost_actual, policy.overrunPercent);
  if (cost !== undefined && !waived('max_cost_overrun')) failures.push('max_cost_overrun');
  const broken = judged.filter((entry) => entry.broken);
  if (broken.length > 0) failures.push('integrity');

  const compliantIds = judged.filter((entry) => entry.missing.length === 0 && !entry.broken).map((entry) => entry.id);
  const first = failures[0];
  const verdict: ModelVerdict = { passed: first === undefined, failures, compliantIds };
  const labels = policy.required.map((flag) => LABEL[flag]).join(' + ');
  const serviceRule = policy.required.length === 3 && policy.min === 1 && !policy.requireEvidence;
  switch (first) {
    case undefined:
      return { ...verdict, message: `Release gate passed: ${compliantIds.length} compliant artifact(s) found` };
    case 'run_succeeded':
      return { ...verdict, message: `Run status is '${status}', must be 'succeeded'` };
    case 'has_artifacts':
      return { ...verdict, message: 'No artifacts found for this run' };
    case 'min_compliant_artifacts': {
      const named = judged.filter((entry) => entry.missing.length > 0).slice(0, 5).map((entry) => entry.id);
      if (byFlags.length === 0 && serviceRule) return { ...verdict, message: 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)' };
      if (byFlags.length === 0) return { ...verdict, prefix: `No artifacts meet compliance requirements (${labels}): `, names: named };
      return { ...verdict, prefix: `Only ${byFlags.length} compliant artifact(s) found, policy requires at least ${policy.min} (${labels}): `, names: named };
    }
    case 'max_cost_overrun':
      return { ...verdict, prefix: cost! };
    case 'integrity':
      return { ...verdict, prefix: `Integrity check failed for ${broken.length} artifact(s): `, names: broken.slice(0, 5).map((entry) => entry.id) };
  }
  throw new Error(`unknown rule ${String(first)}`);
}

/** The start of the cost rule's message when it fails, in exact integer arithmetic. */
function costProblem(estimate: number | undefined, actual: number | undefined, percent: number | undefined): string | undefined {
  if (percent === undefined) return undefined;
  if (estimate === undefined) return 'Run has no cost_estimate';
  if (actual === undefined) return 'Run has no cost_actual';
  const within = estimate === 0 ? actual === 0 : (actual - estimate) * 100 <= percent * estimate;
  return within ? undefined : `Run cost_actual ${actual} exceeds cost_estimate ${estimate} `;
}

/** Differences between the real gate's verdict and the model's, in words; empty when they agree. */
export function disagreements(gate: GateResult, model: ModelVerdict): string[] {
  const problems: string[] = [];
  if (gate.passed !== model.passed) problems.push(`passed: gate ${gate.passed}, model ${model.passed}`);
  const rules = gate.failures.map((failure) => failure.rule);
  if (JSON.stringify(rules) !== JSON.stringify(model.failures)) problems.push(`failures: gate ${JSON.stringify(rules)}, model ${JSON.stringify(model.failures)}`);
  if (model.message !== undefined && gate.message !== model.message) problems.push(`message: gate ${JSON.stringify(gate.message)}, model ${JSON.stringify(model.message)}`);
  if (model.prefix !== undefined && !gate.message.startsWith(model.prefix)) problems.push(`message: gate ${JSON.stringify(gate.message)} does not start with ${JSON.stringify(model.prefix)}`);
  for (const name of model.names ?? []) if (!gate.message.includes(name)) problems.push(`message ${JSON.stringify(gate.message)} does not name ${name}`);
  const compliant = gate.artifacts.filter((evaluation) => evaluation.compliant).map((evaluation) => evaluation.artifact_id);
  if (JSON.stringify(compliant) !== JSON.stringify(model.compliantIds)) problems.push(`compliant: gate ${JSON.stringify(compliant)}, model ${JSON.stringify(model.compliantIds)}`);
  if (gate.passed && JSON.stringify(gate.details.compliant_artifact_ids) !== JSON.stringify(model.compliantIds)) problems.push('details.compliant_artifact_ids');
  return problems;
}

/** Fails with every difference spelled out (the counterexample file keeps the message). */
export function expectAgreement(gate: GateResult, model: ModelVerdict): void {
  const problems = disagreements(gate, model);
  if (problems.length > 0) throw new Error(`the gate disagrees with the model of SPEC §4: ${problems.join('; ')}`);
}

/* ------------------------------------------------------------------------- the real gate */

/**
 * The pure pieces the loader chains: the zod schema, the store, the gate. Throws when the schema
 * refuses `manifest` (the arbitraries only make valid ones).
 */
export function realGate(manifest: unknown, facts: Facts | ((ids: string[]) => Facts), runId = 'run-1'): GateResult {
  const parsed = Manifest.safeParse(manifest);
  if (!parsed.success) throw new Error(`the schema refused a generated manifest: ${parsed.error.message}`);
  return gateOfManifest(parsed.data, facts, runId);
}

/** The store and the gate on a manifest the schema already accepted (as `validateManifest` returns it). */
export function gateOfManifest(data: Manifest, facts: Facts | ((ids: string[]) => Facts), runId = 'run-1'): GateResult {
  const store = new MaestroStore();
  // The loader's mapping (src/manifest/load.ts), through the one module of model factories.
  store.createRun(
    makeRun({
      id: runId,
      name: data.run.name,
      owner: data.run.owner,
      status: data.run.status,
      started_at: data.run.started_at ?? null,
      finished_at: data.run.finished_at ?? null,
      cost_estimate: data.run.cost_estimate ?? null,
      cost_actual: data.run.cost_actual ?? null,
      related_entity_ids: data.run.related_entity_ids,
      related_decision_ids: data.run.related_decision_ids,
      metadata: data.run.metadata,
      created_at: NOW,
      updated_at: NOW,
    }),
  );
  const ids = data.artifacts.map((artifact, index) => artifact.id ?? `artifact-${index + 1}`);
  data.artifacts.forEach((artifact, index) => {
    store.createArtifact(makeArtifact(ids[index]!, {}, { run_id: runId, kind: artifact.kind, path_or_uri: artifact.path_or_uri, content_hash: artifact.content_hash ?? null, created_at: NOW, metadata_json: artifact.metadata_json }));
  });
  const factMap = typeof facts === 'function' ? facts(ids) : facts;
  return evaluateReleaseGate(store.getRun(runId), store.listArtifacts(runId), data.policy, factMap, TODAY);
}
