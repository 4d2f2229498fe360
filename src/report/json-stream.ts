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
  return chunks(value, known, 0, new WeakMap());
}

function* chunks<T>(value: unknown, known: ReadonlyMap<object, T>, depth: number, frozen: WeakMap<object, string>): Generator<string | KnownPiece<T>> {
  const piece = typeof value === 'object' && value !== null ? known.get(value) : undefined;
  if (piece !== undefined) {
    yield { known: piece };
    return;
  }
  if (depth >= WALK_DEPTH || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // `undefined` only reaches here as an array element or the top value: JSON writes null there.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index += 1) yield index > 0 ? `,${elementText(value[index], frozen)}` : elementText(value[index], frozen);
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, entry] of Object.entries(value)) {
    // As JSON.stringify: members whose value it cannot write are left out.
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* chunks(entry, known, depth + 1, frozen);
  }
  yield '}';
}

/**
 * One array element, as JSON.stringify writes it. A frozen member is one that many entries share
 * (a flag record, a list of reasons, an integrity fact: gate/evaluate.ts and evidence/facts.ts
 * share them) and cannot change while the document is written, so its text is made once per
 * document: at 100,000 artifacts that is two fifths of the compliance report's encoding.
 */
function elementText(element: unknown, frozen: WeakMap<object, string>): string {
  if (typeof element !== 'object' || element === null || Array.isArray(element) || typeof (element as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(element) ?? 'null';
  if (Object.isFrozen(element)) return frozenText(element, frozen) ?? 'null';
  let text = '{';
  for (const key of Object.keys(element)) {
    const member = (element as Record<string, unknown>)[key];
    const written = typeof member === 'object' && member !== null && Object.isFrozen(member) ? frozenText(member, frozen) : JSON.stringify(member);
    // As JSON.stringify: a member it cannot write (undefined, a function, a symbol) is left out.
    if (written === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${written}`;
  }
  return `${text}}`;
}

function frozenText(value: object, frozen: WeakMap<object, string>): string | undefined {
  let text = frozen.get(value);
  if (text === undefined) {
    text = JSON.stringify(value) as string | undefined;
    if (text !== undefined) frozen.set(value, text);
  }
  return text;
}
