/**
 * Turns parsed data into a typed Manifest, or into every problem at once, each located at its
 * line and column and worded as: what is wrong, the bad value, what is allowed.
 */
import type { z } from 'zod';
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { classifyLocation } from '../files/locations.js';
import { Manifest } from '../model/schema.js';
import { CaseInsensitiveIds } from './ids.js';
import { wordZodIssue } from './zod-issues.js';
import { formatKeyPath, quoteForIssue, type KeyPath, type LocateRequest, type ParsedManifest } from './parse.js';

/** An issue before its position is known: all of a file's are located in one pass at the end. */
interface PendingIssue {
  code: ManifestIssue['code'];
  at: LocateRequest;
  path: string;
  message: string;
}

/** Locates every pending issue at once and sorts them in reading order. */
function locateIssues(file: string, parsed: ParsedManifest, pending: readonly PendingIssue[]): ManifestIssue[] {
  const positions = parsed.locateAll(pending.map((issue) => issue.at));
  return pending
    .map(({ code, path, message }, index): ManifestIssue => ({ code, file, ...positions[index]!, path, message }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export interface ValidManifest {
  manifest: Manifest;
  /** Effective artifact ids, by position (`artifact-1`, … where none is given). */
  artifactIds: string[];
}

/**
 * From this many artifacts a manifest is read by zod's compiled parser (`z.compile`): the same
 * data for valid input, and invalid input is read again by the runtime parser, so the issues are
 * the same too. Compiling costs about 13 ms, which reading pays back from about a thousand
 * artifacts (half the time from then on); a one-artifact manifest never pays it, nor loads zod's
 * compiler.
 */
export const COMPILED_FROM_ARTIFACTS = 2000;
let compiledManifest: typeof Manifest | undefined;

/**
 * Below this many artifacts the runtime parser reads without zod's eval-built fast path: building
 * it for the manifest's objects costs about 3 ms, which reading pays back only from about 300
 * artifacts (first parse, 1 artifact: 6.4 → 3.9 ms; 100: 10.8 → 8.8 ms; 1,000: 31 → 41 ms).
 * Both paths are zod's own and give the same data and issues.
 */
export const FAST_PATH_FROM_ARTIFACTS = 300;

function artifactCount(data: unknown): number {
  const artifacts = typeof data === 'object' && data !== null ? (data as { artifacts?: unknown }).artifacts : undefined;
  return Array.isArray(artifacts) ? artifacts.length : 0;
}

function isLarge(data: unknown): boolean {
  return artifactCount(data) >= COMPILED_FROM_ARTIFACTS;
}

/** Loads and compiles the compiled parser, once, when `data` is a manifest that it would read. */
export async function prepareValidation(data: unknown): Promise<void> {
  if (compiledManifest === undefined && isLarge(data)) compiledManifest = (await import('./compiled.js')).CompiledManifest;
}

/** The schema that reads `data`: the compiled parser for a manifest of many artifacts, once prepared. */
export function manifestSchemaFor(data: unknown): typeof Manifest {
  return isLarge(data) ? (compiledManifest ?? Manifest) : Manifest;
}

export function validateManifest(file: string, parsed: ParsedManifest): ValidManifest | ManifestIssue[] {
  const jitless = artifactCount(parsed.data) < FAST_PATH_FROM_ARTIFACTS;
  const result = manifestSchemaFor(parsed.data).safeParse(parsed.data, { reportInput: true, jitless });
  const issues: PendingIssue[] = result.success ? [] : result.error.issues.flatMap((issue) => describeZodIssue(issue));
  // Ids, paths and references are checked even when the schema failed elsewhere, so that every
  // error of the file is reported at once; values the schema rejected are left to its message.
  const references = result.success ? referencesOf(result.data) : referencesOfRaw(parsed.data);
  const issueAt = (code: ManifestIssue['code'], keyPath: KeyPath, message: string): void => {
    issues.push({ code, at: { keyPath }, path: formatKeyPath(keyPath), message });
  };

  const artifactIds: string[] = [];
  const folded = new CaseInsensitiveIds<number>();
  // An id held in `folded` is found there as itself: a later id that collided was not added.
  const isArtifactId = (id: string): boolean => folded.collision(id)?.id === id;
  let everyIdKnown = true;
  references.artifacts.forEach((artifact, index) => {
    const id = artifact.id === undefined ? `artifact-${index + 1}` : artifact.id;
    if (id === null) {
      everyIdKnown = false;
    } else {
      const earlier = folded.add(id, index);
      if (earlier !== undefined) {
        const where = artifact.id === undefined ? ['artifacts', index] : ['artifacts', index, 'id'];
        if (earlier.id === id) {
          issueAt(ErrorCode.DuplicateId, where, `artifact id ${quoteForIssue(id)} is already used by artifacts[${earlier.value}]; ids must be unique within a run`);
        } else {
          const named = artifact.id === undefined ? `default artifact id ${quoteForIssue(id)}` : `artifact id ${quoteForIssue(id)}`;
          const other = references.artifacts[earlier.value]?.id === undefined ? `the default id ${quoteForIssue(earlier.id)}` : quoteForIssue(earlier.id);
          const why = 'ids must be unique ignoring case, because GitHub expressions compare them without case';
          issueAt(ErrorCode.DuplicateId, where, `${named} differs only in case from ${other} of artifacts[${earlier.value}]; ${why}`);
        }
      }
      artifactIds.push(id);
    }
    if (artifact.pathOrUri !== null) {
      const location = classifyLocation(artifact.pathOrUri);
      if (location.kind === 'unsafe') {
        issueAt(ErrorCode.UnsafePath, ['artifacts', index, 'path_or_uri'], `${quoteForIssue(artifact.pathOrUri)} ${location.reason}`);
      }
    }
  });

  // An artifact whose id the schema rejected could be the one referenced: say nothing then.
  if (everyIdKnown) {
    references.packArtifactIds.forEach((id, index) => {
      if (id !== null && !isArtifactId(id)) issueAt(ErrorCode.UnknownReference, ['disclosure_pack', 'artifact_ids', index], unknownArtifact(id, folded));
    });
  }

  if (result.success) checkFileReferences(result.data, isArtifactId, everyIdKnown, (id) => unknownArtifact(id, folded), issueAt);

  if (issues.length > 0 || !result.success) return locateIssues(file, parsed, issues);
  return { manifest: result.data, artifactIds };
}

/**
 * A reference must spell the id exactly: ids are unique ignoring case, so `WEB-BUNDLE` could only
 * mean `web-bundle`, but a waiver or disclosure that resolved by case would match the store's
 * exact lookups in some places and not in others. Refused, with the spelling that would match.
 */
function unknownArtifact(id: string, folded: CaseInsensitiveIds<number>): string {
  const near = folded.collision(id);
  const hint = near === undefined ? '' : `; did you mean ${quoteForIssue(near.id)} (artifacts[${near.value}])? References must spell an id exactly, case included`;
  return `${quoteForIssue(id)} is not the id of an artifact of this run${hint}`;
}

/**
 * Evidence files, trusted keys and the Sigstore root are files we will open: each must be a
 * workspace path (a URI is never fetched, so it could never verify). Waivers must name
 * artifacts of this run.
 */
function checkFileReferences(
  manifest: Manifest,
  isArtifactId: (id: string) => boolean,
  everyIdKnown: boolean,
  unknown: (id: string) => string,
  issueAt: (code: ManifestIssue['code'], keyPath: KeyPath, message: string) => void,
): void {
  const requireLocalFile = (value: string, keyPath: KeyPath): void => {
    const location = classifyLocation(value);
    if (location.kind === 'unsafe') issueAt(ErrorCode.UnsafePath, keyPath, `${quoteForIssue(value)} ${location.reason}`);
    if (location.kind === 'remote') issueAt(ErrorCode.UnsafePath, keyPath, `${quoteForIssue(value)} is a URI; evidence must be a file in the workspace (URIs are never fetched)`);
  };
  manifest.artifacts.forEach((artifact, index) => {
    for (const [key, value] of Object.entries(artifact.evidence ?? {})) {
      if (value !== undefined) requireLocalFile(value, ['artifacts', index, 'evidence', key]);
    }
  });
  manifest.policy.trusted_keys.forEach((key, index) => requireLocalFile(key, ['policy', 'trusted_keys', index]));
  if (manifest.policy.sigstore_trusted_root !== undefined) {
    requireLocalFile(manifest.policy.sigstore_trusted_root, ['policy', 'sigstore_trusted_root']);
    if (manifest.policy.sigstore_identities.length === 0) {
      issueAt(ErrorCode.MissingField, ['policy', 'sigstore_trusted_root'], 'needs policy.sigstore_identities: a trusted root alone accepts a bundle signed by anyone');
    }
  }
  if (!everyIdKnown) return;
  manifest.policy.waivers.forEach((waiver, waiverIndex) => {
    waiver.artifact_ids?.forEach((id, index) => {
      if (!isArtifactId(id)) issueAt(ErrorCode.UnknownReference, ['policy', 'waivers', waiverIndex, 'artifact_ids', index], unknown(id));
    });
  });
}

/** What the cross-field checks need; `null` marks a value the schema rejects (reported there). */
interface References {
  /** `id`: undefined when absent (a default id is used), null when invalid. */
  artifacts: { id: string | null | undefined; pathOrUri: string | null }[];
  packArtifactIds: (string | null)[];
}

function referencesOf(manifest: Manifest): References {
  return {
    artifacts: manifest.artifacts.map((artifact) => ({ id: artifact.id, pathOrUri: artifact.path_or_uri })),
    packArtifactIds: manifest.disclosure_pack?.artifact_ids ?? [],
  };
}

/** The same, read leniently from data that failed the schema, with the schema's own trimming. */
function referencesOfRaw(data: unknown): References {
  const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  const field = (value: unknown, key: string): unknown => (isMapping(value) && Object.hasOwn(value, key) ? value[key] : undefined);
  const text = (value: unknown, max = Infinity): string | null => {
    const trimmed = typeof value === 'string' ? value.trim() : '';
    return trimmed !== '' && trimmed.length <= max ? trimmed : null;
  };
  const artifacts = field(data, 'artifacts');
  const packIds = field(field(data, 'disclosure_pack'), 'artifact_ids');
  return {
    artifacts: (Array.isArray(artifacts) ? artifacts : []).map((artifact: unknown) => {
      // An entry that is not a mapping has no id we could trust, not even a default one.
      if (!isMapping(artifact)) return { id: null, pathOrUri: null };
      const id = field(artifact, 'id');
      return { id: id === undefined ? undefined : text(id, 256), pathOrUri: text(field(artifact, 'path_or_uri')) };
    }),
    packArtifactIds: (Array.isArray(packIds) ? packIds : []).map((id: unknown) => (typeof id === 'string' ? id : null)),
  };
}

/** A zod issue of the manifest's schema, worded as every schema's issues are, to be located. */
function describeZodIssue(issue: z.core.$ZodIssue): PendingIssue[] {
  return wordZodIssue(issue, { root: Manifest }).map(({ code, keyPath, key, path, message }) => ({ code, at: key === undefined ? { keyPath } : { keyPath, key }, path, message }));
}

export { closest, describeValue } from './zod-issues.js';
