/**
 * zod's issues in the words a user reads: the key path, the bad value, what is allowed and a
 * did-you-mean. One wording for the manifest and the trusted policy file; each caller locates
 * the issue in its own text (file:line:col) and adds what only it knows.
 */
import type { z } from 'zod';
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { formatKeyPath, quoteForIssue, type KeyPath } from './parse.js';

type ZodIssue = z.core.$ZodIssue;

/** One issue, worded, with where it points: the value at `keyPath`, or `key` of the mapping there. */
export interface WordedIssue {
  code: ManifestIssue['code'];
  keyPath: KeyPath;
  key?: string;
  /** The key path as the user reads it (`artifacts[0].kind`). */
  path: string;
  message: string;
}

export interface WordingOptions {
  /** The top schema that `issue.path` walks, for the keys an object allows. */
  root: unknown;
  /** More to say about a value that is not one of the allowed ones (`''` when nothing). */
  notAllowed?: (input: unknown) => string;
}

export function wordZodIssue(issue: ZodIssue, options: WordingOptions): WordedIssue[] {
  const keyPath = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const worded = (code: WordedIssue['code'], message: string, key?: string, at: KeyPath = keyPath): WordedIssue => ({
    code,
    keyPath: at,
    ...(key === undefined ? {} : { key }),
    path: formatKeyPath(key === undefined ? at : [...at, key]),
    message,
  });
  // A missing key has no position of its own: point at the mapping that should hold it.
  const missing = (expected: string): WordedIssue => ({ ...worded(ErrorCode.MissingField, `is required (expected ${expected})`, undefined, keyPath.slice(0, -1)), path: formatKeyPath(keyPath) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(options.root, keyPath);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
        return worded(ErrorCode.UnknownKey, `unknown key ${quoteForIssue(key)}${hint}; allowed keys: ${allowed.join(', ')}`, key);
      });
    }
    case 'invalid_type':
      if (issue.input === undefined) return [missing(issue.expected)];
      return [worded(ErrorCode.InvalidValue, `expected ${issue.expected}, got ${describeValue(issue.input)}`)];
    case 'invalid_value': {
      const allowed = issue.values.map((value) => String(value)).join(', ');
      // A missing enum (`kind`) is reported by zod as a bad value; to the user it is a missing key.
      if (issue.input === undefined) return [missing(`one of ${allowed}`)];
      return [worded(ErrorCode.InvalidValue, `${describeValue(issue.input)} is not one of ${allowed}${options.notAllowed?.(issue.input) ?? ''}`)];
    }
    case 'too_small':
      if (issue.origin === 'string') return [worded(ErrorCode.InvalidValue, 'must not be empty')];
      if (issue.origin === 'array') return [worded(ErrorCode.InvalidValue, `must have at least ${String(issue.minimum)} item(s)`)];
      return [worded(ErrorCode.InvalidValue, `${describeValue(issue.input)} is below the minimum of ${String(issue.minimum)}`)];
    case 'too_big':
      if (issue.origin === 'string') return [worded(ErrorCode.InvalidValue, `is longer than ${String(issue.maximum)} characters`)];
      return [worded(ErrorCode.InvalidValue, `${describeValue(issue.input)} is above the maximum of ${String(issue.maximum)}`)];
    case 'invalid_format':
      if (issue.format === 'datetime') return [worded(ErrorCode.InvalidValue, `${describeValue(issue.input)} is not an ISO 8601 date-time (e.g. 2024-05-01T12:00:00Z)`)];
      return [worded(ErrorCode.InvalidValue, issue.input === undefined ? issue.message : `${describeValue(issue.input)} ${issue.message}`)];
    case 'custom':
      // Our own refinements already say what is wrong in full.
      return [worded(ErrorCode.InvalidValue, issue.message)];
    default:
      return [worded(ErrorCode.InvalidValue, `${describeValue(issue.input)}: ${issue.message}`)];
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

interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
}

const defOf = (schema: unknown): SchemaDef => (schema as { _zod: { def: SchemaDef } })._zod.def;

/** The keys the strict object at `keyPath` accepts, found by walking the schema itself. */
function allowedKeysAt(root: unknown, keyPath: KeyPath): string[] {
  let schema: unknown = root;
  for (const segment of keyPath) {
    const def = defOf(unwrap(schema));
    if (def.type === 'object' && typeof segment === 'string') schema = def.shape?.[segment];
    else if (def.type === 'array') schema = def.element;
    else return [];
    if (schema === undefined) return [];
  }
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Through defaults, optionals and pipes to the schema that holds the shape. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? def.in;
    if (inner === undefined) return current;
    current = inner;
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
