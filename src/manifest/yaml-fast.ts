/**
 * The fast YAML path: js-yaml reads the text (some ten to twenty times faster than the `yaml`
 * document API, a fraction of its memory), scalars resolved by the 1.2 core schema as the loader
 * resolves them (yaml-core.ts). It only ever accepts: any text that uses what the loader alone
 * decides (tags, anchors, aliases, directives, explicit or merge keys) is left to the loader,
 * and so is any text js-yaml refuses, whose data breaks a key rule, or that uses a spot where
 * js-yaml is laxer than YAML 1.2 (found by the differential tests: tabs in indentation, lines of
 * one scalar or of a flow collection in block context, long implicit keys, content after `---`),
 * so that every rejection and every message comes from yaml.ts unchanged. Positions come from js-yaml's parse events,
 * recorded in the same pass, at the offsets the loader's document gives.
 */
import jsyaml from 'js-yaml';
import { positionsOf } from './json-scan.js';
import { FORBIDDEN_KEYS, MAX_DEPTH, type KeyPath, type ParsedManifest } from './parse.js';
import { CORE_SCHEMA_AS_YAML_READS_IT } from './yaml-core.js';
import { Placements } from './yaml-placements.js';
import { isFlowStart, skipBlanks, skipSeparation } from './yaml-text.js';

// parse.ts loads this module, and the bound with it, only for YAML.
export { yamlTokensAtMost } from './yaml-text.js';

/**
 * True when the text may use what only the loader decides: `!` tags, `&` anchors, `*` aliases,
 * `?` explicit keys (each where it could start a token: at a line start or after a space or a
 * flow indicator), `%` directives, and `<<` anywhere. A hit inside a quoted string or a comment
 * is a false positive, which costs speed and nothing else. indexOf per character: a regular
 * expression over the whole text costs several times more.
 */
