/**
 * A snapshot of the built-in prototypes a hostile key could reach (`__proto__`, `constructor`,
 * `prototype`), to check that no input changed them: every own property of Object.prototype,
 * Array.prototype and Function.prototype, by name and by value.
 */
type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

const GUARDED: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

export function prototypeSnapshot(): Snapshot {
  return new Map(GUARDED.map(([, target]) => [target, new Map(Reflect.ownKeys(target).map((key) => [key, Object.getOwnPropertyDescriptor(target, key)!]))]));
}

/** What changed since `before`, in words; empty when nothing did. */
export function prototypeChanges(before: Snapshot): string[] {
  const changes: string[] = [];
  for (const [name, target] of GUARDED) {
    const was = before.get(target)!;
    const keys = Reflect.ownKeys(target);
    if (keys.length !== was.size) changes.push(`${name} has ${keys.length} keys, had ${was.size}`);
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
      const old = was.get(key);
      if (old === undefined) changes.push(`${name}.${String(key)} added`);
      else if (old.value !== descriptor.value || old.get !== descriptor.get || old.set !== descriptor.set) changes.push(`${name}.${String(key)} replaced`);
    }
    if (Object.getPrototypeOf(Object.prototype) !== null) changes.push('Object.prototype has a prototype');
  }
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'status', 'sbom_present', 'passed']) if (probe[key] !== undefined) changes.push(`({}).${key} is ${String(probe[key])}`);
  return changes;
}
