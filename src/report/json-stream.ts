/**
 * Compact JSON in pieces, the same text `JSON.stringify(value)` gives, so that a report of
 * 100,000 artifacts is written without ever holding its whole text (hundreds of MB) in memory.
 * Pure: the file writer in files/ decides where the pieces go.
 */

/**
 * Objects this shallow are walked member by member; an array is written one element at a time,
 * each element member by member (report arrays hold many small entries). Four levels reach
 * verdict.json's `predicate.maestro.artifacts`, which was encoded as one string at three.
 */
const WALK_DEPTH = 4;

/**
 * An array whose elements are made as it is written, one at a time, and dropped once encoded: at
 * 100,000 artifacts verdict.json's records, made all at once, outlived two collections and went to
 * the old generation, which is collected only much later. JSON.stringify sees the whole array.
 */
export class ElementsOnDemand<T> {
  constructor(
    readonly length: number,
    readonly element: (index: number) => T,
    /** How each element is written when streamed, as `writtenWith` takes it. */
    readonly text?: ElementText<T>,
  ) {}

  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, index) => this.element(index));
  }
}

/**
 * The compact JSON of one element of an array whose elements all have one shape, exactly as
 * JSON.stringify writes it, or undefined to leave it to the generic walk (a string to escape, a
 * member JSON would leave out). `member` writes an object member, a shared frozen one once per
 * document. A walk member by member reads each element's members by name, a lookup V8 cannot
 * specialise across three shapes of 100,000 entries each; a function per shape reads them directly.
 */
export type ElementText<T> = (element: T, member: (value: object | null) => string | undefined) => string | undefined;

/** The shape of each registered array's elements is known where it was made; here it is opaque. */
const ELEMENT_TEXTS = new WeakMap<readonly unknown[], ElementText<unknown>>();

/** `array` itself, its elements written by `text` when streamed (JSON.stringify sees a plain array). */
export function writtenWith<T>(array: T[], text: ElementText<T>): T[] {
  ELEMENT_TEXTS.set(array, text as ElementText<unknown>);
  return array;
}

/** Whether JSON.stringify would write `text` other than between two quotes as it is. */
export function needsEscape(text: string): boolean {
  return !COPIED_AS_IS.test(text);
}

/** Texts made once per document: of shared frozen members, and of member names. */
interface DocumentMemo {
  frozen: WeakMap<object, string>;
  names: Map<string, string>;
}

/** A value already written out whole (as compact JSON) elsewhere: the writer copies those bytes. */
export interface KnownPiece<T> {
  known: T;
}

/**
 * The pieces of `value`'s compact JSON. A value found in `known` (by identity) is not written
 * again but handed back as its key: `manifest.json` holds the compliance report, whose text
 * `compliance-report.json` already has.
 */
export function jsonChunks<T = never>(value: unknown, known: ReadonlyMap<object, T> = new Map()): Generator<string | KnownPiece<T>> {
  return chunks(value, known, 0, { frozen: new WeakMap(), names: new Map() });
}

function* chunks<T>(value: unknown, known: ReadonlyMap<object, T>, depth: number, memo: DocumentMemo): Generator<string | KnownPiece<T>> {
  const piece = typeof value === 'object' && value !== null ? known.get(value) : undefined;
  if (piece !== undefined) {
    yield { known: piece };
    return;
  }
  if (value instanceof ElementsOnDemand && depth < WALK_DEPTH) {
    yield* elements(value.length, (index) => value.element(index), memo, value.text);
    return;
  }
  if (depth >= WALK_DEPTH || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // `undefined` only reaches here as an array element or the top value: JSON writes null there.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    const array: unknown[] = value;
    yield* elements(array.length, (index) => array[index], memo, ELEMENT_TEXTS.get(array));
    return;
  }
  yield '{';
  let first = true;
  for (const [key, entry] of Object.entries(value)) {
    // As JSON.stringify: members whose value it cannot write are left out.
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* chunks(entry, known, depth + 1, memo);
  }
  yield '}';
}

/**
 * Text of this many characters is handed on at once: a piece per element of a 100,000-entry array
 * was a generator step (and a writer call) each. Well under V8's large-object size, so each piece
 * is collected young.
 */
const BATCH_CHARACTERS = 16 * 1024;

