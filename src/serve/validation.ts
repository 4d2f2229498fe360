/**
 * Request validation with the service's error shape: 422 `{"detail": [{loc, msg, type}]}`, as
 * FastAPI and pydantic report it, so clients that read `detail[].loc` keep working. The zod
 * schemas decide; this module only words their issues the way pydantic would.
 */
import type { z } from 'zod';
import { FORBIDDEN_KEYS as MANIFEST_FORBIDDEN_KEYS, MAX_DEPTH } from '../manifest/parse.js';

export type Location = 'body' | 'query' | 'path';

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/** The request was invalid; `issues` become the 422 `detail`. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }
}

/**
 * Keys a manifest refuses anywhere, refused here too so an exported run still loads: the
 * loader's own set, plus the merge key `<<` that its YAML reader refuses as syntax.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([...MANIFEST_FORBIDDEN_KEYS, '<<']);
/**
 * A manifest nests a run's fields at most two levels deeper than a request body does
 * (`artifacts[i].metadata_json…` against `metadata_json…`), and refuses anything past MAX_DEPTH.
 */
export const MAX_BODY_DEPTH = MAX_DEPTH - 2;

/** Parses `value` with `schema`, or throws every problem at once, located under `location`. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: Location): z.output<S> {
  if (location === 'body') checkStructure(value);
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new RequestValidationError(result.error.issues.flatMap((issue) => describeIssue(issue, location)));
}

/**
 * One iterative walk (hostile nesting must not reach the stack) for what zod cannot see:
 * prototype keys, which `z.record` silently drops, and nesting deeper than a manifest allows.
 */
function checkStructure(value: unknown): void {
  const stack: { node: unknown; loc: (string | number)[] }[] = [{ node: value, loc: ['body'] }];
  const issues: ValidationIssue[] = [];
  while (stack.length > 0) {
    const { node, loc } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (loc.length - 1 > MAX_BODY_DEPTH) {
      throw new RequestValidationError([{ loc: loc.slice(0, 3), msg: `Value is nested deeper than ${MAX_BODY_DEPTH} levels`, type: 'value_error' }]);
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => stack.push({ node: item, loc: [...loc, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(node)) {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push({ loc: [...loc, key], msg: `Value error, key '${key}' is not allowed anywhere in a request`, type: 'value_error' });
      } else {
        stack.push({ node: item, loc: [...loc, key] });
      }
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues);
}

type ZodIssue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, { type: string; msg: string }> = {
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  number: { type: 'float_type', msg: 'Input should be a valid number' },
  int: { type: 'int_type', msg: 'Input should be a valid integer' },
  boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
  record: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
};

function describeIssue(issue: ZodIssue, location: Location): ValidationIssue[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const loc = [location, ...path];
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return [{ loc, msg: 'Field required', type: 'missing' }];
      if (path.length === 0 && location === 'body' && issue.expected === 'object') {
        return [{ loc, msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' }];
      }
      const known = TYPE_NAMES[issue.expected];
      return [known ? { loc, msg: known.msg, type: known.type } : { loc, msg: `Input should be ${issue.expected}`, type: `${issue.expected}_type` }];
    }
    case 'invalid_value': {
      if (issue.input === undefined) return [{ loc, msg: 'Field required', type: 'missing' }];
      const expected = listOf(issue.values.map((value) => `'${String(value)}'`));
      return [{ loc, msg: `Input should be ${expected}`, type: 'enum', ctx: { expected } }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }));
    case 'too_small':
      if (issue.origin === 'string') {
        return [{ loc, msg: `String should have at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}`, type: 'string_too_short', ctx: { min_length: issue.minimum } }];
      }
      if (issue.origin === 'array') return [{ loc, msg: `List should have at least ${String(issue.minimum)} item(s)`, type: 'too_short', ctx: { min_length: issue.minimum } }];
      return issue.inclusive
        ? [{ loc, msg: `Input should be greater than or equal to ${String(issue.minimum)}`, type: 'greater_than_equal', ctx: { ge: issue.minimum } }]
        : [{ loc, msg: `Input should be greater than ${String(issue.minimum)}`, type: 'greater_than', ctx: { gt: issue.minimum } }];
    case 'too_big':
      if (issue.origin === 'string') return [{ loc, msg: `String should have at most ${String(issue.maximum)} characters`, type: 'string_too_long', ctx: { max_length: issue.maximum } }];
      return [{ loc, msg: `Input should be less than or equal to ${String(issue.maximum)}`, type: 'less_than_equal', ctx: { le: issue.maximum } }];
    case 'invalid_format':
      if (issue.format === 'datetime') return [{ loc, msg: 'Input should be a valid datetime (ISO 8601, e.g. 2025-11-22T10:00:00Z)', type: 'datetime_parsing' }];
      return [{ loc, msg: `String should match pattern: ${issue.message}`, type: 'string_pattern_mismatch' }];
    default:
      return [{ loc, msg: `Value error, ${issue.message}`, type: 'value_error' }];
  }
}

/** `'a', 'b' or 'c'`, as pydantic lists enum members. */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}
