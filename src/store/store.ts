/**
 * The in-memory store of Maestro Conductor: runs, artifacts and disclosure packs with the
 * service's operations. Every lookup is indexed (by id, by run), so loading or gating N
 * artifacts is O(N), never O(N²).
 */
import type { Artifact, DisclosurePack, Evidence, Policy, Run, RunStatus } from '../model/schema.js';

/** Thrown when an operation names an id the store does not hold; `message` is the service's text. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** Thrown when a create would overwrite an existing entity. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export interface RunFilter {
  owner?: string | undefined;
  status?: RunStatus | undefined;
}

/** A line and column in a manifest (1-based), where a field of the run is written. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where a run came from when a manifest declared it, and what the gate needs of it beyond the
 * service's fields: the manifest's own policy and the places its fields are written. A run made
 * over the API has none, and is judged by the trusted policy or the service's rule.
 */
export interface RunSource {
  file: string;
  manifestSha256: string;
  /** The manifest's `policy:` with its defaults filled in. */
  policy: Policy;
  /** The keys the manifest's `policy:` actually writes (not its defaults), for the policy merge. */
  policyKeys: ReadonlySet<string>;
  /** Where each waiver of `policy.waivers` starts, by position. */
  waiverPositions: readonly SourcePosition[];
  /** Where each artifact's entry starts in the manifest, by position. */
  artifactPositions: readonly SourcePosition[];
  /** Where a key path is written in the manifest, for annotations and errors. */
  locate: (keyPath: readonly (string | number)[]) => SourcePosition;
}

/** Everything the gate judges a run by, handed out in one call (`MaestroStore.gateInput`). */
export interface StoredRun {
  run: Run;
  artifacts: readonly Artifact[];
  /** The evidence files each artifact names, by artifact id; empty for a run made over the API. */
  evidence: ReadonlyMap<string, Evidence>;
  disclosurePack: DisclosurePack | null;
  source: RunSource | null;
}

export type RunUpdate = Partial<Pick<Run, 'status' | 'finished_at' | 'cost_actual' | 'metadata'>>;

export class MaestroStore {
  // Maps, not plain objects: ids are user data ("__proto__" is a valid artifact id).
  readonly #runs = new Map<string, Run>();
  // Manifests number artifacts per run (`artifact-1`, …), so ids are unique within a run; the
  // global index answers `GET /maestro/artifacts/{id}` with the first artifact of that id. It is
  // made from #created (every artifact, in the order made) on the first lookup: the Action never
  // makes one, and a map of 100,000 ids it would never read cost as much as the run's own.
  #artifacts: Map<string, Artifact> | undefined;
  #created: Artifact[] = [];
  readonly #artifactsByRun = new Map<string, Map<string, Artifact>>();
  readonly #packs = new Map<string, DisclosurePack>();
  readonly #packByRun = new Map<string, DisclosurePack>();
  // Kept beside the service's entities, never inside them: the API answers with the service's
  // shapes, and evidence paths and policies are not part of those.
  readonly #sources = new Map<string, RunSource>();
  readonly #evidenceByRun = new Map<string, Map<string, Evidence>>();

