/**
 * The release gate, rule by rule: first the Maestro service's own scenarios (same messages, same
 * details), then the policy's extra rules, then integrity, which no other artifact can outvote.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { ArtifactFacts, IntegrityFact } from '../../src/gate/types.js';
import { COMPLIANCE_FLAGS, DEFAULT_POLICY, Policy, RUN_STATUSES } from '../../src/model/schema.js';
import { ALL_FLAGS, evidenceOf, factsFor, makeArtifact, makeRun, sha256Hex } from '../helpers/factories.js';

const SERVICE_NOT_COMPLIANT = 'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment)';
const HASH_A = sha256Hex('a');
const HASH_B = sha256Hex('b');

const NONE = new Map<string, ArtifactFacts>();
const policy = (input: Record<string, unknown>) => Policy.parse(input);

describe('the Maestro service rule (default policy)', () => {
  it('passes with one compliant artifact, in the service words and details', () => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('sbom-bundle', ALL_FLAGS)], DEFAULT_POLICY, NONE);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('Release gate passed: 1 compliant artifact(s) found');
    expect(result.details).toEqual({
      run_id: 'run-1',
      total_artifacts: 1,
      compliant_artifacts: 1,
      compliant_artifact_ids: ['sbom-bundle'],
    });
    expect(result.run_id).toBe('run-1');
    expect(result.failures).toEqual([]);
    expect(result.artifacts[0]).toMatchObject({ artifact_id: 'sbom-bundle', compliant: true, missing_flags: [], reasons: [] });
  });

  it('fails a succeeded run without artifacts', () => {
    const result = evaluateReleaseGate(makeRun(), [], DEFAULT_POLICY, NONE);
    expect(result.passed).toBe(false);
    expect(result.message).toBe('No artifacts found for this run');
    expect(result.failures.map((failure) => failure.rule)).toEqual(['has_artifacts']);
    expect(result.details).toMatchObject({ run_id: 'run-1', rule: 'has_artifacts', total_artifacts: 0, compliant_artifacts: 0 });
  });

  // Every combination of the three flags but all-true: the service's sentence, nothing added.
  const incomplete = Array.from({ length: 7 }, (_, mask) => ({
    sbom_present: (mask & 1) !== 0,
    slsa_provenance_present: (mask & 2) !== 0,
    risk_assessment_present: (mask & 4) !== 0,
  }));
  it.each(incomplete)('fails when flags are incomplete: %o', (flags) => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', flags)], DEFAULT_POLICY, NONE);
    expect(result.passed).toBe(false);
    expect(result.message).toBe(SERVICE_NOT_COMPLIANT);
    expect(result.failures[0]).toMatchObject({ rule: 'min_compliant_artifacts', artifact_ids: ['a1'] });
    const missing = COMPLIANCE_FLAGS.filter((flag) => !flags[flag]);
    expect(result.artifacts[0]).toMatchObject({ compliant: false, missing_flags: missing });
  });

  it('explains each missing flag in the artifact reasons', () => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', { sbom_present: true })], DEFAULT_POLICY, NONE);
    expect(result.artifacts[0]!.reasons).toEqual(['SLSA provenance not present', 'risk assessment not present']);
  });

  it.each(RUN_STATUSES.filter((status) => status !== 'succeeded'))("fails a '%s' run even with a compliant artifact", (status) => {
    const result = evaluateReleaseGate(makeRun({ status }), [makeArtifact('a1', ALL_FLAGS)], DEFAULT_POLICY, NONE);
    expect(result.passed).toBe(false);
    expect(result.message).toBe(`Run status is '${status}', must be 'succeeded'`);
    expect(result.run_status).toBe(status);
    expect(result.details).toMatchObject({ rule: 'run_succeeded', run_status: status, compliant_artifacts: 1 });
  });

  it('passes with mixed artifacts, counting only the compliant one', () => {
    const artifacts = [makeArtifact('partial', { sbom_present: true }), makeArtifact('complete', ALL_FLAGS)];
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, NONE);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('Release gate passed: 1 compliant artifact(s) found');
    expect(result.details).toEqual({ run_id: 'run-1', total_artifacts: 2, compliant_artifacts: 1, compliant_artifact_ids: ['complete'] });
    expect(result.artifacts.map((evaluation) => [evaluation.artifact_id, evaluation.compliant])).toEqual([
      ['partial', false],
      ['complete', true],
    ]);
  });

  it('counts every compliant artifact, in manifest order', () => {
    const artifacts = [makeArtifact('z', ALL_FLAGS), makeArtifact('a', ALL_FLAGS), makeArtifact('m', {})];
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, NONE);
    expect(result.message).toBe('Release gate passed: 2 compliant artifact(s) found');
    expect(result.details).toMatchObject({ total_artifacts: 3, compliant_artifacts: 2, compliant_artifact_ids: ['z', 'a'] });
  });

  describe('the first failing rule decides the message; every failure is listed', () => {
    it.each([
      { name: 'status before no artifacts', status: 'pending', artifacts: [], message: "Run status is 'pending', must be 'succeeded'", rules: ['run_succeeded', 'has_artifacts'] },
      { name: 'status before non-compliance', status: 'failed', artifacts: [makeArtifact('a1', {})], message: "Run status is 'failed', must be 'succeeded'", rules: ['run_succeeded', 'min_compliant_artifacts'] },
      { name: 'no artifacts is not also "not compliant"', status: 'succeeded', artifacts: [], message: 'No artifacts found for this run', rules: ['has_artifacts'] },
      { name: 'non-compliance after status', status: 'succeeded', artifacts: [makeArtifact('a1', { sbom_present: true })], message: SERVICE_NOT_COMPLIANT, rules: ['min_compliant_artifacts'] },
    ] as const)('$name', ({ status, artifacts, message, rules }) => {
      const result = evaluateReleaseGate(makeRun({ status }), artifacts, DEFAULT_POLICY, NONE);
      expect(result.passed).toBe(false);
      expect(result.message).toBe(message);
      expect(result.failures.map((failure) => failure.rule)).toEqual(rules);
      expect(result.failures[0]!.message).toBe(message);
    });
  });
});

describe('policy rules', () => {
  it('required_flags: a subset is all that counts', () => {
    const sbomOnly = policy({ required_flags: ['sbom_present'] });
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', { sbom_present: true })], sbomOnly, NONE);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('Release gate passed: 1 compliant artifact(s) found');
  });

  it('required_flags: a subset names the requirement and the missing flag', () => {
    const twoFlags = policy({ required_flags: ['sbom_present', 'risk_assessment_present'] });
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', { sbom_present: true, slsa_provenance_present: true })], twoFlags, NONE);
    expect(result.passed).toBe(false);
    expect(result.message).toBe('No artifacts meet compliance requirements (SBOM + risk assessment): a1 (risk assessment not present)');
    expect(result.artifacts[0]!.missing_flags).toEqual(['risk_assessment_present']);
  });

  it('min_compliant_artifacts: 2 required, 1 compliant names the other artifact and its missing flags', () => {
    const artifacts = [makeArtifact('app', ALL_FLAGS), makeArtifact('docs', { sbom_present: true })];
    const result = evaluateReleaseGate(makeRun(), artifacts, policy({ min_compliant_artifacts: 2 }), NONE);
    expect(result.passed).toBe(false);
    expect(result.message).toBe(
      'Only 1 compliant artifact(s) found, policy requires at least 2 (SBOM + SLSA provenance + risk assessment): docs (SLSA provenance not present, risk assessment not present)',
    );
    expect(result.failures[0]).toMatchObject({ rule: 'min_compliant_artifacts', artifact_ids: ['docs'] });
    expect(result.details).toMatchObject({ rule: 'min_compliant_artifacts', total_artifacts: 2, compliant_artifacts: 1, failing_artifact_ids: ['docs'] });
  });

  it('min_compliant_artifacts: 2 of 2 passes', () => {
    const artifacts = [makeArtifact('app', ALL_FLAGS), makeArtifact('cli', ALL_FLAGS)];
    const result = evaluateReleaseGate(makeRun(), artifacts, policy({ min_compliant_artifacts: 2 }), NONE);
    expect(result.passed).toBe(true);
    expect(result.message).toBe('Release gate passed: 2 compliant artifact(s) found');
  });

  it('names at most five artifacts, then says how many more', () => {
    const artifacts = Array.from({ length: 7 }, (_, index) => makeArtifact(`a${index + 1}`, { sbom_present: true, slsa_provenance_present: true }));
    const result = evaluateReleaseGate(makeRun(), artifacts, policy({ required_flags: ['sbom_present', 'risk_assessment_present'] }), NONE);
    expect(result.message).toBe(
      'No artifacts meet compliance requirements (SBOM + risk assessment): a1 (risk assessment not present), a2 (risk assessment not present), a3 (risk assessment not present), a4 (risk assessment not present), a5 (risk assessment not present), and 2 more',
    );
    expect(result.failures[0]!.artifact_ids).toHaveLength(7);
  });

  describe('max_cost_overrun', () => {
    it.each([
      { estimate: 100, actual: 90, allowed: 0.2 },
      { estimate: 100, actual: 119, allowed: 0.2 },
      { estimate: 100, actual: 120, allowed: 0.2 },
      // 100 * 1.15 is 114.99999999999999 in floating point: exactly 15% must still pass.
      { estimate: 100, actual: 115, allowed: 0.15 },
      { estimate: 100, actual: 110, allowed: 0.1 },
      { estimate: 0, actual: 0, allowed: 0 },
      { estimate: 50, actual: 50, allowed: 0 },
    ])('passes within budget: estimate $estimate, actual $actual, allowed $allowed', ({ estimate, actual, allowed }) => {
      const result = evaluateReleaseGate(makeRun({ cost_estimate: estimate, cost_actual: actual }), [makeArtifact('a1', ALL_FLAGS)], policy({ max_cost_overrun: allowed }), NONE);
      expect(result.failures).toEqual([]);
      expect(result.passed).toBe(true);
    });

    it.each([
      { estimate: 100, actual: 121, allowed: 0.2, message: 'Run cost_actual 121 exceeds cost_estimate 100 by 21%, policy allows at most 20%' },
      { estimate: 100, actual: 120.5, allowed: 0.2, message: 'Run cost_actual 120.5 exceeds cost_estimate 100 by 20.5%, policy allows at most 20%' },
      { estimate: 100, actual: 115.01, allowed: 0.15, message: 'Run cost_actual 115.01 exceeds cost_estimate 100 by 15.01%, policy allows at most 15%' },
      { estimate: 50, actual: 50.01, allowed: 0, message: 'Run cost_actual 50.01 exceeds cost_estimate 50 by 0.02%, policy allows at most 0%' },
      { estimate: 0, actual: 1, allowed: 0.5, message: 'Run cost_actual 1 exceeds cost_estimate 0 with an estimate of 0, policy allows at most 50%' },
    ])('fails over budget: $message', ({ estimate, actual, allowed, message }) => {
      const result = evaluateReleaseGate(makeRun({ cost_estimate: estimate, cost_actual: actual }), [makeArtifact('a1', ALL_FLAGS)], policy({ max_cost_overrun: allowed }), NONE);
      expect(result.passed).toBe(false);
      expect(result.message).toBe(message);
      expect(result.failures.map((failure) => failure.rule)).toEqual(['max_cost_overrun']);
    });

    it.each([
      { cost: { cost_estimate: null, cost_actual: 10 }, missing: 'cost_estimate' },
      { cost: { cost_estimate: 10, cost_actual: null }, missing: 'cost_actual' },
      { cost: { cost_estimate: null, cost_actual: null }, missing: 'cost_estimate' },
    ])('fails when $missing is missing: the rule cannot be met vacuously', ({ cost, missing }) => {
      const result = evaluateReleaseGate(makeRun(cost), [makeArtifact('a1', ALL_FLAGS)], policy({ max_cost_overrun: 0.2 }), NONE);
      expect(result.passed).toBe(false);
      expect(result.message).toBe(`Run has no ${missing}, but policy max_cost_overrun (20%) requires both cost_estimate and cost_actual`);
    });

    it('is not applied when unset, however large the overrun', () => {
      const result = evaluateReleaseGate(makeRun({ cost_estimate: 1, cost_actual: 1000 }), [makeArtifact('a1', ALL_FLAGS)], DEFAULT_POLICY, NONE);
      expect(result.passed).toBe(true);
    });

    it('comes after the service rules', () => {
      const result = evaluateReleaseGate(makeRun({ status: 'running', cost_estimate: 1, cost_actual: 1000 }), [makeArtifact('a1', ALL_FLAGS)], policy({ max_cost_overrun: 0 }), NONE);
      expect(result.message).toBe("Run status is 'running', must be 'succeeded'");
      expect(result.failures.map((failure) => failure.rule)).toEqual(['run_succeeded', 'max_cost_overrun']);
    });
  });

  describe('require_evidence', () => {
    it('fails when no flag is backed by evidence, naming every artifact', () => {
      const artifacts = [makeArtifact('app', ALL_FLAGS), makeArtifact('cli', ALL_FLAGS)];
      const result = evaluateReleaseGate(makeRun(), artifacts, policy({ require_evidence: true }), NONE);
      expect(result.passed).toBe(false);
      expect(result.message).toBe(
        'No artifacts meet compliance requirements (SBOM + SLSA provenance + risk assessment): ' +
          'app (SBOM declared true, no evidence, SLSA provenance declared true, no evidence, risk assessment declared true, no evidence), ' +
          'cli (SBOM declared true, no evidence, SLSA provenance declared true, no evidence, risk assessment declared true, no evidence)',
      );
      expect(result.failures[0]!.artifact_ids).toEqual(['app', 'cli']);
      expect(result.artifacts.every((evaluation) => !evaluation.compliant)).toBe(true);
    });

    it('uses the reason the evidence layer gave', () => {
      const facts = new Map<string, ArtifactFacts>([
        [
          'app',
          {
            integrity: { status: 'not_verified', reason: 'no content_hash declared' },
            evidence: {
              sbom_present: { status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'CycloneDX 1.5', details: {} },
              slsa_provenance_present: { status: 'failed', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'subject digest does not match', details: {} },
              risk_assessment_present: { status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'parsed', details: {} },
            },
          },
        ],
      ]);
      const result = evaluateReleaseGate(makeRun(), [makeArtifact('app', ALL_FLAGS)], policy({ require_evidence: true }), facts);
      expect(result.passed).toBe(false);
      expect(result.artifacts[0]!.missing_flags).toEqual(['slsa_provenance_present']);
      expect(result.message).toContain('app (SLSA provenance declared true, evidence evidence.json: subject digest does not match)');
    });

    it('passes when every required flag is verified', () => {
      const verified = evidenceOf({ status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'ok', details: {} });
      const facts = factsFor({ app: { status: 'not_verified', reason: 'no content_hash declared' } }, verified);
      const result = evaluateReleaseGate(makeRun(), [makeArtifact('app', ALL_FLAGS)], policy({ require_evidence: true }), facts);
      expect(result.passed).toBe(true);
    });

    it('never turns a declared false into a pass, whatever the evidence says', () => {
      const verified = evidenceOf({ status: 'verified', path: 'evidence.json', sha256: 'e'.repeat(64), reason: 'ok', details: {} });
      const facts = factsFor({ app: { status: 'not_verified', reason: 'n/a' } }, verified);
      const result = evaluateReleaseGate(makeRun(), [makeArtifact('app', { sbom_present: true })], policy({ require_evidence: true }), facts);
      expect(result.passed).toBe(false);
    });
  });
});

describe('integrity always wins', () => {
  const mismatch: IntegrityFact = { status: 'mismatch', expected: HASH_A, actual: HASH_B, size: 3 };
  const verified: IntegrityFact = { status: 'verified', algorithm: 'sha256', digest: HASH_A, size: 3 };

  it('a mismatch fails the run and names the artifact even when another artifact is compliant', () => {
    const artifacts = [makeArtifact('good', ALL_FLAGS), makeArtifact('tampered', ALL_FLAGS)];
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, factsFor({ good: verified, tampered: mismatch }));
    expect(result.passed).toBe(false);
    expect(result.message).toBe(`Integrity check failed for 1 artifact(s): tampered (dist/tampered.tgz): content_hash mismatch (expected ${HASH_A}, got ${HASH_B}; first difference at hex digit 1 of 64)`);
    expect(result.failures).toEqual([{ rule: 'integrity', message: result.message, artifact_ids: ['tampered'] }]);
    expect(result.artifacts.map((evaluation) => [evaluation.artifact_id, evaluation.compliant])).toEqual([
      ['good', true],
      ['tampered', false],
    ]);
    expect(result.artifacts[1]!.reasons).toEqual([`content_hash mismatch: expected ${HASH_A}, got ${HASH_B} (first difference at hex digit 1 of 64)`]);
    expect(result.details).toMatchObject({ rule: 'integrity', total_artifacts: 2, compliant_artifacts: 1, failing_artifact_ids: ['tampered'] });
  });

  it('an unreadable file fails the run and says why', () => {
    const unreadable: IntegrityFact = { status: 'unreadable', code: 'FILE_NOT_FOUND', reason: 'dist/gone.tgz does not exist' };
    const artifacts = [makeArtifact('good', ALL_FLAGS), makeArtifact('gone', ALL_FLAGS)];
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, factsFor({ good: verified, gone: unreadable }));
    expect(result.passed).toBe(false);
    expect(result.message).toBe('Integrity check failed for 1 artifact(s): gone (dist/gone.tgz): dist/gone.tgz does not exist');
    expect(result.artifacts[1]).toMatchObject({ compliant: false, reasons: ['dist/gone.tgz does not exist'] });
  });

  it('a non-compliant tampered artifact keeps both reasons, flags first', () => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('good', ALL_FLAGS), makeArtifact('bad', {})], DEFAULT_POLICY, factsFor({ bad: mismatch }));
    expect(result.passed).toBe(false);
    expect(result.artifacts[1]!.reasons).toEqual([
      'SBOM not present',
      'SLSA provenance not present',
      'risk assessment not present',
      `content_hash mismatch: expected ${HASH_A}, got ${HASH_B} (first difference at hex digit 1 of 64)`,
    ]);
    expect(result.message).toMatch(/^Integrity check failed for 1 artifact\(s\): bad \(dist\/bad\.tgz\)/);
  });

  it('one mismatch among N artifacts: that one named, the others still reported', () => {
    const artifacts = Array.from({ length: 10 }, (_, index) => makeArtifact(`a${index}`, ALL_FLAGS));
    const facts = factsFor(Object.fromEntries(artifacts.map((artifact) => [artifact.id, artifact.id === 'a6' ? mismatch : verified])));
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, facts);
    expect(result.passed).toBe(false);
    expect(result.failures.map((failure) => [failure.rule, failure.artifact_ids])).toEqual([['integrity', ['a6']]]);
    expect(result.message).toContain('a6 (dist/a6.tgz): content_hash mismatch');
    expect(result.artifacts).toHaveLength(10);
    expect(result.artifacts.filter((evaluation) => evaluation.compliant)).toHaveLength(9);
  });

  it('names at most five broken artifacts, then says how many more', () => {
    const artifacts = Array.from({ length: 7 }, (_, index) => makeArtifact(`a${index}`, ALL_FLAGS));
    const result = evaluateReleaseGate(makeRun(), artifacts, DEFAULT_POLICY, factsFor(Object.fromEntries(artifacts.map((artifact) => [artifact.id, mismatch]))));
    expect(result.message).toMatch(/^Integrity check failed for 7 artifact\(s\): a0 .*a4 \(dist\/a4\.tgz\).*; and 2 more$/);
    expect(result.message).not.toContain('a5 (');
  });

  it('a tampered sole artifact is reported as tampered, not as non-compliant', () => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('only', ALL_FLAGS)], DEFAULT_POLICY, factsFor({ only: mismatch }));
    expect(result.failures.map((failure) => failure.rule)).toEqual(['integrity']);
    expect(result.message).toMatch(/^Integrity check failed for 1 artifact\(s\): only /);
  });

  it('is listed even when an earlier rule decided the message', () => {
    const result = evaluateReleaseGate(makeRun({ status: 'pending' }), [makeArtifact('a1', ALL_FLAGS)], DEFAULT_POLICY, factsFor({ a1: mismatch }));
    expect(result.message).toBe("Run status is 'pending', must be 'succeeded'");
    expect(result.failures.map((failure) => failure.rule)).toEqual(['run_succeeded', 'integrity']);
  });

  it.each<IntegrityFact>([
    { status: 'not_verified', reason: 'no content_hash declared' },
    { status: 'not_verified', reason: 'remote https: URI, never fetched' },
    { status: 'verified', algorithm: 'sha256', digest: HASH_A, size: 1 },
  ])('does not fail on integrity status $status ($reason)', (integrity) => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', ALL_FLAGS)], DEFAULT_POLICY, factsFor({ a1: integrity }));
    expect(result.passed).toBe(true);
    expect(result.artifacts[0]!.integrity).toEqual(integrity);
  });

  it('treats an artifact without facts as not checked, never as verified', () => {
    const result = evaluateReleaseGate(makeRun(), [makeArtifact('a1', ALL_FLAGS)], DEFAULT_POLICY, NONE);
    expect(result.artifacts[0]!.integrity).toEqual({ status: 'not_verified', reason: 'not checked' });
  });
});
