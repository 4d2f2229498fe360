/**
 * From manifest paths to a filled store: read, parse, validate every file (collecting every
 * issue of every file), give each run its id, and write runs, artifacts and disclosure packs.
 */
import { collectAfterLargeInput } from '../memory.js';
import { writtenPolicyKeys } from '../policy/merge.js';
import { createHash } from 'node:crypto';
import { ErrorCode, type ManifestIssue, ManifestError } from '../errors.js';
import { sharedArtifactMetadata, type Artifact, type DisclosurePack, type Manifest, type Run } from '../model/schema.js';
import { MaestroStore, type RunSource } from '../store/store.js';
import { CaseInsensitiveIds } from './ids.js';
import { DEFAULT_MAX_YAML_MANIFEST_BYTES, formatKeyPath, MAX_YAML_TOKENS, parseManifestText, type LocateRequest, type ParseLimits, type Position } from './parse.js';
import { DEFAULT_MAX_MANIFEST_BYTES, readManifestSource, resolveManifestPaths, type ManifestSource } from './read.js';
import { prepareValidation, validateManifest } from './validate.js';

export interface LoadOptions {
  /** Folder that manifest paths, globs and artifact paths are relative to. */
  workspace: string;
  /** Paths or globs, as given in the `manifest` input (one per entry; `!` excludes). */
  patterns: readonly string[];
  /**
   * Explicit cap for every manifest (MAESTRO_GATE_MAX_MANIFEST_BYTES). Unset: 64 MiB, of which
   * YAML may use DEFAULT_MAX_YAML_MANIFEST_BYTES and MAX_YAML_TOKENS; set, it is the cap for both
   * forms and lifts the token bound, because whoever sets it has sized the machine for it.
   */
  maxManifestBytes?: number | undefined;
  /** `GITHUB_RUN_ID`/`GITHUB_RUN_ATTEMPT` when running inside Actions. */
  githubRun?: { id: string; attempt: string } | undefined;
  /** ISO time used for `created_at`/`updated_at` that the manifest leaves unset. */
  now: string;
}

/** One manifest's run as loaded: what the store keeps of its source, and what the reports need. */
export interface LoadedRun extends RunSource {
  runId: string;
  /**
   * The validated manifest without its artifacts, which the store holds as the run's: kept whole,
   * they were a fifth of the live heap at 100,000 artifacts (21 MiB), for the few annotations
   * that read them.
   */
  manifest: Omit<Manifest, 'artifacts'>;
  /** Effective artifact ids, in manifest order. */
  artifactIds: string[];
  /** Where each artifact's entry starts in the manifest, by position. */
  artifactPositions: Position[];
  /** Where each waiver of `policy.waivers` starts, by position. */
  waiverPositions: Position[];
  disclosurePackId: string | null;
  locate: (keyPath: readonly (string | number)[]) => Position;
  /** `locate` for many key paths in one pass over the text: annotations locate only those they keep. */
  locateAll: (requests: readonly LocateRequest[]) => Position[];
}

export interface LoadResult {
  store: MaestroStore;
  runs: LoadedRun[];
}

interface Validated {
  source: ManifestSource;
  manifest: Manifest;
  artifactIds: string[];
  runIdPosition: Position;
  locate: (keyPath: readonly (string | number)[]) => Position;
  locateAll: (requests: readonly LocateRequest[]) => Position[];
  policyKeys: ReadonlySet<string>;
}

