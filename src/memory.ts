/**
 * One full garbage collection between two phases, when a large input has just left a large dead
 * graph behind. JSON.parse builds a manifest's whole raw document at once, so it reaches V8's old
 * generation; once validated it is dead (as large as the validated manifest again: 80 MB at
 * 100,000 artifacts), but V8 collects the old generation only when it has grown to a multiple
 * of the live size at the last collection. Without this, the peak memory was the raw document
 * plus everything after it; with it, the peak is what is still in use.
 */

/** Below this much input the dead graph is small, and a collection would cost more than it frees. */
export const COLLECT_AFTER_BYTES = 8 * 1024 * 1024;

/** Not looked up yet (undefined), or not offered by this Node (null): then nothing is collected. */
let collect: (() => void) | null | undefined;

/** Collects now if `bytes` of input were read; returns whether it did. */
export async function collectAfterLargeInput(bytes: number): Promise<boolean> {
  if (bytes < COLLECT_AFTER_BYTES) return false;
  // `gc` is installed in contexts made after the flag is set: the process's own flags stay as given.
  if (collect === undefined) {
    // Loaded here, not at start: node:v8 alone costs the Action's cold start 2-3 ms.
    const [{ setFlagsFromString }, { runInNewContext }] = await Promise.all([import('node:v8'), import('node:vm')]);
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    // A memory optimisation only: a Node that does not offer it judges the same, with more memory.
    collect = typeof found === 'function' ? (found as () => void) : null;
  }
  if (collect === null) return false;
  collect();
  return true;
}
