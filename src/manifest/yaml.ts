/**
 * The YAML path: the `yaml` package's document API, locked to the 1.2 core schema, with every
 * key rule checked on the node tree before the data is built.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Alias, type Document, type Node } from 'yaml';
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { FORBIDDEN_KEYS, formatKeyPath, MAX_ALIAS_COUNT, MAX_ALIAS_EXPANSION, MAX_DEPTH, quoteForIssue, type KeyPath, type ParsedManifest, type Position } from './parse.js';

/**
 * True when `source` holds more than `limit` significant tokens (scalars, indicators, anchors;
 * not spaces, newlines or comments). The lexer streams its tokens and keeps none, so this costs
 * about a microsecond per token and no memory, and stops at the limit.
 */
export function yamlTokensOver(source: string, limit: number): boolean {
  let count = 0;
  for (const token of new Lexer().lex(source)) {
    const first = token.charCodeAt(0);
    // Control characters below 0x20 mark token kinds (document, scalar, flow end): not values.
    if (first > 32 && first !== 35 /* # */ && ++count > limit) return true;
  }
  return false;
}

export function parseYaml(file: string, source: string): ParsedManifest | ManifestIssue[] {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, {
      version: '1.2',
      schema: 'core',
      merge: false,
      // The package compares each new key with every earlier one, quadratic in a wide mapping
      // (a 4 MiB map of 350,000 keys ran for minutes); checkStructure finds duplicates with a Set.
      uniqueKeys: false,
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
    form: 'yaml',
    locate: (keyPath, key) => at(findOffset(doc, keyPath, key)),
    locateAll: (requests) => requests.map(({ keyPath, key }) => at(findOffset(doc, keyPath, key))),
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
          issues.push({ code: ErrorCode.DuplicateKey, file, ...at(key.range?.[0]), path: formatKeyPath([...path, name]), message: `duplicate key ${quoteForIssue(name)}: each key may appear only once in a mapping` });
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