export async function loadManifests(options: LoadOptions): Promise<LoadResult> {
  const paths = await resolveManifestPaths(options.workspace, options.patterns);
  const maxBytes = options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  const limits: ParseLimits =
    options.maxManifestBytes === undefined ? { maxYamlBytes: DEFAULT_MAX_YAML_MANIFEST_BYTES, maxYamlTokens: MAX_YAML_TOKENS } : { maxYamlBytes: options.maxManifestBytes, maxYamlTokens: Infinity };
  const issues: ManifestIssue[] = [];
  const validated: Validated[] = [];

  for (const manifestPath of paths) {
    const source = await readManifestSource(options.workspace, manifestPath, { maxBytes });
    if (!('text' in source)) {
      issues.push(source);
      continue;
    }
    const parsed = await parseManifestText(source.file, source.text, limits);
    if (Array.isArray(parsed)) {
      issues.push(...parsed);
      continue;
    }
    await prepareValidation(parsed.data);
    const valid = validateManifest(source.file, parsed);
    if (Array.isArray(valid)) {
      issues.push(...valid);
      continue;
    }
    // Only the locators are kept: `parsed.data` (the whole raw document, as large as the
    // validated manifest again) is left for the collector once it has been validated.
    const { locate, locateAll } = parsed;
    const entry = {
      source,
      manifest: valid.manifest,
      artifactIds: valid.artifactIds,
      locate: (keyPath: readonly (string | number)[]) => locate(keyPath),
      locateAll,
      policyKeys: writtenPolicyKeys(parsed.data),
    } as Omit<Validated, 'runIdPosition'> as Validated;
    // Found only when a duplicate run id needs it. Only the locator is captured: every closure
    // made here shares one context with `entry.locate`, which the run keeps.
    lazy(entry, 'runIdPosition', () => locate(['run', 'id']));
    validated.push(entry);
  }

  const runIds = assignRunIds(validated, options.githubRun);
  // Run ids name report folders and appear in outputs that expressions compare without case.
  const firstFileOfId = new CaseInsensitiveIds<string>();
  validated.forEach((entry, index) => {
    const runId = runIds[index]!;
    const earlier = firstFileOfId.add(runId, entry.source.file);
    if (earlier !== undefined) {
      const message =
        earlier.id === runId
          ? `run id '${runId}' is already used by ${earlier.value}; run ids must be unique across manifests`
          : `run id '${runId}' differs only in case from run id '${earlier.id}' of ${earlier.value}; run ids must be unique across manifests ignoring case (they name report folders, and expressions compare them without case)`;
      issues.push({ code: ErrorCode.DuplicateId, file: entry.source.file, ...entry.runIdPosition, path: 'run.id', message });
    }
    const mismatched = entry.manifest.artifacts.flatMap((artifact, artifactIndex) => (artifact.run_id !== undefined && artifact.run_id !== runId ? [{ runIdGiven: artifact.run_id, keyPath: ['artifacts', artifactIndex, 'run_id'] }] : []));
    const positions = mismatched.length > 0 ? entry.locateAll(mismatched.map(({ keyPath }) => ({ keyPath }))) : [];
    mismatched.forEach(({ runIdGiven, keyPath }, mismatchIndex) => {
      issues.push({ code: ErrorCode.InvalidValue, file: entry.source.file, ...positions[mismatchIndex]!, path: formatKeyPath(keyPath), message: `'${runIdGiven}' is not this run's id '${runId}' (omit run_id, or set run.id to match)` });
    });
  });

  if (issues.length > 0) throw new ManifestError(issues);

  const store = new MaestroStore();
  const runs = validated.map((entry, index) => storeRun(store, entry, runIds[index]!, options.now));
  // Each raw document is dead now: only its validated form and its text are kept.
  await collectAfterLargeInput(validated.reduce((total, entry) => total + entry.source.text.length, 0));
  return { store, runs };
}

/**
 * Default ids follow the service's habit of one id per run: inside Actions the workflow run
 * (`<run_id>-<attempt>`), elsewhere a slug of the manifest's path, which is stable, so local
 * reports are reproducible. Several manifests in one Actions run get their slug appended.
 */
function assignRunIds(validated: readonly Validated[], githubRun: LoadOptions['githubRun']): string[] {
  return validated.map(({ manifest, source }) => {
    if (manifest.run.id !== undefined) return manifest.run.id;
    if (githubRun === undefined) return slugOf(source.file);
    const base = `${githubRun.id}-${githubRun.attempt}`;
    return validated.length > 1 ? `${base}-${slugOf(source.file)}` : base;
  });
}

/** Where each of the first `count` artifacts or waivers starts, in one pass over the text. */
function entryPositions(locateAll: Validated['locateAll'], list: 'artifacts' | 'waivers', count: number): Position[] {
  const path = list === 'artifacts' ? ['artifacts'] : ['policy', 'waivers'];
  return locateAll(Array.from({ length: count }, (_, index) => ({ keyPath: [...path, index] })));
}

