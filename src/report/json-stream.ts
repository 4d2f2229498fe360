/**
 * Compact JSON in pieces, the same text `JSON.stringify(value)` gives, so that a report of
 * 100,000 artifacts is written without ever holding its whole text (hundreds of MB) in memory.
 * Pure: the file writer in files/ decides where the pieces go.
 */

/**
 * Objects this shallow are walked member by member; an array is written one element at a time,
 * each element whole (report arrays hold many small entries: walking into each was 70% slower).
 */
const WALK_DEPTH = 3;

/** A value already written out whole (as compact JSON) elsewhere: the writer copies those bytes. */
export interface KnownPiece<T> {
  known: T;
}

/**
 * The pieces of `value`'s compact JSON. A value found in `known` (by identity) is not written
 * again but handed back as its key: `manifest.json` holds the compliance report, whose text
 * `compliance-report.json` already has.
 */
export function* jsonChunks<T = never>(value: unknown, known: ReadonlyMap<object, T> = new Map(), depth = 0): Generator<string | KnownPiece<T>> {
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
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) yield ',';
      const element: unknown = value[index];
      yield JSON.stringify(element) ?? 'null';
    }
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
    yield* jsonChunks(entry, known, depth + 1);
  }
  yield '}';
}
