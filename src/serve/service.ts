/**
 * The Maestro Conductor service's operations over the core: the same store the Action fills and
 * the same `evaluateRun` (facts, then gate) as `check`, so a run gets the same verdict here as
 * from the Action or the CLI; the service adds only its cache. The HTTP layer only parses and answers;
 * everything a request changes goes through `applyRecord`, which is also how the journal
 * replays, so a restarted service holds exactly what the running one acknowledged.
 */
import { evaluateRun } from '../core/evaluate-run.js';
import { runPolicy } from '../core/policy.js';
import { judgementTime } from '../environment.js';
import { gatePolicyOf } from '../policy/rules.js';
import type { TrustedPolicy } from '../policy/trusted.js';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GateResult } from '../gate/types.js';
import { DEFAULT_POLICY, normalizeContentHash, type Artifact, type DisclosurePack, type Policy, type Run, type RunStatus } from '../model/schema.js';
import { buildComplianceReport, buildReleaseGateJson, buildRunManifestJson, type ReleaseGateJson, type RunManifestJson } from '../report/json.js';
import type { MaestroStore, RunSource } from '../store/store.js';
import { serviceComplianceReport, type ManifestDetail, type ServiceComplianceReportJson } from './compliance-answer.js';
import { renderManifestYaml } from './export.js';
import type { Journal, JournalRecord } from './journal.js';
import { applyRecord, runOf, toRunUpdate } from './records.js';
import type { CreateArtifactRequest, CreateDisclosurePackRequest, CreateRunRequest, UpdateRunRequest } from './schemas.js';

export { applyRecord };

export interface ServiceOptions {
  store: MaestroStore;
  /** The folder local artifact paths and evidence files are read from, as `check --workspace`. */
  workspace: string;
  /** Where writes are made durable; null keeps the store in memory only, as the service did. */
  journal?: Journal | null;
  now: () => string;
  /** When waivers and risk assessments are judged: the real clock, never a reproducible stamp. */
  judgementClock?: () => string;
  /** Applied to every run: a preloaded manifest may only tighten it, an API run gets it as is. */
  trustedPolicy?: TrustedPolicy;
  newId?: () => string;
}

export interface RunEvaluation {
  run: Run;
  artifacts: readonly Artifact[];
  policy: Policy;
  gate: GateResult;
  /** The trust files the verdict relied on, for the reports (SPEC §4a). */
  trustFiles: { key: string; path: string; sha256: string }[];
  /** No file was read to reach this verdict: it holds until the run changes or the day does. */
  pure: boolean;
}

const gzipAsync = promisify(gzip);

/** Verdicts kept for repeated reads of a run's gate or manifest; the oldest is dropped past this many runs. */
const VERDICT_CACHE_RUNS = 1024;

/** A pure verdict, and the documents built from it so far: valid for one version of the run and one day. */
interface CachedVerdict {
  version: number;
  day: string;
  evaluation: RunEvaluation;
  releaseGate?: ReleaseGateJson;
  manifest?: RunManifestJson;
  /** The manifest as the API sends it, per detail: a run of 100 artifacts is 60 kB (137 kB in full) of JSON to encode. */
  answers?: Partial<Record<ManifestDetail, ManifestAnswerText>>;
}

type RunManifestAnswerJson = Omit<RunManifestJson, 'compliance_report'> & { compliance_report: ServiceComplianceReportJson };

interface ManifestAnswerText {
  text: string;
  /** The same, gzip-compressed once (on the thread pool), for clients that accept gzip: 100 artifacts are 8 kB. */
  gzip?: Promise<Buffer>;
}

export class MaestroService {
  readonly #store: MaestroStore;
  readonly #workspace: string;
  readonly #journal: Journal | null;
  readonly #now: () => string;
  readonly #judgementClock: () => string;
  readonly #trusted: TrustedPolicy | undefined;
  /** Each preloaded run's effective policy, merged once: a run's source never changes. */
  readonly #policies = new Map<string, Policy>();
  readonly #newId: () => string;
  /** Bumped by every write to a run (its fields or its artifacts): what a cached verdict was computed from. */
  readonly #versions = new Map<string, number>();
  readonly #verdicts = new Map<string, CachedVerdict>();
  #failure: Error | null = null;

  constructor(options: ServiceOptions) {
    this.#store = options.store;
    this.#workspace = options.workspace;
    this.#journal = options.journal ?? null;
    this.#now = options.now;
    this.#judgementClock = options.judgementClock ?? judgementTime;
    this.#trusted = options.trustedPolicy;
    this.#newId = options.newId ?? randomUUID;
  }

