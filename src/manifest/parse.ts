/**
 * Parses a manifest's text (YAML 1.2 or JSON, which is YAML 1.2 flow) into plain data while
 * keeping the document, so that any key path can be traced back to a line and column.
 *
 * The parser is locked to the YAML 1.2 core schema: `yes`/`on`/`y` stay strings (and fail a
 * boolean field), merge keys are off, duplicate keys are errors, and alias expansion is bounded.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node } from 'yaml';
import { ErrorCode, type ManifestIssue } from '../errors.js';

export type KeyPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface ParsedManifest {
  data: unknown;
  /** Where the value at `keyPath` starts; with `key`, where that key of the map is written. */
  locate(keyPath: KeyPath, key?: string): Position;
}

/** Keys that could reach `Object.prototype` if data were ever merged naively: refused everywhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
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
export function quoted(text: string): string {
  return `'${text.replace(/[\p{Cc}\u2028\u2029]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

export function parseManifestText(file: string, text: string): ParsedManifest | ManifestIssue[] {
  // A BOM is not content; the decoder keeps it, YAML tolerates it only at the very start.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const data = parseCleanJson(source);
  if (data === undefined) return parseYaml(file, source);
  let located: ParsedManifest | undefined;
  return {
    data,
    locate(keyPath, key) {
      // Positions are needed only for errors and annotations: the document is built then.
      if (located === undefined) {
        const parsed = parseYaml(file, source);
        if (Array.isArray(parsed)) return { line: 1, column: 1 };
        located = parsed;
      }
      return located.locate(keyPath, key);
    },
  };
}

/**
 * The fast path for JSON manifests: `JSON.parse` is some hundred times faster than the YAML
 * document API on large files. It is taken only for a document the YAML path would accept with
 * the same data: valid JSON with no duplicate key (JSON.parse would keep the last silently), no
 * forbidden or merge key, and no nesting past MAX_DEPTH. Anything else returns undefined, and
 * the YAML path reports it with its exact position.
 */
function parseCleanJson(source: string): unknown {
  if (!/^\s*\{/.test(source)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return undefined;
  }
  let keys = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return undefined;
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key) || key === '<<') return undefined;
      keys += 1;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return keys === countJsonKeys(source) ? data : undefined;
}

/** Number of object keys written in a JSON text (strings followed by `:`), in one linear scan. */
function countJsonKeys(text: string): number {
  let count = 0;
  let start = text.indexOf('"');
  while (start !== -1) {
    let end = start + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end === -1) return -1;
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === 92) backslashes += 1;
      if (backslashes % 2 === 0) break;
      end += 1;
    }
    let next = end + 1;
    for (let code = text.charCodeAt(next); code === 32 || code === 9 || code === 10 || code === 13; code = text.charCodeAt(next)) next += 1;
    if (text.charCodeAt(next) === 58) count += 1;
    start = text.indexOf('"', next);
  }
  return count;
}

function parseYaml(file: string, source: string): ParsedManifest | ManifestIssue[] {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, {
      version: '1.2',
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      // YAML 1.1 tags (!!set, !!binary, !!omap) would load as Set, Uint8Array or Map objects.
      resolveKnownTags: false,
      prettyErrors: false,
      strict: true,
      lineCounter,
    });
  } catch (error) {
    return [parserCrash(file, error)];
  }
  const at = (offset: number | undefined): Position => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  const issues: ManifestIssue[] = [];
  for (const error of doc.errors) {
    if (error.code === 'RESOURCE_EXHAUSTION') {
      // The package catches its own stack overflow on hostile nesting and reports it once per
      // level it unwinds through; one issue is enough, and the engine's wording teaches nothing.
      if (!issues.some((issue) => issue.code === ErrorCode.TooDeep)) {
        issues.push({ code: ErrorCode.TooDeep, file, ...at(error.pos[0]), path: '', message: 'nesting is too deep to parse' });
      }
    } else if (error.code === 'DUPLICATE_KEY') {
      const duplicate = duplicateKeyAt(doc, error.pos[0]);
      issues.push({
        code: ErrorCode.DuplicateKey,
        file,
        ...at(error.pos[0]),
        path: duplicate ? formatKeyPath(duplicate) : '',
        message: duplicate ? `duplicate key ${quoted(String(duplicate.at(-1)))}: each key may appear only once in a mapping` : firstSentence(error.message),
      });
    } else if (error.code === 'MULTIPLE_DOCS') {
      issues.push({ code: ErrorCode.ParseError, file, ...at(error.pos[0]), path: '', message: 'a manifest holds one YAML document; remove this `---` and what follows, or split it into another file' });
    } else {
      // The package's message may quote the source line; keep only the sentence before it.
      issues.push({ code: ErrorCode.ParseError, file, ...at(error.pos[0]), path: '', message: firstSentence(error.message) });
    }
  }
  const declared = doc.directives?.yaml.explicit ? doc.directives.yaml.version : undefined;
  if (declared !== undefined && declared !== '1.2') {
    issues.push({ code: ErrorCode.ParseError, file, ...at(0), path: '', message: `%YAML ${declared} is not supported; manifests are YAML 1.2` });
  }
  if (issues.length > 0) return issues;

  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return [{ code: ErrorCode.EmptyManifest, file, line: 1, column: 1, path: '', message: 'manifest is empty; expected a mapping with `run` and `artifacts`' }];
  }
  if (!isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : 'a single value';
    return [{ code: ErrorCode.NotAMapping, file, ...at(doc.contents.range?.[0]), path: '', message: `manifest is ${kind}; expected a mapping with \`run\` and \`artifacts\`` }];
  }

  issues.push(...checkStructure(file, doc, at));
  if (issues.length > 0) return issues;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return [{ code: ErrorCode.AliasLimit, file, line: 1, column: 1, path: '', message: `aliases are used more than the limit of ${MAX_ALIAS_COUNT} times` }];
    }
    return [parserCrash(file, error)];
  }

  return {
    data,
    locate(keyPath, key) {
      return at(findOffset(doc, keyPath, key));
    },
  };
}

