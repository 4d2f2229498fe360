/**
 * The full collection after a large input (src/memory.ts): skipped below the threshold, and when
 * it runs, what was dead is gone.
 */
import { expect, test } from 'vitest';
import { COLLECT_AFTER_BYTES, collectAfterLargeInput } from '../src/memory.js';

test('does nothing below the threshold', async () => {
  expect(await collectAfterLargeInput(COLLECT_AFTER_BYTES - 1)).toBe(false);
});

test('at the threshold, collects what is no longer referenced', async () => {
  let dead: { rows: number[] } | undefined = { rows: Array.from({ length: 100_000 }, (_, index) => index) };
  const ref = new WeakRef(dead);
  dead = undefined;
  // A WeakRef's target is kept until the current job ends.
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(await collectAfterLargeInput(COLLECT_AFTER_BYTES)).toBe(true);
  expect(ref.deref()).toBeUndefined();
  // Again, with the collector already at hand.
  expect(await collectAfterLargeInput(COLLECT_AFTER_BYTES * 4)).toBe(true);
});