/** An array's text, `[`, its elements and `]`, in pieces of about BATCH_CHARACTERS. */
function* elements<T>(length: number, element: (index: number) => T, memo: DocumentMemo, shaped?: ElementText<T>): Generator<string> {
  // The nth member a shape's function asks for is most often the same shared frozen object as
  // the nth of the element before (a run's failing artifacts share their flags and reasons): its
  // text is kept per position, saving a WeakMap lookup for each of a million members.
  const lastShared: (object | undefined)[] = [];
  const lastText: string[] = [];
  let position = 0;
  const member = (value: object | null): string | undefined => {
    const at = position++;
    // Only frozen members are kept, and frozen stays frozen: a hit needs no Object.isFrozen, a
    // call into the runtime that cost more than the rest of this function.
    if (value !== null && lastShared[at] === value) return lastText[at];
    if (value === null || !Object.isFrozen(value)) return JSON.stringify(value);
    const text = frozenText(value, memo.frozen);
    if (text !== undefined) {
      lastShared[at] = value;
      lastText[at] = text;
    }
    return text;
  };
  const text = (each: T): string => {
    position = 0;
    return (shaped !== undefined ? shaped(each, member) : undefined) ?? elementText(each, memo);
  };
  let batch = '[';
  for (let index = 0; index < length; index += 1) {
    batch += index > 0 ? `,${text(element(index))}` : text(element(index));
    if (batch.length >= BATCH_CHARACTERS) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}]`;
}

/**
 * One array element, as JSON.stringify writes it. A frozen member is one that many entries share
 * (a flag record, a list of reasons, an integrity fact: gate/evaluate.ts and evidence/facts.ts
 * share them) and cannot change while the document is written, so its text is made once per
 * document: at 100,000 artifacts that is two fifths of the compliance report's encoding.
 */
function elementText(element: unknown, memo: DocumentMemo, escapeEach = false): string {
  if (typeof element !== 'object' || element === null || Array.isArray(element) || typeof (element as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(element) ?? 'null';
  if (Object.isFrozen(element)) return frozenText(element, memo.frozen) ?? 'null';
  let text = '';
  // The string members, joined, are tested for escaping once: one test per element instead of
  // one per string (a million at 100,000 artifacts). An element with any to escape is written
  // again, each string through JSON.stringify.
  let strings = '';
  for (const key of Object.keys(element)) {
    const member = (element as Record<string, unknown>)[key];
    let written: string | undefined;
    // The common members are written without calling JSON.stringify: at 100,000 artifacts, a
    // million short calls were a third of the encoding.
    if (typeof member === 'string') {
      written = escapeEach ? JSON.stringify(member) : `"${member}"`;
      strings += member;
    } else if (typeof member === 'boolean') written = member ? 'true' : 'false';
    else if (typeof member === 'object' && member !== null && Object.isFrozen(member)) written = frozenText(member, memo.frozen);
    else written = JSON.stringify(member);
    // As JSON.stringify: a member it cannot write (undefined, a function, a symbol) is left out.
    if (written === undefined) continue;
    text += `${text === '' ? '{' : ','}${memberName(key, memo.names)}${written}`;
  }
  if (!escapeEach && strings !== '' && needsEscape(strings)) return elementText(element, memo, true);
  return text === '' ? '{}' : `${text}}`;
}

/**
 * Text with none of what JSON.stringify escapes in a string: the quote, the backslash, control
 * characters and (well-formed JSON.stringify) lone surrogates. Any surrogate sends a string to
 * JSON.stringify, paired or not, so that only text it would copy unchanged is copied here.
 * Anchored and negated: V8 matches this a fifth faster than it searches for one such character.
 */
const COPIED_AS_IS = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** Names written once per document: entries of one array share a few dozen member names. */
const MEMBER_NAMES_KEPT = 1024;

function memberName(key: string, names: Map<string, string>): string {
  let text = names.get(key);
  if (text === undefined) {
    text = `${JSON.stringify(key)}:`;
    if (names.size < MEMBER_NAMES_KEPT) names.set(key, text);
  }
  return text;
}

function frozenText(value: object, frozen: WeakMap<object, string>): string | undefined {
  let text = frozen.get(value);
  if (text === undefined) {
    text = JSON.stringify(value) as string | undefined;
    if (text !== undefined) frozen.set(value, text);
  }
  return text;
}
