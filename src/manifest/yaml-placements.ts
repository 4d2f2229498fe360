/**
 * The fast YAML path's record of where js-yaml read each key and value (yaml-fast.ts makes it as
 * js-yaml's parse events arrive, and locates positions with it).
 */

/**
 * Where each written key and value of every mapping and sequence starts, in the order written:
 * each collection is a number, the index of its record in flat arrays. An object and two arrays
 * per collection were a third of a million allocations at 100,000 artifacts, and most of the
 * collector's time on a large YAML manifest.
 *
 * Records are made as collections close, so they are in post-order: a collection's record comes
 * after its descendants', which fill the `size - 1` records just before it. A map from each
 * loaded object to its record cost a sixth of the read of a large manifest; the order alone
 * finds every record (isClean in yaml-fast.ts, and childRecord below).
 */
export class Placements {
  /** Per record: its first key in `names` (-1 for a sequence), its first offset, how many entries. */
  readonly firstName: number[] = [];
  readonly firstOffset: number[] = [];
  readonly count: number[] = [];
  /** Per record: the object js-yaml loaded, and how many records its subtree holds (itself included). */
  readonly loaded: object[] = [];
  readonly size: number[] = [];
  /** Keys as loaded (`String` of the scalar), in text order. */
  readonly names: string[] = [];
  /** Offsets: key, value, key, value, … for a mapping; item, item, … for a sequence. */
  readonly offsets: number[] = [];
  /** The records of each entry's value (-1 for a scalar), of the collections a lookup passed through. */
  private readonly children = new Map<number, Int32Array>();

  /** The index of `name` among the keys of mapping `record`, or -1. */
  keyIndex(record: number, name: string): number {
    const first = this.firstName[record]!;
    if (first === -1) return -1;
    for (let index = 0; index < this.count[record]!; index += 1) if (this.names[first + index] === name) return index;
    return -1;
  }

  /**
   * Each collection among the entries of `record` (loaded as `value`), from the last entry back,
   * with its entry's index and the record it has: the last one's is just before `record`, each
   * earlier one's just before the subtree of the one after it. False when the records run out.
   */
  eachChild(record: number, value: object, each: (child: object, entry: number, childRecord: number) => void): boolean {
    const first = this.firstName[record]!;
    let at = record - 1;
    for (let index = this.count[record]! - 1; index >= 0; index -= 1) {
      const child = first === -1 ? (value as unknown[])[index] : (value as Record<string, unknown>)[this.names[first + index]!];
      if (typeof child !== 'object' || child === null) continue;
      if (at < 0) return false;
      each(child, index, at);
      at -= this.size[at]!;
    }
    return true;
  }

  /** The record of entry `entry` of `record` (loaded as `value`), or -1 for a scalar there. */
  childRecord(record: number, value: object, entry: number): number {
    let records = this.children.get(record);
    if (records === undefined) {
      const found = new Int32Array(this.count[record]!).fill(-1);
      this.eachChild(record, value, (_, index, child) => {
        found[index] = child;
      });
      this.children.set(record, (records = found));
    }
    return records[entry]!;
  }
}
