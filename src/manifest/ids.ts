/**
 * Ids that must be unique without regard to case. GitHub expressions compare strings ignoring
 * case (`contains(fromJSON(outputs.compliant-artifact-ids), 'web-bundle')` is true for
 * `WEB-BUNDLE`), and run ids name report folders on file systems that ignore case too.
 *
 * Two ids collide when their lower-case forms or their upper-case forms are equal. The runner's
 * comparison is .NET's OrdinalIgnoreCase, a per-character simple mapping; JavaScript's full
 * mappings also fold `ß` to `SS` and `ſ` to `S`, so this refuses every pair the runner
 * confuses and a few more (`straße` and `STRASSE`): too strict is safe, too lenient is not.
 */
export class CaseInsensitiveIds<T> {
  private readonly lower = new Map<string, { id: string; value: T }>();
  private readonly upper = new Map<string, { id: string; value: T }>();

  /** The id already held that collides with `id`, if any. */
  collision(id: string): { id: string; value: T } | undefined {
    return this.lower.get(id.toLowerCase()) ?? this.upper.get(id.toUpperCase());
  }

  /** Holds `id` unless it collides; returns what it collides with. Each case form is made once. */
  add(id: string, value: T): { id: string; value: T } | undefined {
    const lower = id.toLowerCase();
    const upper = id.toUpperCase();
    const earlier = this.lower.get(lower) ?? this.upper.get(upper);
    if (earlier !== undefined) return earlier;
    const entry = { id, value };
    this.lower.set(lower, entry);
    this.upper.set(upper, entry);
    return undefined;
  }
}