/**
 * Defines `object[key]` as computed on first read, then kept. The getter reaches the object as
 * `this`, not through its closure: V8 keeps the first getter of a shape in the shape itself, for
 * the life of the process, and a getter holding `object` (a run with its manifest) kept it too.
 */
function lazy<T extends object, K extends keyof T>(object: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(object, key, {
    configurable: true,
    enumerable: true,
    get(this: T) {
      const value = compute();
      Object.defineProperty(this, key, { value, enumerable: true, writable: false });
      return value;
    },
  });
}

export function slugOf(file: string): string {
  const slug = file.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  if (slug.length <= 100) return slug;
  const suffix = createHash('sha256').update(file).digest('hex').slice(0, 8);
  return `${slug.slice(0, 91).replace(/-+$/, '')}-${suffix}`;
}

function storeRun(store: MaestroStore, entry: Validated, runId: string, now: string): LoadedRun {
  const { manifest } = entry;
  const run: Run = {
    id: runId,
    name: manifest.run.name,
    owner: manifest.run.owner,
    status: manifest.run.status,
    started_at: manifest.run.started_at ?? null,
    finished_at: manifest.run.finished_at ?? null,
    cost_estimate: manifest.run.cost_estimate ?? null,
    cost_actual: manifest.run.cost_actual ?? null,
    related_entity_ids: manifest.run.related_entity_ids,
    related_decision_ids: manifest.run.related_decision_ids,
    metadata: manifest.run.metadata,
    created_at: manifest.run.started_at ?? now,
    updated_at: manifest.run.finished_at ?? now,
  };
  const { artifacts, ...withoutArtifacts } = manifest;
  const loaded = {
    runId,
    file: entry.source.file,
    manifestSha256: entry.source.sha256,
    policy: manifest.policy,
    manifest: withoutArtifacts,
    artifactIds: entry.artifactIds,
    disclosurePackId: null,
    policyKeys: entry.policyKeys,
    locate: entry.locate,
    locateAll: entry.locateAll,
  } as Omit<LoadedRun, 'artifactPositions' | 'waiverPositions'> as LoadedRun;
  // Positions are found only when an annotation or a policy error needs them, each kind in one
  // pass over the text. Counts and the locator, not `entry`: a closure over it would keep the
  // manifest's artifacts alive to the end, which the store holds already.
  const { locateAll } = entry;
  const artifactCount = artifacts.length;
  const waiverCount = manifest.policy.waivers.length;
  lazy(loaded, 'artifactPositions', () => entryPositions(locateAll, 'artifacts', artifactCount));
  lazy(loaded, 'waiverPositions', () => entryPositions(locateAll, 'waivers', waiverCount));
  // The store keeps the source with the run: the gate, the service and export read it from there.
  store.createRun(run, loaded);
  // A loop, not forEach: a callback over `entry` would put it in the context that the lazy
  // positions above share, and keep the validated manifest with the run.
  for (let index = 0; index < artifacts.length; index += 1) {
    const artifact = artifacts[index]!;
    const stored: Artifact = {
      id: entry.artifactIds[index]!,
      run_id: runId,
      kind: artifact.kind,
      path_or_uri: artifact.path_or_uri,
      content_hash: artifact.content_hash ?? null,
      created_at: artifact.created_at ?? now,
      metadata_json: sharedArtifactMetadata(artifact.metadata_json),
    };
    // An artifact without `evidence:` gets no entry, as one made over the API: a map of 100,000
    // empty entries would cost as much as the artifacts' own.
    store.createArtifact(stored, artifact.evidence);
  }
  if (manifest.disclosure_pack) {
    const pack: DisclosurePack = {
      id: manifest.disclosure_pack.id ?? `${runId}-disclosure`,
      run_id: runId,
      summary: manifest.disclosure_pack.summary,
      artifact_ids: manifest.disclosure_pack.artifact_ids,
      metadata: manifest.disclosure_pack.metadata,
      created_at: manifest.disclosure_pack.created_at ?? now,
    };
    loaded.disclosurePackId = store.createDisclosurePack(pack).id;
  }
  return loaded;
}
