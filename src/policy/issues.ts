/**
 * zod's issues about a policy file, worded like the manifest's: where (file:line:col), the key
 * path, the bad value, what is allowed. The manifest's mapper walks the manifest's schema for
 * the allowed keys; this one walks the policy file's.
 */
import type { z } from 'zod';
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { formatKeyPath, quoted, type KeyPath, type ParsedManifest } from '../manifest/parse.js';
import { closest, describeValue } from '../manifest/validate.js';
import { NEVER_MANIFEST_WAIVABLE, PolicyFile } from './schema.js';

type ZodIssue = z.core.$ZodIssue;

export function describePolicyIssue(file: string, parsed: ParsedManifest, issue: ZodIssue): ManifestIssue[] {
  const keyPath = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const located = (code: ManifestIssue['code'], message: string, key?: string, at: KeyPath = keyPath): ManifestIssue => ({
    code,
    file,
    ...parsed.locate(at, key),
    path: formatKeyPath(key === undefined ? at : [...at, key]),
    message,
  });
  // A missing key has no position of its own: point at the mapping that should hold it.
  const missing = (expected: string): ManifestIssue => ({ ...located(ErrorCode.MissingField, `is required (expected ${expected})`, undefined, keyPath.slice(0, -1)), path: formatKeyPath(keyPath) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(keyPath);
      return issue.keys.map((key) => {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
        return located(ErrorCode.UnknownKey, `unknown key ${quoted(key)}${hint}; allowed keys: ${allowed.join(', ')}`, key);
      });
    }
    case 'invalid_type':
      if (issue.input === undefined) return [missing(issue.expected)];
      return [located(ErrorCode.InvalidValue, `expected ${issue.expected}, got ${describeValue(issue.input)}`)];
    case 'invalid_value': {
      const allowed = issue.values.map((value) => String(value)).join(', ');
      if (issue.input === undefined) return [missing(`one of ${allowed}`)];
      const never = typeof issue.input === 'string' && Object.hasOwn(NEVER_MANIFEST_WAIVABLE, issue.input) ? `: ${NEVER_MANIFEST_WAIVABLE[issue.input]}` : '';
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is not one of ${allowed}${never}`)];
    }
    case 'too_small':
      if (issue.origin === 'string') return [located(ErrorCode.InvalidValue, 'must not be empty')];
      if (issue.origin === 'array') return [located(ErrorCode.InvalidValue, `must have at least ${String(issue.minimum)} item(s)`)];
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is below the minimum of ${String(issue.minimum)}`)];
    case 'too_big':
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)} is above the maximum of ${String(issue.maximum)}`)];
    case 'invalid_format':
    case 'custom':
      // Our refinements and zod's format messages say what is wrong; the value leads when known.
      return [located(ErrorCode.InvalidValue, issue.code === 'custom' || issue.input === undefined ? issue.message : `${describeValue(issue.input)} ${issue.message}`)];
    default:
      return [located(ErrorCode.InvalidValue, `${describeValue(issue.input)}: ${issue.message}`)];
  }
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
function allowedKeysAt(keyPath: KeyPath): string[] {
  let schema: unknown = PolicyFile;
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
