/**
 * Structural mutations of manifest data, shared by the property tests that break valid manifests:
 * a key dropped, a value of another type, a key added (prototype and merge keys included), deep
 * nesting, a YAML 1.1 word where a boolean was.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values of every type, the awkward ones often. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constantFrom('yes', 'no', 'on', 'off', 'y', 'n', 'True', 'FALSE', '~', 'null', '.inf', '.nan', '0x1F', '1e3', '0o17', '2024-05-01', '', ' ', 'succeeded ', 'Succeeded'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, 2 ** 64, 1e-320, -0, 0.1 + 0.2, Number.MAX_VALUE, -1),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const KEYS = ['__proto__', 'constructor', 'prototype', '<<', 'toString', 'hasOwnProperty', 'sbom_presnt', 'slsa_provenance', 'status', 'run', 'artifacts', 'id', '', ' ', '1', 'true'];

export interface Mutation {
  kind: 'drop' | 'replace' | 'add-key' | 'nest' | 'flag-word';
  at: number;
  value: unknown;
  key: string;
  depth: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'replace', 'add-key', 'nest', 'flag-word'),
  at: fc.nat(),
  value: hostileValue,
  key: fc.constantFrom(...KEYS),
  depth: fc.integer({ min: 20, max: 120 }),
});

/** Every container and leaf of `root`, with its parent and key, in a stable order. */
function nodes(root: Json): { parent: Json[] | { [key: string]: Json } | null; key: string | number; value: Json }[] {
  const found: { parent: Json[] | { [key: string]: Json } | null; key: string | number; value: Json }[] = [{ parent: null, key: '', value: root }];
  for (let index = 0; index < found.length; index += 1) {
    const { value } = found[index]!;
    if (Array.isArray(value)) value.forEach((item, position) => found.push({ parent: value, key: position, value: item }));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) found.push({ parent: value, key, value: item });
  }
  return found;
}

/** Sets an own property, even `__proto__` (an assignment would replace the prototype instead). */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function applyMutation(root: Json, change: Mutation): Json {
  const all = nodes(root);
  const target = all[change.at % all.length]!;
  const replace = (value: unknown): Json => {
    if (target.parent === null) return value as Json;
    setOwn(target.parent, target.key, value);
    return root;
  };
  switch (change.kind) {
    case 'drop':
      if (target.parent === null) return root;
      if (Array.isArray(target.parent)) target.parent.splice(Number(target.key), 1);
      else delete target.parent[target.key];
      return root;
    case 'replace':
      return replace(change.value);
    case 'add-key': {
      const objects = all.filter((node) => node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value));
      if (objects.length === 0) return root;
      const host = objects[change.at % objects.length]!.value as object;
      setOwn(host, change.key, change.value);
      return root;
    }
    case 'nest': {
      let value: unknown = target.value;
      for (let level = 0; level < change.depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
      return replace(value);
    }
    case 'flag-word': {
      const booleans = all.filter((node) => typeof node.value === 'boolean' && node.parent !== null);
      if (booleans.length === 0) return root;
      const flag = booleans[change.at % booleans.length]!;
      setOwn(flag.parent!, flag.key, ['yes', 'on', 'y', 'True', 'TRUE', 'true ', '1'][change.depth % 7]);
      return root;
    }
  }
}
