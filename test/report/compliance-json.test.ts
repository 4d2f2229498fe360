/**
 * compliance-report.json's entries name each artifact's content_hash. The gate judges artifacts
 * in their order, so the writer takes each hash from the same index; a list in another order
 * must still give every entry its own artifact's hash.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import { DEFAULT_POLICY } from '../../src/model/schema.js';
import { buildComplianceReport } from '../../src/report/json.js';
import { factsFor, makeArtifact, makeRun } from '../helpers/factories.js';

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'b'.repeat(64)}`;

describe('compliance-report.json: content_hash of each entry', () => {
  const run = makeRun({ id: 'r1', status: 'succeeded' });
  const artifacts = [makeArtifact('a', {}, { run_id: 'r1', content_hash: HASH_A }), makeArtifact('b', {}, { run_id: 'r1', content_hash: null }), makeArtifact('c', {}, { run_id: 'r1', content_hash: HASH_B })];
  const remote = { status: 'not_verified', reason: 'remote' } as const;
  const facts = factsFor({ a: remote, b: remote, c: remote });
  const gate = evaluateReleaseGate(run, artifacts, DEFAULT_POLICY, facts, '2026-01-01');

  it.each([
    ['in the order judged', artifacts],
    ['in another order', [artifacts[2]!, artifacts[0]!, artifacts[1]!]],
  ])('is its own artifact hash, the artifacts listed %s', (_, listed) => {
    const report = buildComplianceReport(run, listed, gate);
    expect(report.artifacts.map((entry) => [entry.artifact_id, entry.content_hash])).toEqual([
      ['a', HASH_A],
      ['b', null],
      ['c', HASH_B],
    ]);
  });
});