/**
 * One iterative walk over the node tree (recursion would overflow on hostile nesting): keys must
 * be plain scalars, unique once written as text, never `<<` or a prototype name; nesting stays
 * under MAX_DEPTH and aliases expand to at most MAX_ALIAS_EXPANSION nodes in all.
 */
function checkStructure(file: string, doc: Document.Parsed, at: (offset: number | undefined) => Position): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  let expansion = 0;
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const children: typeof stack = [];
    if (path.length > MAX_DEPTH) {
      issues.push({ code: ErrorCode.TooDeep, file, ...at((node as Node).range?.[0]), path: formatKeyPath(path.slice(0, 3)), message: `nesting is deeper than ${MAX_DEPTH} levels` });
      return issues;
    }
    if (isAlias(node)) {
      expansion += expandedSize(doc, node, MAX_ALIAS_EXPANSION - expansion);
      if (expansion > MAX_ALIAS_EXPANSION) {
        issues.push({ code: ErrorCode.AliasLimit, file, ...at(node.range?.[0]), path: formatKeyPath(path), message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; write the values out or share less` });
        return issues;
      }
    } else if (isMap(node)) {
      // `1:` and `"1":` are different YAML keys but the same property once loaded: never last-wins.
      const names = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) {
          issues.push({ code: ErrorCode.ParseError, file, ...at((key as Node | null)?.range?.[0] ?? node.range?.[0]), path: formatKeyPath(path), message: 'keys must be plain strings' });
          continue;
        }
        const name = String(key.value);
        if (names.has(name)) {
          issues.push({ code: ErrorCode.DuplicateKey, file, ...at(key.range?.[0]), path: formatKeyPath([...path, name]), message: `duplicate key ${quoted(name)}: each key may appear only once in a mapping` });
          continue;
        }
        names.add(name);
        if (name === '<<') {
          issues.push({ code: ErrorCode.MergeKey, file, ...at(key.range?.[0]), path: formatKeyPath(path), message: 'merge keys (`<<`) are not supported; write the keys out' });
          continue;
        }
        if (FORBIDDEN_KEYS.has(name)) {
          issues.push({ code: ErrorCode.ForbiddenKey, file, ...at(key.range?.[0]), path: formatKeyPath(path), message: `key '${name}' is not allowed anywhere in a manifest` });
          continue;
        }
        children.push({ node: pair.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => children.push({ node: item, path: [...path, index] }));
    }
    // Reversed onto the stack, so nodes are visited in reading order and the alias blamed for
    // the expansion limit is the first one past it.
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
  // Report in the order the user reads the file.
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Nodes that `alias` stands for, nested aliases included; stops counting once past `budget`. */
function expandedSize(doc: Document.Parsed, alias: Alias, budget: number): number {
  let count = 0;
  const stack: unknown[] = [alias.resolve(doc)];
  while (stack.length > 0 && count <= budget) {
    const node = stack.pop();
    count += 1;
    if (isAlias(node)) stack.push(node.resolve(doc));
    else if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
    else if (isSeq(node)) stack.push(...node.items);
  }
  return count;
}

/** Key path (ending in the key itself) of the map key written at `offset`; iterative, like checkStructure. */
function duplicateKeyAt(doc: Document.Parsed, offset: number): (string | number)[] | undefined {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) continue;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range?.[0] === offset) return [...path, String(pair.key.value)];
        if (isScalar(pair.key)) stack.push({ node: pair.value, path: [...path, String(pair.key.value)] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
    }
  }
  return undefined;
}

/** Offset of the node at `keyPath` (or of the key `key` in the map there); the deepest found. */
function findOffset(doc: Document.Parsed, keyPath: KeyPath, key?: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const segment of keyPath) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      next = node.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(segment))?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null) return offset;
    node = next;
    offset = (node as Node).range?.[0] ?? offset;
  }
  if (key !== undefined) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return keyNode.range[0];
    }
  }
  return offset;
}

function firstSentence(message: string): string {
  const cut = message.search(/ at line \d+|\n/);
  return cut === -1 ? message : message.slice(0, cut);
}

function parserCrash(file: string, error: unknown): ManifestIssue {
  // The yaml package recurses on some inputs; a stack overflow is a hostile file, not our bug.
  const message = error instanceof RangeError ? `nesting is too deep to parse` : `cannot be parsed (${error instanceof Error ? error.message : String(error)})`;
  return { code: error instanceof RangeError ? ErrorCode.TooDeep : ErrorCode.ParseError, file, line: 1, column: 1, path: '', message };
}
