/**
 * Where V8 offers no `gc` (a Node that ignores the flag), nothing is collected and nothing fails:
 * the collection is a memory optimisation, never a condition of the verdict.
 */
import type * as Vm from 'node:vm';
import { expect, test, vi } from 'vitest';
import { COLLECT_AFTER_BYTES, collectAfterLargeInput } from '../src/memory.js';

vi.mock('node:vm', async (importOriginal) => {
  const vm = await importOriginal<typeof Vm>();
  // The expression run in a fresh context as if the flag had been ignored.
  return { ...vm, runInNewContext: (code: string) => vm.runInNewContext(code.replace(/\bgc\b/g, 'undefined')) };
});

test('without gc, a large input is not collected, and does not throw', async () => {
  expect(await collectAfterLargeInput(COLLECT_AFTER_BYTES)).toBe(false);
  expect(await collectAfterLargeInput(COLLECT_AFTER_BYTES * 2)).toBe(false);
});
