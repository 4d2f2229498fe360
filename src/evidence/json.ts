/**
 * JSON for evidence files, read strictly: `JSON.parse` keeps the last of two equal keys without
 * a word, so `{"expires": "2020-01-01", "expires": "2099-01-01"}` would be judged by whichever
 * value its author put last. Every evidence reader parses through here and refuses such a file,
 * as the YAML readers do.
 */

export type StrictJson = { ok: true; value: unknown } | { ok: false; reason: string; duplicateKey?: string };

/** Longest key copied into a reason; keys come from the file and may be anything. */
const MAX_KEY_SHOWN = 80;

/**
 * Deepest nesting accepted. Real evidence nests a few dozen levels (components inside
 * components); JSON.parse of a 60 MiB `[[[[…` took 3 GiB, and the schema validator recurses
 * once per level.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Most objects, arrays and members (counted as brackets plus commas) one document may hold.
 * JSON.parse costs memory per value, not per byte: 60 MiB of `{},{},…` took 1.9 GiB and 35 s,
 * 60 MiB of `"k1":0,"k2":0,…` in one object 0.9 GiB, while a 60 MiB CycloneDX SBOM (2.9 million
 * values) took 0.26 GiB. Four million keeps every shape under the cap within about 0.6 GiB.
 */
export const MAX_JSON_VALUES = 4_000_000;

/**
 * Most keys one object may hold. An object with many distinct keys is stored as a hash table,
 * several times the size of a small object: four million keys in one object took 1.1 GiB and
 * 17 s, the same keys in objects of ten thousand 0.57 GiB. Evidence formats keep their many
 * entries in arrays; no real SBOM, statement or bundle comes near this.
 */
export const MAX_JSON_KEYS_PER_OBJECT = 10_000;

/**
 * Parses `text` as one JSON document and refuses a repeated key in any object, at any depth,
 * and documents nested or sized beyond {@link MAX_JSON_DEPTH} and {@link MAX_JSON_VALUES}.
 * Reasons are fixed phrases ("not valid JSON") or name the key and where it is
 * ("duplicate key 'expires' at components[3]"); the parser's own messages, which quote the
 * file, are never passed on.
 */
export function parseStrictJson(text: string): StrictJson {
  // The scan runs first: it is what keeps JSON.parse from being handed a document that would
  // exhaust memory. It tolerates invalid JSON, which JSON.parse then reports.
  const scan = scanJson(text);
  if (scan.kind === 'too-deep') return { ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (scan.kind === 'too-wide') return { ok: false, reason: `an object${scan.path === '' ? '' : ` at ${scan.path}`} has more than ${MAX_JSON_KEYS_PER_OBJECT} keys` };
  if (scan.kind === 'too-large') return { ok: false, reason: `more than ${MAX_JSON_VALUES} JSON values (objects, arrays and members)` };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (scan.kind === 'duplicate') {
    const where = scan.path === '' ? '' : ` at ${scan.path}`;
    return { ok: false, reason: `duplicate key ${shownKey(scan.key)}${where}`, duplicateKey: scan.key };
  }
  return { ok: true, value };
}

interface Frame {
  /** Keys seen so far in this object, made on the first key; null for an array. */
  keys: Set<string> | null;
  isObject: boolean;
  /** The key whose value is being read (objects), or the element index (arrays). */
  key: string;
  index: number;
}

type Scan = { kind: 'clean' } | { kind: 'duplicate'; key: string; path: string } | { kind: 'too-deep' } | { kind: 'too-large' } | { kind: 'too-wide'; path: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * One pass over the text in which only structure matters: strings are skipped with indexOf, a
 * key is the first string after `{` or after a `,` in an object, and each open object holds a
 * Set of its keys. Work is linear in the text (the backslashes counted before a quote lie
 * between it and the previous quote) and memory is bounded by the keys of the objects open at
 * one time, at most MAX_JSON_DEPTH of them. A key with escapes is compared decoded, as JSON.parse
 * compares it: `"a"` and `"\u0061"` are the same key.
 *
 * yaml's parser with `uniqueKeys` would do the same check, but compares each key with every
 * earlier one of its map: quadratic in a wide object.
 */
function scanJson(text: string): Scan {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let expectKey = false;
  let values = 0;
  let duplicate: Scan | undefined;
  const length = text.length;
  for (let position = 0; position < length; position += 1) {
    const code = text.charCodeAt(position);
    if (code === QUOTE) {
      const end = closingQuote(text, position + 1);
      if (expectKey && top !== undefined && duplicate === undefined) {
        let key = text.slice(position + 1, end);
        if (key.includes('\\')) key = decodeKey(key);
        top.keys ??= new Set();
        if (top.keys.size >= MAX_JSON_KEYS_PER_OBJECT) return { kind: 'too-wide', path: pathOf(stack) };
        // The first duplicate is kept, and the scan goes on: a later part of the file may
        // still be too large or too deep for JSON.parse.
        if (top.keys.has(key)) duplicate = { kind: 'duplicate', key, path: pathOf(stack) };
        top.keys.add(key);
        top.key = key;
      }
      expectKey = false;
      position = end;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (stack.length >= MAX_JSON_DEPTH) return { kind: 'too-deep' };
      if (++values > MAX_JSON_VALUES) return { kind: 'too-large' };
      top = { keys: null, isObject: code === OPEN_OBJECT, key: '', index: 0 };
      stack.push(top);
      expectKey = top.isObject;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
      expectKey = false;
    } else if (code === COMMA) {
      if (++values > MAX_JSON_VALUES) return { kind: 'too-large' };
      if (top?.isObject) expectKey = true;
      else if (top !== undefined) top.index += 1;
    }
  }
  return duplicate ?? { kind: 'clean' };
}

/** A key with escapes, decoded as JSON.parse decodes it; undecodable text (invalid JSON) stays as written. */
function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The index of the quote that closes a string whose content starts at `from`. */
function closingQuote(text: string, from: number): number {
  let at = text.indexOf('"', from);
  for (;;) {
    // Unreachable for text JSON.parse accepted; ends the scan rather than looping.
    if (at === -1) return text.length;
    let backslashes = 0;
    for (let before = at - 1; before >= from && text.charCodeAt(before) === BACKSLASH; before -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
}

/** Where the object holding the duplicate sits: `components[3].properties`, '' at the top. */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  // The innermost frame is the object holding the duplicate; its own current key is not part of it.
  for (const frame of stack.slice(0, -1)) {
    if (frame.isObject) path += /^[A-Za-z_$][\w$-]*$/.test(frame.key) ? `${path === '' ? '' : '.'}${frame.key}` : `[${JSON.stringify(shorten(frame.key))}]`;
    else path += `[${frame.index}]`;
  }
  return path;
}

function shorten(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > MAX_KEY_SHOWN ? `${clean.slice(0, MAX_KEY_SHOWN)}…` : clean;
}

function shownKey(key: string): string {
  return `'${shorten(key)}'`;
}