  get journaled(): boolean {
    return this.#journal !== null;
  }

  /** Set by the first write the journal refused: the store then holds a change the disk does not. */
  get failure(): Error | null {
    return this.#failure;
  }

  async createRun(request: CreateRunRequest): Promise<Run> {
    const now = this.#now();
    const run: Run = {
      id: this.#newId(),
      name: request.name,
      owner: request.owner,
      status: 'pending',
      started_at: now,
      finished_at: null,
      cost_estimate: request.cost_estimate ?? null,
      cost_actual: null,
      related_entity_ids: request.related_entity_ids,
      related_decision_ids: request.related_decision_ids,
      metadata: request.metadata,
      created_at: now,
      updated_at: now,
    };
    await this.#write({ op: 'run.create', run });
    return this.#store.getRun(run.id);
  }

  getRun(runId: string): Run {
    return this.#store.getRun(runId);
  }

  /** Newest first, as the service listed them. */
  listRuns(filter: { owner?: string | undefined; status?: RunStatus | undefined }): Run[] {
    return newestFirst(this.#store.listRuns(filter));
  }

  async updateRun(runId: string, request: UpdateRunRequest): Promise<Run> {
    // Checked before anything is written, so an unknown run leaves no journal record.
    this.#store.getRun(runId);
    const update: UpdateRunRequest = toRunUpdate(request);
    await this.#write({ op: 'run.update', run_id: runId, update, at: this.#now() });
    return this.#store.getRun(runId);
  }

  async createArtifact(request: CreateArtifactRequest): Promise<Artifact> {
    const contentHash = request.content_hash ?? null;
    const artifact: Artifact = {
      id: this.#newId(),
      // The run's own string, not the request's copy: 100,000 artifacts share one id.
      run_id: this.#store.getRun(request.run_id).id,
      kind: request.kind,
      path_or_uri: request.path_or_uri,
      // The API keeps any text for a remote URI (the service did); a real digest is normalised as a manifest's.
      content_hash: contentHash === null ? null : normalizeContentHash(contentHash),
      created_at: this.#now(),
      metadata_json: request.metadata_json,
    };
    await this.#write({ op: 'artifact.create', artifact });
    return artifact;
  }

  getArtifact(artifactId: string): Artifact {
    return this.#store.getArtifact(artifactId);
  }

  /** One run's artifacts (found by its index, not by scanning), or every artifact; newest first. */
  listArtifacts(runId: string | undefined): Artifact[] {
    const newest = newestFirst(this.#store.listArtifacts(runId));
    if (runId !== undefined) return newest;
    // The store groups artifacts by run, so across runs creation order is their created_at, the
    // service's sort key (a stable sort keeps the store's order among equal times).
    const times = new Map(newest.map((artifact) => [artifact, Date.parse(artifact.created_at) || 0]));
    return newest.sort((a, b) => times.get(b)! - times.get(a)!);
  }

  async createDisclosurePack(request: CreateDisclosurePackRequest): Promise<DisclosurePack> {
    const pack: DisclosurePack = {
      id: this.#newId(),
      run_id: request.run_id,
      summary: request.summary,
      artifact_ids: request.artifact_ids,
      metadata: request.metadata,
      created_at: this.#now(),
    };
    await this.#write({ op: 'disclosure_pack.create', disclosure_pack: pack });
    return pack;
  }

  getDisclosurePack(packId: string): DisclosurePack {
    return this.#store.getDisclosurePack(packId);
  }

  listDisclosurePacks(): DisclosurePack[] {
    return newestFirst(this.#store.listDisclosurePacks());
  }

  /**
   * The release gate of one run, exactly as `check` evaluates it: the manifest's policy and
   * evidence for a preloaded run, the default policy (the service's rule) otherwise. Local
   * artifact files are hashed in the workspace; remote URIs are never fetched (`not_verified`).
   */
  async evaluate(runId: string): Promise<RunEvaluation> {
    const { run, artifacts, evidence, source } = this.#store.gateInput(runId);
    const trusted = this.#trusted;
    const policy = this.#policyOf(runId, source);
    const { gate, pure, trustFiles } = await evaluateRun(
      { run, artifacts, policy, evidence, manifestFile: source?.file },
      { workspace: this.#workspace, trustedPolicy: trusted },
      this.#judgementClock(),
    );
    return { run, artifacts, policy, gate, trustFiles, pure };
  }

  /**
   * The verdict, recomputed only when it could differ: a run whose facts came from no file is
   * judged once per change of the run (its fields, artifacts or disclosure pack) and per day
   * (waivers expire by the day). A run with local files is judged afresh every time, because its
   * files may have changed.
   */
  async #judged(runId: string): Promise<CachedVerdict> {
    const version = this.#versions.get(runId) ?? 0;
    const day = this.#judgementClock().slice(0, 10);
    const cached = this.#verdicts.get(runId);
    if (cached && cached.version === version && cached.day === day) return cached;
    const entry: CachedVerdict = { version, day, evaluation: await this.evaluate(runId) };
    if (entry.evaluation.pure && (this.#versions.get(runId) ?? 0) === version) {
      this.#verdicts.delete(runId);
      this.#verdicts.set(runId, entry);
      if (this.#verdicts.size > VERDICT_CACHE_RUNS) this.#verdicts.delete(this.#verdicts.keys().next().value!);
    }
    return entry;
  }

  async releaseGate(runId: string): Promise<ReleaseGateJson> {
    const entry = await this.#judged(runId);
    entry.releaseGate ??= buildReleaseGateJson(entry.evaluation.gate);
    return entry.releaseGate;
  }

  /**
   * The run with its artifacts, disclosure pack and compliance report (in the service's shape, or
   * in full), as compact JSON encoded once per verdict, and its gzip-compressed bytes on demand:
   * both from one judgement of the run (a run with local files is judged afresh on every request).
   */
  async manifestAnswer(runId: string, detail: ManifestDetail = 'service'): Promise<{ text: string; gzipped: () => Promise<Buffer> }> {
    const entry = await this.#judged(runId);
    const answers = (entry.answers ??= {});
    const answer = (answers[detail] ??= { text: JSON.stringify(this.#answerOf(runId, entry, detail)) });
    // Compressed once per cached verdict; a failed compression is not kept, the next request tries again.
    const gzipped = (): Promise<Buffer> =>
      (answer.gzip ??= gzipAsync(answer.text).catch((error: unknown) => {
        answer.gzip = undefined;
        throw error;
      }));
    return { text: answer.text, gzipped };
  }

  #answerOf(runId: string, entry: CachedVerdict, detail: ManifestDetail): RunManifestJson | RunManifestAnswerJson {
    const manifest = this.#manifestOf(runId, entry);
    if (detail === 'full') return manifest;
    return { ...manifest, compliance_report: serviceComplianceReport(manifest.compliance_report, entry.evaluation.gate) };
  }

  #manifestOf(runId: string, entry: CachedVerdict): RunManifestJson {
    if (!entry.manifest) {
      const { run, artifacts, gate, trustFiles } = entry.evaluation;
      // Where the rules came from, as `check` records it: the trusted policy, or the manifest's own.
      const provenance = { policySource: this.#trusted ? this.#trusted.source : ({ kind: 'manifest' } as const), trustFiles };
      entry.manifest = buildRunManifestJson(run, artifacts, this.#store.getDisclosurePackForRun(runId), buildComplianceReport(run, artifacts, gate, provenance));
    }
    return entry.manifest;
  }

  exportYaml(runId: string): string {
    return renderManifestYaml(this.#store.gateInput(runId));
  }

  /**
   * The same rules as `check`: the trusted policy tightened by a preloaded manifest; an API run
   * has no manifest, so the trusted policy (or the service's rule) as it is.
   */
  #policyOf(runId: string, source: RunSource | null): Policy {
    if (!source) return this.#trusted ? gatePolicyOf(this.#trusted.policy) : DEFAULT_POLICY;
    let policy = this.#policies.get(runId);
    if (!policy) {
      // The server refused at start any preloaded manifest whose policy has issues.
      policy = runPolicy(source, this.#trusted, undefined).policy;
      this.#policies.set(runId, policy);
    }
    return policy;
  }

  /**
   * Applies the write, then waits until the journal holds it. Applying first, in the same tick
   * as queueing, keeps the journal in the order the store saw; the response waits for the disk.
   */
  async #write(record: JournalRecord): Promise<void> {
    if (this.#failure) throw this.#failure;
    applyRecord(this.#store, record);
    const runId = runOf(record);
    this.#versions.set(runId, (this.#versions.get(runId) ?? 0) + 1);
    try {
      await this.#journal?.append(record);
    } catch (error) {
      // The journal rolled the write back, but the store already holds it: from here on the
      // store is ahead of the disk, so nothing more is written or answered from it. A restart
      // replays exactly what was acknowledged.
      this.#failure ??= error as Error;
      throw error;
    }
  }
}

/**
 * Newest first: the store keeps creation order (manifest order for preloaded runs), so the
 * newest is the last created, which for the API is the latest `created_at`, the service's sort key.
 */
function newestFirst<T>(items: readonly T[]): T[] {
  return [...items].reverse();
}
