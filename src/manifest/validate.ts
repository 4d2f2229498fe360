/**
 * Turns parsed data into a typed Manifest, or into every problem at once, each located at its
 * line and column and worded as: what is wrong, the bad value, what is allowed.
 */
import type { z } from 'zod';
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { classifyLocation } from '../files/locations.js';
import { Manifest } from '../model/schema.js';
import { CaseInsensitiveIds } from './ids.js';
import { formatKeyPath, quoted, type KeyPath, type LocateRequest, type ParsedManifest } from './parse.js';

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

export function validateManifest(file: string, parsed: ParsedManifest): ValidManifest | ManifestIssue[] {
  const result = Manifest.safeParse(parsed.data, { reportInput: true });
  const issues: PendingIssue[] = result.success ? [] : result.error.issues.flatMap((issue) => describeZodIssue(issue));
  // Ids, paths and references are checked even when the schema failed elsewhere, so that every
  // error of the file is reported at once; values the schema rejected are left to its message.
  const references = result.success ? referencesOf(result.data) : referencesOfRaw(parsed.data);
  const issueAt = (code: ManifestIssue['code'], keyPath: KeyPath, message: string): void => {
    issues.push({ code, at: { keyPath }, path: formatKeyPath(keyPath), message });
  };

  const artifactIds: string[] = [];
  const seen = new Map<string, number>();
  const folded = new CaseInsensitiveIds<number>();
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
          issueAt(ErrorCode.DuplicateId, where, `artifact id ${quoted(id)} is already used by artifacts[${earlier.value}]; ids must be unique within a run`);
        } else {
          const named = artifact.id === undefined ? `default artifact id ${quoted(id)}` : `artifact id ${quoted(id)}`;
          const other = references.artifacts[earlier.value]?.id === undefined ? `the default id ${quoted(earlier.id)}` : quoted(earlier.id);
          const why = 'ids must be unique ignoring case, because GitHub expressions compare them without case';
          issueAt(ErrorCode.DuplicateId, where, `${named} differs only in case from ${other} of artifacts[${earlier.value}]; ${why}`);
        }
      } else {
        seen.set(id, index);
      }
      artifactIds.push(id);
    }
    if (artifact.pathOrUri !== null) {
      const location = classifyLocation(artifact.pathOrUri);
      if (location.kind === 'unsafe') {
        issueAt(ErrorCode.UnsafePath, ['artifacts', index, 'path_or_uri'], `${quoted(artifact.pathOrUri)} ${location.reason}`);
      }
    }
  });

  // An artifact whose id the schema rejected could be the one referenced: say nothing then.
  if (everyIdKnown) {
    references.packArtifactIds.forEach((id, index) => {
      if (id !== null && !seen.has(id)) issueAt(ErrorCode.UnknownReference, ['disclosure_pack', 'artifact_ids', index], unknownArtifact(id, folded));
    });
  }

  if (result.success) checkFileReferences(result.data, seen, everyIdKnown, (id) => unknownArtifact(id, folded), issueAt);

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
  const hint = near === undefined ? '' : `; did you mean ${quoted(near.id)} (artifacts[${near.value}])? References must spell an id exactly, case included`;
  return `${quoted(id)} is not the id of an artifact of this run${hint}`;
}

/**
 * Evidence files, trusted keys and the Sigstore root are files we will open: each must be a
 * workspace path (a URI is never fetched, so it could never verify). Waivers must name
 * artifacts of this run.
 */
