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
  /**
   * Made only once an id outside ASCII is added or asked about: two ASCII ids have equal upper-case
   * forms exactly when their lower-case forms are equal, so until then `lower` decides alone (a
   * manifest of 100,000 ASCII ids makes 100,000 strings and one large map fewer).
   */
  private upper: Map<string, { id: string; value: T }> | undefined;

  /** The id already held that collides with `id`, if any. */
  collision(id: string): { id: string; value: T } | undefined {
    const upper = this.upperFor(id);
    return this.lower.get(id.toLowerCase()) ?? upper?.get(id.toUpperCase());
  }

  /** Holds `id` unless it collides; returns what it collides with. Each case form is made once. */
  add(id: string, value: T): { id: string; value: T } | undefined {
    const upperMap = this.upperFor(id);
    const lower = id.toLowerCase();
    const upper = upperMap === undefined ? undefined : id.toUpperCase();
    const earlier = this.lower.get(lower) ?? (upper === undefined ? undefined : upperMap!.get(upper));
    if (earlier !== undefined) return earlier;
    const entry = { id, value };
    this.lower.set(lower, entry);
    if (upper !== undefined) upperMap!.set(upper, entry);
    return undefined;
  }

  /** The upper-case map, made from every id held so far when the first id outside ASCII comes. */
  private upperFor(id: string): Map<string, { id: string; value: T }> | undefined {
    if (this.upper === undefined && !ASCII.test(id)) {
      this.upper = new Map();
      for (const entry of this.lower.values()) this.upper.set(entry.id.toUpperCase(), entry);
    }
    return this.upper;
  }
}

const ASCII = /^[\u0000-\u007f]*$/;