function needsLoader(source: string): boolean {
  if (source.includes('<<') || source.startsWith('%') || source.includes('\n%') || source.includes('\r%')) return true;
  // Content after `---` on its line, a comment glued to a quote or bracket: js-yaml reads them,
  // YAML 1.2 (and the loader) refuses them.
  if (/^---[ \t]+[^\s#]/m.test(source) || /["'\]}]#/.test(source)) return true;
  // A tab in a line's indentation: js-yaml lets some through, YAML 1.2 never does. A lone
  // carriage return is a line break to js-yaml, and rare enough to leave to the loader.
  if ((source.includes('\t') && /^ *\t/m.test(source)) || (source.includes('\r') && /\r(?!\n)/.test(source))) return true;
  for (const char of '!&*?') {
    for (let at = source.indexOf(char); at !== -1; at = source.indexOf(char, at + 1)) {
      const before = at === 0 ? 10 : source.charCodeAt(at - 1);
      if (before <= 32 || before === 44 || before === 91 || before === 93 || before === 123 || before === 125) return true;
    }
  }
  return false;
}

/** Kinds of a node as js-yaml reports it on closing: `null` kind is an empty node. */
const EMPTY = 0;
const SCALAR = 1;
const SEQUENCE = 2;
const MAPPING = 3;

/** A node's kind as js-yaml names it (-1 for a kind it never reports here). */
function kindCode(kind: string | null): number {
  if (kind === 'scalar') return SCALAR;
  if (kind === 'mapping') return MAPPING;
  if (kind === 'sequence') return SEQUENCE;
  return kind === null ? EMPTY : -1;
}

/** The manifest read by js-yaml, or `undefined` when the loader must read it. */
export function fastYaml(source: string): ParsedManifest | undefined {
  if (needsLoader(source)) return undefined;
  const recorder = new Recorder(source);
  let data: unknown;
  try {
    // `maxDepth` is js-yaml 4.3's (not yet in @types/js-yaml): deeper than MAX_DEPTH is the
    // loader's issue to word, so stop long before the stack does.
    const options: jsyaml.LoadOptions & { maxDepth: number } = {
      schema: CORE_SCHEMA_AS_YAML_READS_IT,
      maxDepth: MAX_DEPTH + 2,
      listener: (event, state) => recorder.event(event, state.position, state.kind, state.result),
    };
    data = jsyaml.load(source, options);
  } catch {
    // Syntax, duplicate keys, depth, anything: the loader words it and places it.
    return undefined;
  }
  const root = recorder.root();
  if (root === undefined || !isClean(data, recorder.placed)) return undefined;
  // Only the placements outlive the read, not the recorder's stacks.
  const { placed } = recorder;
  const at = (keyPath: KeyPath, key?: string): number => offsetOf(data, root, placed, keyPath, key);
  return {
    data,
    form: 'yaml',
    locate: (keyPath, key) => positionsOf(source, [at(keyPath, key)])[0]!,
    locateAll: (requests) => positionsOf(source, requests.map(({ keyPath, key }) => at(keyPath, key))),
  };
}

/**
 * Builds, from js-yaml's open/close events, where every key and value starts. Children of the
 * open nodes live on one flat stack (no allocation per scalar); a closing mapping or sequence
 * takes its children off it. A collection whose children do not pair up with its data (an empty
 * `-` item, a `{a}` flow key without value, a flow pair `[a: 1]`), or whose key is not a scalar,
 * a prototype or a merge key, makes the whole text `unsure`, and the loader reads it instead.
 */
class Recorder {
  readonly placed = new Placements();
  private unsure = false;
  private depth = 0;
  /** The document is one flow collection: no line of it is block context. */
  private flowRoot = false;
  private readonly opens: number[] = [];
  private readonly bases: number[] = [];
  /** Records made before each open node: those made since are its subtree's. */
  private readonly recordsBefore: number[] = [];
  private top = 0;
  private readonly starts: number[] = [];
  private readonly kinds: number[] = [];
  private readonly results: unknown[] = [];
  /** No line break lies from `newlineFrom` up to `newlineAt`, where one is (or the text ends). */
  private newlineFrom = 0;
  private newlineAt = -1;

  constructor(private readonly source: string) {}

  event(event: 'open' | 'close', position: number, kind: string | null, result: unknown): void {
    if (event === 'open') {
      if (this.depth === 0) this.flowRoot = isFlowStart(this.source.charCodeAt(skipSeparation(this.source, position)));
      this.opens[this.depth] = position;
      this.bases[this.depth] = this.top;
      this.recordsBefore[this.depth] = this.placed.count.length;
      this.depth += 1;
      return;
    }
    this.depth -= 1;
    const open = this.opens[this.depth]!;
    const base = this.bases[this.depth]!;
    const code = kindCode(kind);
    const count = this.top - base;
    // js-yaml reads a block mapping's would-be first key inside the node; when no `:` follows,
    // that child is the node itself (same result): keep it as it is.
    if (count === 1 && code >= SEQUENCE && this.results[base] === result) return;
    if (code === -1 || (code === EMPTY && result !== null)) this.unsure = true;
    const start = code === EMPTY ? this.emptyAt(open) : skipSeparation(this.source, open);
    if (code === MAPPING) this.placeMapping(result as Record<string, unknown>, base, count);
    else if (code === SEQUENCE) this.placeSequence(result as unknown[], base, count);
    // A scalar or a flow collection over several lines must be indented as YAML 1.2 says (no
    // tabs, deeper than its parent, no more-indented leading blank lines in a block scalar):
    // js-yaml is laxer than the loader there, and manifests seldom write them, so they go to
    // the loader. Only a flow collection at the root, where every line is flow, is exempt, and
    // so is what it holds.
    if (code === SCALAR || (code >= SEQUENCE && !this.flowRoot && isFlowStart(this.source.charCodeAt(start)))) {
      if (this.newlineAfter(start) < position) this.unsure = true;
    }
    this.starts[base] = start;
    this.kinds[base] = code;
    this.results[base] = result;
    this.top = base + 1;
  }

  /**
   * The first line break at or after `offset` (the text's length when there is none). A key and
   * its value are mostly on one line: the break found for the key serves the value too, where
   * each used to search the rest of its line again.
   */
  private newlineAfter(offset: number): number {
    if (offset < this.newlineFrom || offset > this.newlineAt) {
      const found = this.source.indexOf('\n', offset);
      this.newlineFrom = offset;
      this.newlineAt = found === -1 ? this.source.length : found;
    }
    return this.newlineAt;
  }

  /**
   * Where the loader places an empty value: after the `:` and the spaces that follow on its
   * line. js-yaml opens the node there in a block mapping but past line breaks in a flow one, so
   * the colon is found by stepping back over them; anything else there (a comment) is unsure.
   */
  private emptyAt(open: number): number {
    let back = open;
    for (let code = this.source.charCodeAt(back - 1); code === 32 || code === 9 || code === 10 || code === 13; code = this.source.charCodeAt(back - 1)) back -= 1;
    if (this.source.charCodeAt(back - 1) !== 58 /* : */) this.unsure = true;
    return skipBlanks(this.source, back);
  }

  /** Where the document's single node starts, or `undefined` when the text is unsure. */
  root(): number | undefined {
    if (this.unsure || this.top !== 1 || this.depth !== 0) return undefined;
    return this.starts[0];
  }

  private placeMapping(result: Record<string, unknown>, base: number, count: number): void {
    const { placed } = this;
    this.record(result);
    placed.firstName.push(placed.names.length);
    placed.firstOffset.push(placed.offsets.length);
    placed.count.push(Math.ceil(count / 2));
    for (let index = base; index < base + count; index += 2) {
      const key = this.results[index];
      // `~:` or `[a]:` load as the keys "null" and "a"; the loader refuses both.
      if (this.kinds[index] !== SCALAR || (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean')) this.unsure = true;
      // YAML 1.2 ends an implicit key within 1024 characters; js-yaml does not check.
      if ((this.starts[index + 1] ?? 0) - this.starts[index]! > 1000) this.unsure = true;
      const name = String(key);
      if (FORBIDDEN_KEYS.has(name) || name === '<<') this.unsure = true;
      placed.names.push(name);
      placed.offsets.push(this.starts[index]!, this.starts[index + 1] ?? -1);
    }
    if (count % 2 !== 0) this.unsure = true;
    // A block mapping composes exactly a key and a value per entry (explicit `?` keys never get
    // here); a flow mapping may write a key without a value, so its pairs are counted.
    else if (this.source.charCodeAt(skipSeparation(this.source, this.opens[this.depth]!)) === 123 /* { */ && count / 2 !== Object.keys(result).length) this.unsure = true;
  }

  private placeSequence(result: unknown[], base: number, count: number): void {
    if (count !== result.length) this.unsure = true;
    const { placed } = this;
    this.record(result);
    placed.firstName.push(-1);
    placed.firstOffset.push(placed.offsets.length);
    placed.count.push(count);
    for (let index = base; index < base + count; index += 1) placed.offsets.push(this.starts[index]!);
  }

  /** Starts the record of the collection closing now (`placeMapping` or `placeSequence` fills it). */
  private record(result: object): void {
    const { placed } = this;
    placed.loaded.push(result);
    placed.size.push(placed.count.length - this.recordsBefore[this.depth]! + 1);
  }
}

/**
 * Proof that the data is what the loader would give: plain mappings and sequences only, each
 * one placed by the recorder with the keys it holds (nothing built behind its back), no value
 * nested past MAX_DEPTH. Any doubt sends the text to the loader.
 *
 * Each collection's last entry is visited first, which is the records' post-order reversed: the
 * nth collection visited must be the object of the nth record from the end, at the record its
 * parent's entries give it (so that childRecord can trust them), and every record is reached.
 */
function isClean(data: unknown, placed: Placements): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const records = placed.loaded.length;
  let collections = 0;
  const values: object[] = [data];
  const depths: number[] = [0];
  const expected: number[] = [records - 1];
  let depth = 0;
  const push = (child: object, _entry: number, record: number): void => {
    values.push(child);
    depths.push(depth + 1);
    expected.push(record);
  };
  while (values.length > 0) {
    const value = values.pop()!;
    depth = depths.pop()!;
    const record = expected.pop()!;
    if (record !== records - 1 - collections || placed.loaded[record] !== value || depth >= MAX_DEPTH) return false;
    collections += 1;
    if (placed.firstName[record] !== -1 && Object.getPrototypeOf(value) !== Object.prototype) return false;
    const base = values.length;
    if (!placed.eachChild(record, value, push)) return false;
    // Pushed from the last entry back: turned round, so that the last is taken first.
    reverseFrom(values, base);
    reverseFrom(expected, base);
  }
  return collections === records;
}

function reverseFrom(items: unknown[], from: number): void {
  for (let low = from, high = items.length - 1; low < high; low += 1, high -= 1) {
    const item = items[low];
    items[low] = items[high];
    items[high] = item;
  }
}

/**
 * The loader's findOffset (yaml.ts) on the recorded starts: the node at `keyPath`, or the key
 * `key` of the mapping there; where the path leaves the data, the deepest node found.
 */
function offsetOf(data: unknown, root: number, placed: Placements, keyPath: KeyPath, key?: string): number {
  let value = data as object;
  // isClean found the data's object in the last record.
  let record = placed.loaded.length - 1;
  let offset = root;
  for (const segment of keyPath) {
    if (record === -1) return offset;
    const first = placed.firstOffset[record]!;
    let entry: number;
    if (placed.firstName[record] !== -1) {
      entry = placed.keyIndex(record, String(segment));
      if (entry === -1) return offset;
      offset = placed.offsets[first + 2 * entry + 1]!;
    } else {
      if (typeof segment !== 'number' || !(segment >= 0 && segment < placed.count[record]!)) return offset;
      entry = segment;
      offset = placed.offsets[first + segment]!;
    }
    const child = placed.childRecord(record, value, entry);
    if (child !== -1) value = placed.loaded[child]!;
    record = child;
  }
  if (key !== undefined && record !== -1) {
    const index = placed.keyIndex(record, key);
    if (index !== -1) return placed.offsets[placed.firstOffset[record]! + 2 * index]!;
  }
  return offset;
}
