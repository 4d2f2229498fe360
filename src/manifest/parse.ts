/**
 * Parses a manifest's text (YAML 1.2 or JSON, which is YAML 1.2 flow) into plain data, keeping a
 * way back from any key path to its line and column.
 *
 * Text that JSON.parse accepts is JSON and never reaches the YAML parser (json.ts); anything
 * else is YAML, locked to the 1.2 core schema (yaml.ts): `yes`/`on`/`y` stay strings, merge keys
 * are off, duplicate keys are errors, alias expansion is bounded. Plain YAML is read first by
 * js-yaml (yaml-fast.ts), which only accepts what it proves the loader would read the same way,
 * and leaves everything else, every rejection included, to yaml.ts. YAML costs some fifty bytes of
 * memory per byte of input (several hundred for a flow list of single digits), so it has a
 * smaller size cap and a bound on its tokens; JSON is read up to the general cap.
 */
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { jsonManifest, jsonSyntaxIssue, parseJson } from './json.js';
import type * as YamlFast from './yaml-fast.js';
import type * as YamlLoader from './yaml.js';

export type KeyPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** The value at `keyPath`, or with `key` where that key of the mapping there is written. */
export interface LocateRequest {
  keyPath: KeyPath;
  key?: string;
}

export interface ParsedManifest {
  data: unknown;
  /** Which parser read the text: JSON.parse, or YAML (js-yaml's fast path or the YAML document API). */
  form: 'json' | 'yaml';
  /** Where the value at `keyPath` starts; with `key`, where that key of the map is written. */
  locate(keyPath: KeyPath, key?: string): Position;
  /** `locate` for many requests at once: one pass over a JSON text, however many there are. */
  locateAll(requests: readonly LocateRequest[]): Position[];
}

/** Keys that could reach `Object.prototype` if data were ever merged naively: refused everywhere. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Manifests are shallow; this bound stops pathological nesting long before the stack does. */
export const MAX_DEPTH = 64;
/** Alias uses allowed in one document, weighted by the aliases inside each anchor (the `yaml` package's own guard). */
export const MAX_ALIAS_COUNT = 100;
/**
 * Nodes that aliases may add to the data, in total. The package's guard counts aliases, not what
 * they expand to: 100 aliases of a 100,000-item list pass it and multiply the reports a
 * hundredfold. Sharing a map of a few keys a few dozen times stays far below this bound.
 */
export const MAX_ALIAS_EXPANSION = 10_000;
/**
 * YAML manifests above this size are refused unless MAESTRO_GATE_MAX_MANIFEST_BYTES is set.
 * Measured (yaml 2.9, Node 20, CLI `check`): ordinary artifact entries cost ~55-60 bytes of
 * memory per byte of input for the parse alone (4 MiB: 289 MiB RSS, 8 MiB: 489 MiB, 16 MiB:
 * 884 MiB); a whole check of 7.9 MiB peaks at 662 MiB, so 8 MiB keeps it under 1 GiB.
 */
export const DEFAULT_MAX_YAML_MANIFEST_BYTES = 8 * 1024 * 1024;
/**
 * Significant YAML tokens allowed under the default caps. Memory follows tokens, not bytes: ~0.5
 * KiB each for the parse whatever their length, ~1 KiB for a whole Action run, and a flow list
 * `[0,0,…]` packs one into two bytes (500 bytes of memory per byte). Measured on the Action:
 * 950,000 tokens of artifact entries peaked at 936 MiB, 700,000 at 758 MiB.
 */
export const MAX_YAML_TOKENS = 750_000;

export interface ParseLimits {
  /** YAML texts larger than this (in UTF-8 bytes) are refused before parsing. */
  maxYamlBytes?: number;
  /** Significant tokens a YAML text may hold; checked with the package's lexer before parsing. */
  maxYamlTokens?: number;
}

export function formatKeyPath(keyPath: KeyPath): string {
  let text = '';
  for (const segment of keyPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * `text` in single quotes for a message, with control characters and line separators written as
 * escapes: a key or id may hold a newline, and an issue is always one line.
 */
export function quoteForIssue(text: string): string {
  return `'${text.replace(/[\p{Cc}\u2028\u2029]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** Each YAML reader is imported once per process: a YAML manifest per call need not resolve it again. */
let fastReaderModule: Promise<typeof YamlFast> | undefined;
let loaderModule: Promise<typeof YamlLoader> | undefined;
const fastReader = (): Promise<typeof YamlFast> => (fastReaderModule ??= import('./yaml-fast.js'));
const loader = (): Promise<typeof YamlLoader> => (loaderModule ??= import('./yaml.js'));

/**
 * Async only for YAML: its parser is loaded on first use, so a JSON manifest never evaluates it
 * (about a quarter of the Action's start-up code, issue 12).
 */
export async function parseManifestText(file: string, text: string, limits: ParseLimits = {}): Promise<ParsedManifest | ManifestIssue[]> {
  // A BOM is not content; the decoder keeps it, YAML tolerates it only at the very start.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const json = parseJson(source);
  if (json !== undefined && 'data' in json) return jsonManifest(file, source, json.data);

  const maxBytes = limits.maxYamlBytes ?? DEFAULT_MAX_YAML_MANIFEST_BYTES;
  const maxTokens = limits.maxYamlTokens ?? MAX_YAML_TOKENS;
  const bytes = Buffer.byteLength(source);
  const advice = 'write it as JSON (maestro.json, read up to 64 MiB), split it into several manifests, or raise MAESTRO_GATE_MAX_MANIFEST_BYTES';
  if (bytes > maxBytes) {
    // It looks like JSON and is too large for YAML: the JSON error is the one that helps.
    if (json !== undefined) return [jsonSyntaxIssue(file, source, json, `a manifest over ${maxBytes} bytes is read only as JSON`)];
    return [{ code: ErrorCode.FileTooLarge, file, path: '', message: `YAML manifest is ${bytes} bytes, over the YAML limit of ${maxBytes} bytes (YAML needs about 50 bytes of memory per byte); ${advice}` }];
  }
  const { fastYaml, yamlTokensAtMost } = await fastReader();
  // Below a megabyte even the densest YAML stays far under the memory bound, and a raised cap
  // lifts the bound: skip the count. The lexer counts exactly only when a cheap bound is over.
  if (bytes > 1024 * 1024 && Number.isFinite(maxTokens) && yamlTokensAtMost(source) > maxTokens && (await loader()).yamlTokensOver(source, maxTokens)) {
    return [{ code: ErrorCode.FileTooLarge, file, path: '', message: `YAML manifest has more than ${maxTokens} values and indicators (it is ${bytes} bytes), over the YAML limit (memory follows values, not bytes); ${advice}` }];
  }
  // js-yaml only accepts (yaml-fast.ts); every other text, and every issue, is the loader's.
  const fast = fastYaml(source);
  if (fast !== undefined) return fast;
  const { parseYaml } = await loader();
  return parseYaml(file, source);
}