function checkFileReferences(
  manifest: Manifest,
  artifactIds: ReadonlyMap<string, number>,
  everyIdKnown: boolean,
  unknown: (id: string) => string,
  issueAt: (code: ManifestIssue['code'], keyPath: KeyPath, message: string) => void,
): void {
  const requireLocalFile = (value: string, keyPath: KeyPath): void => {
    const location = classifyLocation(value);
    if (location.kind === 'unsafe') issueAt(ErrorCode.UnsafePath, keyPath, `${quoted(value)} ${location.reason}`);
    if (location.kind === 'remote') issueAt(ErrorCode.UnsafePath, keyPath, `${quoted(value)} is a URI; evidence must be a file in the workspace (URIs are never fetched)`);
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
      if (!artifactIds.has(id)) issueAt(ErrorCode.UnknownReference, ['policy', 'waivers', waiverIndex, 'artifact_ids', index], unknown(id));
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

type ZodIssue = z.core.$ZodIssue;

function describeZodIssue(issue: ZodIssue): PendingIssue[] {
  const keyPath = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const located = (code: ManifestIssue['code'], message: string, key?: string, pathForKey: KeyPath = keyPath): PendingIssue => ({
    code,
    at: key === undefined ? { keyPath: pathForKey } : { keyPath: pathForKey, key },
    path: formatKeyPath(key === undefined ? pathForKey : [...pathForKey, key]),
    message,
  });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(keyPath);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
        return located(ErrorCode.UnknownKey, `unknown key ${quoted(key)}${hint}; allowed keys: ${allowed.join(', ')}`, key);
      });
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        // A missing key has no position of its own: point at the mapping that should hold it.
        return [{ ...located(ErrorCode.MissingField, `is required (expected ${issue.expected})`, undefined, keyPath.slice(0, -1)), path: formatKeyPath(keyPath) }];
      }
      return [located(ErrorCode.InvalidValue, `expected ${issue.expected}, got ${describeValue(issue.input)}`)];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => String(value)).join(', ');
      if (issue.input === undefined) {
        // A missing enum (`kind`) is reported by zod as a bad value; to the user it is a missing key.
        return [{ ...located(ErrorCode.MissingField, `is required (expected one of ${allowed})`, undefined, keyPath.slice(0, -1)), path: formatKeyPath(keyPath) }];
      }
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is not one of ${allowed}`)];
    }
    case 'too_small':
      if (issue.origin === 'string') return [located(ErrorCode.InvalidValue, 'must not be empty')];
      if (issue.origin === 'array') return [located(ErrorCode.InvalidValue, `must have at least ${String(issue.minimum)} item(s)`)];
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is below the minimum of ${String(issue.minimum)}`)];
    case 'too_big':
      if (issue.origin === 'string') return [located(ErrorCode.InvalidValue, `is longer than ${String(issue.maximum)} characters`)];
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is above the maximum of ${String(issue.maximum)}`)];
    case 'invalid_format':
      if (issue.format === 'datetime') {
        return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is not an ISO 8601 date-time (e.g. 2024-05-01T12:00:00Z)`)];
      }
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} ${issue.message}`)];
    case 'custom':
      // Our own refinements already say what is wrong in full.
      return [located(ErrorCode.InvalidValue, issue.message)];
    default:
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)}: ${issue.message}`)];
  }
}

/** A short, single-line rendering of a bad value: the user sees what we read, not a dump. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `string ${JSON.stringify(shown).replace(/^"|"$/g, "'")}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** The keys the strict object at `keyPath` accepts, found by walking the schema itself. */
function allowedKeysAt(keyPath: KeyPath): string[] {
  let schema: unknown = Manifest;
  for (const segment of keyPath) {
    schema = unwrap(schema);
    const def = (schema as { _zod: { def: { type: string; shape?: Record<string, unknown>; element?: unknown } } })._zod.def;
    if (def.type === 'object' && typeof segment === 'string') schema = def.shape?.[segment];
    else if (def.type === 'array') schema = def.element;
    else return [];
    if (schema === undefined) return [];
  }
  const def = (unwrap(schema) as { _zod: { def: { type: string; shape?: Record<string, unknown> } } })._zod.def;
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { _zod: { def: { innerType?: unknown; in?: unknown } } };
  for (;;) {
    const inner = current._zod.def.innerType ?? current._zod.def.in;
    if (inner === undefined) return current;
    current = inner as typeof current;
  }
}

export function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // `slsa_provenance` for `slsa_provenance_present`: a prefix is a likelier slip than the distance says.
  return best ?? candidates.find((candidate) => candidate.startsWith(key) && key.length >= 4);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
