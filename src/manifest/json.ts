/**
 * JSON manifests: parsed with JSON.parse, some hundred times faster than the YAML document API
 * and a fiftieth of its memory, and located with the linear scan of json-scan.ts. The YAML
 * document of a JSON text is never built: every rule the YAML path enforces on keys (no
 * duplicate, no prototype or merge key, bounded nesting) is checked here on the text itself.
 */
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { keyText, locateJson, positionsOf, scanJson, stringEnd } from './json-scan.js';
import { FORBIDDEN_KEYS, formatKeyPath, MAX_DEPTH, quoteForIssue, type ParsedManifest } from './parse.js';

/**
 * The text parsed as JSON; `undefined` when it does not start like JSON (it is YAML), or why
 * JSON.parse refused it (it may still be YAML flow, which the YAML path reads).
 */
export function parseJson(source: string): { data: unknown } | { refused: string; offset: number } | undefined {
  if (!/^\s*\{/.test(source)) return undefined;
  try {
    return { data: JSON.parse(source) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the offset; newer versions quote a snippet of the text, which is left out.
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '').replace(/^Unexpected token '?(.)'?$/, 'unexpected $1');
    return { refused: reason, offset };
  }
}

/** Where JSON.parse stopped, for a text too large to be read as YAML instead. */
export function jsonSyntaxIssue(file: string, source: string, refused: { refused: string; offset: number }, why: string): ManifestIssue {
  const [position] = positionsOf(source, [Math.min(refused.offset, source.length)]);
  return { code: ErrorCode.ParseError, file, ...position!, path: '', message: `is not valid JSON (${refused.refused}); ${why}` };
}

/** A JSON manifest whose data JSON.parse gave: checked for the key rules, located lazily. */
export function jsonManifest(file: string, source: string, data: unknown): ParsedManifest | ManifestIssue[] {
  if (!isClean(source, data)) {
    const issues = checkJsonStructure(file, source);
    // isClean found a fault that the scan cannot place: refuse rather than judge doubtful data.
    return issues.length > 0 ? issues : [{ code: ErrorCode.ParseError, file, line: 1, column: 1, path: '', message: 'manifest could not be checked for duplicate keys (a bug in maestro-gate: please report it); it is refused rather than judged' }];
  }
  return {
    data,
    form: 'json',
    locate: (keyPath, key) => locateJson(source, [key === undefined ? { keyPath } : { keyPath, key }])[0]!,
    locateAll: (requests) => locateJson(source, requests),
  };
}

/**
 * Cheap proof that the data holds every key the text wrote, none forbidden, none too deep:
 * JSON.parse keeps the last of two duplicate keys silently, so the keys are counted in both.
 */
function isClean(source: string, data: unknown): boolean {
  let keys = 0;
  // Recursion stays shallow: it stops at MAX_DEPTH. No frame object per value, unlike a stack.
  const clean = (value: unknown, depth: number): boolean => {
    if (typeof value !== 'object' || value === null) return true;
    if (depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) {
      for (const item of value) if (!clean(item, depth + 1)) return false;
      return true;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key) || key === '<<') return false;
      keys += 1;
      if (!clean((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
  return clean(data, 0) && keys === countJsonKeys(source);
}

/** Number of object keys written in a JSON text (strings followed by `:`), in one linear scan. */
function countJsonKeys(text: string): number {
  let count = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    let next = stringEnd(text, start);
    for (let code = text.charCodeAt(next); code === 32 || code === 9 || code === 10 || code === 13; code = text.charCodeAt(next)) next += 1;
    if (text.charCodeAt(next) === 58) count += 1;
    start = text.indexOf('"', next);
  }
  return count;
}

/**
 * Every duplicate, forbidden or merge key and the first value nested past MAX_DEPTH, each at the
 * key or value where it is written, worded as the YAML path words it.
 */
function checkJsonStructure(file: string, source: string): ManifestIssue[] {
  const found: { code: ManifestIssue['code']; offset: number; path: string; message: string }[] = [];
  const frames: { segment: string | number; keys: Set<string> | undefined; index: number }[] = [];
  let pendingKey: string | undefined;
  let tooDeep = false;
  const pathOf = (): (string | number)[] => frames.slice(1).map((frame) => frame.segment);
  scanJson(source, {
    value(offset, kind) {
      const parent = frames.at(-1);
      const segment = parent === undefined ? '' : parent.keys === undefined ? parent.index++ : (pendingKey ?? '');
      const depth = frames.length;
      if (depth > MAX_DEPTH && !tooDeep) {
        tooDeep = true;
        const path = [...pathOf(), segment].slice(0, 3);
        found.push({ code: ErrorCode.TooDeep, offset, path: formatKeyPath(path), message: `nesting is deeper than ${MAX_DEPTH} levels` });
      }
      if (kind !== 'scalar') frames.push({ segment, keys: kind === 'object' ? new Set() : undefined, index: 0 });
    },
    key(start, end) {
      const frame = frames.at(-1)!;
      const name = keyText(source, start, end);
      pendingKey = name;
      const parentPath = pathOf();
      if (frame.keys!.has(name)) {
        found.push({ code: ErrorCode.DuplicateKey, offset: start, path: formatKeyPath([...parentPath, name]), message: `duplicate key ${quoteForIssue(name)}: each key may appear only once in a mapping` });
      } else if (name === '<<') {
        found.push({ code: ErrorCode.MergeKey, offset: start, path: formatKeyPath(parentPath), message: 'merge keys (`<<`) are not supported; write the keys out' });
      } else if (FORBIDDEN_KEYS.has(name)) {
        found.push({ code: ErrorCode.ForbiddenKey, offset: start, path: formatKeyPath(parentPath), message: `key '${name}' is not allowed anywhere in a manifest` });
      }
      frame.keys!.add(name);
    },
    close() {
      frames.pop();
    },
  });
  const positions = positionsOf(source, found.map((issue) => issue.offset));
  return found
    .map(({ code, path, message }, index): ManifestIssue => ({ code, file, ...positions[index]!, path, message }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
