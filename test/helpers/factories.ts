/**
 * The domain model, hand-made for tests: runs, artifacts, disclosure packs, the facts the
 * evidence layer would have found, a loaded manifest, and a whole run verdict. The verdict goes
 * through the real `evaluateReleaseGate` and report/json builders, so a renderer test judges
 * what the Action would print, never a verdict written by hand to look like one.
 *
 * Every default is the plainest value that passes the schema: run `run-1`, status `succeeded`,
 * no costs or dates, artifacts of kind `other` at `dist/<id>.tgz` with no content_hash and every
 * flag false, the fixed clock of `NOW`. A test that needs another value passes it; the defaults
 * are part of many tests' expectations, so change one only with every test that reads it.
 */
import type { CheckResult, RunVerdict } from '../../src/core/check.js';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { ArtifactFacts, EvidenceFact, IntegrityFact } from '../../src/gate/types.js';
import type { LoadedRun } from '../../src/manifest/load.js';
import {
  COMPLIANCE_FLAGS,
  DEFAULT_POLICY,
  Manifest,
  type Artifact,
  type ArtifactMetadata,
  type ComplianceFlag,
  type DisclosurePack,
  type Policy,
  type Run,
} from '../../src/model/schema.js';
import { NOW } from './workspace.js';

export { NOW };

/** A `sha256:` digest made of one repeated hex digit: `sha256Hex('a')` is sixty-four a's. */
export const sha256Hex = (digit: string): string => `sha256:${digit.repeat(64)}`;

/** The three compliance flags, each declared true or false. */
export type Flags = Partial<Record<ComplianceFlag, boolean>>;

/** Every compliance flag declared: an artifact the default policy counts as compliant. */
export const ALL_FLAGS = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true } as const satisfies Flags;

/** A run as the store holds it. Key order is the schema's, whatever `overrides` holds. */
export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    name: 'release 1.0',
    owner: 'platform',
    status: 'succeeded',
    started_at: null,
    finished_at: null,
    cost_estimate: null,
    cost_actual: null,
    related_entity_ids: [],
    related_decision_ids: [],
    metadata: {},
    created_at: NOW,
    updated_at: NOW,
    ...overrides,
  };
}

/** An artifact of run `run-1` declaring `flags` (the others false), as the store holds it. */
export function makeArtifact(id: string, flags: Partial<ArtifactMetadata> = {}, overrides: Partial<Artifact> = {}): Artifact {
  return {
    id,
    run_id: 'run-1',
    kind: 'other',
    path_or_uri: `dist/${id}.tgz`,
    content_hash: null,
    created_at: NOW,
    metadata_json: { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false, additional_metadata: {}, ...flags },
    ...overrides,
  };
}

/** A disclosure pack of run `run-1` naming no artifact. */
export function makePack(id = 'pack-1', overrides: Partial<DisclosurePack> = {}): DisclosurePack {
  return { id, run_id: 'run-1', summary: `pack ${id}`, artifact_ids: [], metadata: {}, created_at: NOW, ...overrides };
}

// --- facts: what hashing and the evidence verifiers would have found ---

/** The bytes hashed to the declared digest (sixty-four a's), 1 KiB of them. */
export const VERIFIED_INTEGRITY: IntegrityFact = { status: 'verified', algorithm: 'sha256', digest: sha256Hex('a'), size: 1024 };

/** The same fact for every flag. */
export function evidenceOf(fact: EvidenceFact): ArtifactFacts['evidence'] {
  return Object.fromEntries(COMPLIANCE_FLAGS.map((flag) => [flag, fact])) as ArtifactFacts['evidence'];
}

/** No evidence file declared for any flag: the flags count as declared unless evidence is required. */
export const NO_EVIDENCE = evidenceOf({ status: 'absent', reason: 'no evidence' });

/** An evidence file that proves every flag. */
export const VERIFIED_EVIDENCE = evidenceOf({ status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'verified', details: {} });

/**
 * Facts for exactly the artifacts `integrity` names, with `evidence` for each. An artifact left
 * out has no facts at all, which the gate reads as integrity not checked and no evidence.
 */
export function factsFor(integrity: Record<string, IntegrityFact>, evidence: ArtifactFacts['evidence'] = NO_EVIDENCE): Map<string, ArtifactFacts> {
  return new Map(Object.entries(integrity).map(([id, fact]) => [id, { integrity: fact, evidence }]));
}

