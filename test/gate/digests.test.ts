/**
 * Two digests that should be equal and are not are shown in full, with the first place they
 * part: a content_hash that differs only in its last hex digits must not read like the file's own
 * digest, as it did when both were cut to the same 12-character prefix.
 */
import { describe, expect, it } from 'vitest';
import { whereDigestsDiffer } from '../../src/gate/digests.js';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { IntegrityFact } from '../../src/gate/types.js';
import { DEFAULT_POLICY } from '../../src/model/schema.js';
import { ALL_FLAGS, factsFor, makeArtifact, makeRun } from '../helpers/factories.js';

const FILE = 'sha256:14f06d65d5231cc5ae7d1f1bbe81f07cd6c056cd2a8dcb068b4426eb63e6a09d';
const DECLARED = 'sha256:14f06d65d5231cc5ae7d1f1bbe81f07cd6c056cd2a8dcb068b4426eb63e6a09e';

describe('whereDigestsDiffer', () => {
  it.each([
    [DECLARED, FILE, 'first difference at hex digit 64 of 64'],
    ['sha256:0' + '1'.repeat(63), 'sha256:1' + '1'.repeat(63), 'first difference at hex digit 1 of 64'],
    [`sha512:${'a'.repeat(127)}b`, `sha512:${'a'.repeat(128)}`, 'first difference at hex digit 128 of 128'],
    // Hex digests compare without case, as the manifest's content_hash does.
    [FILE.toUpperCase().replace('SHA256', 'sha256'), FILE, 'equal'],
    [`sha512:${'a'.repeat(128)}`, FILE, 'different algorithms: sha512 and sha256'],
    ['sha256:abc', FILE, 'different lengths: 3 and 64 hex digits'],
    ['abc0', 'abc1', 'first difference at hex digit 4 of 4'],
  ])('%s against %s: %s', (expected, actual, where) => {
    expect(whereDigestsDiffer(expected, actual)).toBe(where);
  });
});

describe('the gate shows a content_hash mismatch so that the two differ visibly', () => {
  it('differing only in the last hex digit: both in full, and where they part', () => {
    const mismatch: IntegrityFact = { status: 'mismatch', expected: DECLARED, actual: FILE, size: 31 };
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('bundle', ALL_FLAGS)], DEFAULT_POLICY, factsFor({ bundle: mismatch }));
    expect(result.message).toBe(
      `Integrity check failed for 1 artifact(s): bundle (dist/bundle.tgz): content_hash mismatch (expected ${DECLARED}, got ${FILE}; first difference at hex digit 64 of 64)`,
    );
    expect(result.artifacts[0]!.reasons).toEqual([`content_hash mismatch: expected ${DECLARED}, got ${FILE} (first difference at hex digit 64 of 64)`]);
  });
});
