/**
 * A linear scan over a JSON text that JSON.parse has already accepted: it reports where every
 * value and key starts, without building anything. Positions of JSON manifests come from here,
 * so a 60 MiB manifest never needs the YAML document (about 50 bytes of memory per byte of
 * input) just to put an annotation on the right line.
 */
import type { KeyPath, LocateRequest, Position } from './parse.js';

export interface JsonVisitor {
  /** A value starts at `offset`; a container's members follow until `close`. */
  value(offset: number, kind: 'object' | 'array' | 'scalar'): void;
  /** A key of the innermost object, written from `start` (its opening quote) to `end` (past its closing quote). */
  key(start: number, end: number): void;
  close(): void;
  /** Asked after each container closes: true ends the walk early. */
  done?(): boolean;
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Walks `text`, which must be valid JSON (the caller has parsed it): syntax is not checked
 * again, only followed. Iterative, so hostile nesting cannot overflow the stack.
 */
export function scanJson(text: string, visitor: JsonVisitor): void {
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 123 /* { */ || code === 91 /* [ */) {
      visitor.value(index, code === 123 ? 'object' : 'array');
      index += 1;
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      visitor.close();
      index += 1;
      if (visitor.done?.() === true) return;
    } else if (code === QUOTE) {
      const end = stringEnd(text, index);
      // A string followed by `:` is a key; anything else is a value.
      let next = end;
      while (isSpace(text.charCodeAt(next))) next += 1;
      if (text.charCodeAt(next) === 58 /* : */) {
        visitor.key(index, end);
        index = next + 1;
      } else {
        visitor.value(index, 'scalar');
        index = end;
      }
    } else if (isSpace(code) || code === 44 /* , */) {
      index += 1;
    } else {
      // A number, true, false or null: runs until a delimiter.
      visitor.value(index, 'scalar');
      index += 1;
      while (index < length && !isDelimiter(text.charCodeAt(index))) index += 1;
    }
  }
}

/** Offset just past the closing quote of the string that opens at `start`. */
export function stringEnd(text: string, start: number): number {
  let end = start + 1;
  for (;;) {
    end = text.indexOf('"', end);
    if (end === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end + 1;
    end += 1;
  }
}

/** The key written from `start` to `end`, unescaped as JSON.parse would. */
export function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isDelimiter(code: number): boolean {
  return code === 44 || code === 93 || code === 125 || isSpace(code);
}

interface Target {
  /** Children by key, for string segments. */
  named: Map<string, Target>;
  /** Children by index, for number segments: a list's items, or a mapping's key written as that number. */
  indexed: Map<number, Target>;
  valueOffset?: number;
  keyOffset?: number;
}

/** Up to this many requests, the walk asks after each container whether all are found. */
const EARLY_STOP_REQUESTS = 64;

const target = (): Target => ({ named: new Map(), indexed: new Map() });

/**
 * Where each request points in the JSON `text`, found in one pass with memory proportional to
 * the requests: the value at `keyPath` (or, with `key`, that key of the mapping there). As on
 * the YAML path, a number segment matches a list index or a key written as that number, a
 * string segment only a key, and a path that does not exist gives the deepest part that does.
 */
export function locateJson(text: string, requests: readonly LocateRequest[]): Position[] {
  const root = target();
  const ends: { node: Target; key: boolean }[] = [];
  for (const request of requests) {
    let node = root;
    for (const segment of request.key === undefined ? request.keyPath : [...request.keyPath, request.key]) node = child(node, segment);
    ends.push({ node, key: request.key !== undefined });
  }
  // A few requests (the annotations kept) are usually answered near the top: stop there. Offsets
  // are set once (first occurrence), so a found request stays found; one for a path that does
  // not exist is never done and the walk goes on to the end, as before.
  const few = ends.length <= EARLY_STOP_REQUESTS;
  const found = (end: { node: Target; key: boolean }): boolean => end.node.valueOffset !== undefined && (!end.key || end.node.keyOffset !== undefined);
  const frames: { targets: Target[]; array: boolean; index: number }[] = [];
  let pending: Target[] = [root];
  scanJson(text, {
    value(offset, kind) {
      const frame = frames.at(-1);
      let here = pending;
      if (frame?.array) {
        const index = frame.index++;
        here = frame.targets.flatMap((parent) => parent.indexed.get(index) ?? []);
      }
      pending = [];
      for (const node of here) node.valueOffset ??= offset;
      if (kind !== 'scalar') frames.push({ targets: here, array: kind === 'array', index: 0 });
    },
    key(start, end) {
      const targets = frames.at(-1)?.targets ?? [];
      pending = [];
      // Keys are decoded only inside a mapping that a request reaches.
      if (targets.length === 0) return;
      const name = keyText(text, start, end);
      const asIndex = Number(name);
      for (const parent of targets) {
        const named = parent.named.get(name);
        if (named !== undefined) pending.push(named);
        const indexed = Number.isSafeInteger(asIndex) && String(asIndex) === name ? parent.indexed.get(asIndex) : undefined;
        if (indexed !== undefined) pending.push(indexed);
      }
      for (const node of pending) node.keyOffset ??= start;
    },
    close() {
      frames.pop();
    },
    ...(few ? { done: () => ends.every(found) } : {}),
  });
  const offsets = requests.map((request) => offsetOf(root, request.keyPath, request.key));
  return positionsOf(text, offsets);
}

function child(node: Target, segment: string | number): Target {
  const children: Map<string | number, Target> = typeof segment === 'number' ? node.indexed : node.named;
  let next = children.get(segment);
  if (next === undefined) {
    next = target();
    children.set(segment, next);
  }
  return next;
}

function offsetOf(root: Target, keyPath: KeyPath, key: string | undefined): number {
  let node = root;
  let offset = root.valueOffset ?? 0;
  for (const segment of keyPath) {
    const next = typeof segment === 'number' ? node.indexed.get(segment) : node.named.get(segment);
    if (next?.valueOffset === undefined) return offset;
    node = next;
    offset = next.valueOffset;
  }
  if (key !== undefined) return node.named.get(key)?.keyOffset ?? offset;
  return offset;
}

/** Line and column (1-based, in UTF-16 units as the YAML path counts) of each offset, in one pass. */
export function positionsOf(text: string, offsets: readonly number[]): Position[] {
  const order = offsets.map((_, index) => index).sort((a, b) => offsets[a]! - offsets[b]!);
  const positions: Position[] = new Array<Position>(offsets.length);
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf('\n');
  for (const index of order) {
    const offset = offsets[index]!;
    while (newline !== -1 && newline < offset) {
      line += 1;
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    positions[index] = { line, column: offset - lineStart + 1 };
  }
  return positions;
}