/** Facts for every one of `artifacts`: its entry of `integrity` or `VERIFIED_INTEGRITY`, and `evidence`. */
export function makeFacts(
  artifacts: readonly Artifact[],
  options: { integrity?: Record<string, IntegrityFact>; evidence?: ArtifactFacts['evidence'] } = {},
): Map<string, ArtifactFacts> {
  const evidence = options.evidence ?? NO_EVIDENCE;
  return new Map(artifacts.map((artifact) => [artifact.id, { integrity: options.integrity?.[artifact.id] ?? VERIFIED_INTEGRITY, evidence }]));
}

// --- a loaded manifest and the verdict on it ---

/**
 * The loader's record of `run`'s manifest, `maestro.yml`: the artifacts in order, each entry six
 * lines below the last from line 8, no waiver, no policy key written, every other key at 1:1.
 */
export function makeLoadedRun(run: Run, artifacts: readonly Artifact[], overrides: Partial<LoadedRun> = {}): LoadedRun {
  return {
    runId: run.id,
    file: 'maestro.yml',
    manifestSha256: 'f'.repeat(64),
    policy: DEFAULT_POLICY,
    // Parsed only when not given: a hostile run name may be one the schema refuses.
    manifest: overrides.manifest ?? Manifest.parse({ run: { name: run.name, owner: run.owner } }),
    artifactIds: artifacts.map((artifact) => artifact.id),
    waiverPositions: [],
    policyKeys: new Set<string>(),
    locate: () => ({ line: 1, column: 1 }),
    locateAll: (requests) =>
      requests.map(({ keyPath }) => (keyPath.length === 2 && keyPath[0] === 'artifacts' && typeof keyPath[1] === 'number' ? { line: 8 + keyPath[1] * 6, column: 5 } : { line: 1, column: 1 })),
    artifactPositions: artifacts.map((_, index) => ({ line: 8 + index * 6, column: 5 })),
    disclosurePackId: null,
    ...overrides,
  };
}

export interface VerdictInput {
  /** Default `makeRun()`. */
  run?: Run;
  artifacts?: readonly Artifact[];
  /** Laid over `DEFAULT_POLICY`. */
  policy?: Partial<Policy>;
  /** Default `makeFacts(artifacts, { integrity, evidence })`. */
  facts?: Map<string, ArtifactFacts>;
  integrity?: Record<string, IntegrityFact>;
  evidence?: ArtifactFacts['evidence'];
  pack?: DisclosurePack | null;
  /** The day waivers are judged on (YYYY-MM-DD); the gate's own default when absent. */
  today?: string;
  /** Laid over `makeLoadedRun(run, artifacts)`, e.g. `{ file: 'docs/maestro.yml' }`. */
  loaded?: Partial<LoadedRun>;
  /** Default: the manifest's own policy, with no finding, waiver site or trust file. */
  policySource?: RunVerdict['policySource'];
  policyFindings?: RunVerdict['policyFindings'];
  waiverSites?: RunVerdict['waiverSites'];
  trustFiles?: RunVerdict['trustFiles'];
}

/** One run's verdict, judged by the real gate. */
export function makeVerdict(input: VerdictInput = {}): RunVerdict {
  const run = input.run ?? makeRun();
  const artifacts = input.artifacts ?? [];
  const policy: Policy = { ...DEFAULT_POLICY, ...input.policy };
  const pack = input.pack ?? null;
  const facts = input.facts ?? makeFacts(artifacts, { integrity: input.integrity, evidence: input.evidence });
  const gate = evaluateReleaseGate(run, artifacts, policy, facts, input.today);
  return {
    loaded: makeLoadedRun(run, artifacts, { policy, disclosurePackId: pack?.id ?? null, ...input.loaded }),
    run,
    artifacts,
    evidence: new Map(),
    disclosurePack: pack,
    policy,
    policySource: input.policySource ?? { kind: 'manifest' },
    policyFindings: input.policyFindings ?? [],
    waiverSites: input.waiverSites ?? [],
    trustFiles: input.trustFiles ?? [],
    gate,
  };
}

/** The result of checking `runs`: passed only when there is a run and every run passed. */
export function makeCheckResult(...runs: RunVerdict[]): CheckResult {
  return { runs, passed: runs.length > 0 && runs.every((verdict) => verdict.gate.passed) };
}