  createRun(run: Run, source?: RunSource): Run {
    if (this.#runs.has(run.id)) throw new ConflictError(`Run ${run.id} already exists`);
    this.#runs.set(run.id, run);
    this.#artifactsByRun.set(run.id, new Map());
    this.#evidenceByRun.set(run.id, new Map());
    if (source) this.#sources.set(run.id, source);
    return run;
  }

  /** The run with its artifacts, their evidence, its disclosure pack and where it came from. */
  gateInput(runId: string): StoredRun {
    const run = this.getRun(runId);
    return {
      run,
      artifacts: this.listArtifacts(runId),
      evidence: this.#evidenceByRun.get(runId)!,
      disclosurePack: this.getDisclosurePackForRun(runId),
      source: this.#sources.get(runId) ?? null,
    };
  }

  getRun(runId: string): Run {
    const run = this.#runs.get(runId);
    if (!run) throw new NotFoundError(`Run ${runId} not found`);
    return run;
  }

  hasRun(runId: string): boolean {
    return this.#runs.has(runId);
  }

  /** Runs in insertion order, filtered as the service's `GET /maestro/runs?owner=&status=`. */
  listRuns(filter: RunFilter = {}): Run[] {
    const runs: Run[] = [];
    for (const run of this.#runs.values()) {
      if (filter.owner !== undefined && run.owner !== filter.owner) continue;
      if (filter.status !== undefined && run.status !== filter.status) continue;
      runs.push(run);
    }
    return runs;
  }

  updateRun(runId: string, update: RunUpdate, now: string): Run {
    const current = this.getRun(runId);
    const updated: Run = { ...current, ...definedOnly(update), updated_at: now };
    this.#runs.set(runId, updated);
    return updated;
  }

  /** `evidence` is what a manifest's `evidence:` names for it; an artifact made over the API has none. */
  createArtifact(artifact: Artifact, evidence?: Evidence): Artifact {
    const byRun = this.#artifactsByRun.get(artifact.run_id);
    if (!byRun) throw new NotFoundError(`Run ${artifact.run_id} not found`);
    if (byRun.has(artifact.id)) throw new ConflictError(`Artifact ${artifact.id} already exists`);
    byRun.set(artifact.id, artifact);
    if (evidence) this.#evidenceByRun.get(artifact.run_id)!.set(artifact.id, evidence);
    if (this.#artifacts === undefined) this.#created.push(artifact);
    else if (!this.#artifacts.has(artifact.id)) this.#artifacts.set(artifact.id, artifact);
    return artifact;
  }

  /** The global index, made on first use, then kept as artifacts are made. */
  #index(): Map<string, Artifact> {
    if (this.#artifacts === undefined) {
      const index = new Map<string, Artifact>();
      for (const artifact of this.#created) if (!index.has(artifact.id)) index.set(artifact.id, artifact);
      this.#artifacts = index;
      this.#created = [];
    }
    return this.#artifacts;
  }

  getArtifact(artifactId: string): Artifact {
    const artifact = this.#index().get(artifactId);
    if (!artifact) throw new NotFoundError(`Artifact ${artifactId} not found`);
    return artifact;
  }

  hasArtifact(artifactId: string): boolean {
    return this.#index().has(artifactId);
  }

  /** Artifacts of one run in insertion order, or every artifact when no run is named. */
  listArtifacts(runId?: string): readonly Artifact[] {
    if (runId === undefined) return [...this.#artifactsByRun.values()].flatMap((byRun) => [...byRun.values()]);
    return [...(this.#artifactsByRun.get(runId)?.values() ?? [])];
  }

  createDisclosurePack(pack: DisclosurePack): DisclosurePack {
    const byRun = this.#artifactsByRun.get(pack.run_id);
    if (!byRun) throw new NotFoundError(`Run ${pack.run_id} not found`);
    for (const artifactId of pack.artifact_ids) {
      if (!byRun.has(artifactId)) throw new NotFoundError(`Artifact ${artifactId} not found`);
    }
    if (this.#packs.has(pack.id)) throw new ConflictError(`Disclosure pack ${pack.id} already exists`);
    this.#packs.set(pack.id, pack);
    this.#packByRun.set(pack.run_id, pack);
    return pack;
  }

  getDisclosurePack(packId: string): DisclosurePack {
    const pack = this.#packs.get(packId);
    if (!pack) throw new NotFoundError(`Disclosure pack ${packId} not found`);
    return pack;
  }

  /** The run's most recent disclosure pack, as the service's manifest endpoint returns it. */
  getDisclosurePackForRun(runId: string): DisclosurePack | null {
    return this.#packByRun.get(runId) ?? null;
  }

  listDisclosurePacks(): DisclosurePack[] {
    return [...this.#packs.values()];
  }
}

function definedOnly<T extends object>(update: T): Partial<T> {
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)) as Partial<T>;
}
