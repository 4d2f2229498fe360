/**
 * Monotonicity: taking evidence away never helps. Switching any flag from true to false, any
 * verified evidence to absent or failed, any sound artifact to a tampered one, or making the
 * policy stricter (evidence required, a flag added, a higher minimum) never turns a failing gate
 * into a passing one. Waivers included: a waiver may lift a rule, never reward a weaker claim.
 */
import type { ArtifactFacts } from '../../src/gate/types.js';
import fc from 'fast-check';
import { describe, test, vi } from 'vitest';
import { assertProperty, cases, seedFor } from './fc-run.js';
import { artifactIds, FLAGS, manifestWithFacts, realGate, type Facts, type ManifestObject } from './model.js';

// Thousands of cases per test: a loaded 2-core runner needs far more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);

type Weakening =
  | { kind: 'flag'; artifact: number; flag: number }
  | { kind: 'evidence'; artifact: number; flag: number; to: 'absent' | 'failed' }
  | { kind: 'integrity'; artifact: number; to: 'mismatch' | 'unreadable' }
  | { kind: 'policy'; change: 'require-evidence' | 'add-flag' | 'raise-minimum' };

const weakening: fc.Arbitrary<Weakening> = fc.oneof(
  fc.record({ kind: fc.constant('flag' as const), artifact: fc.nat(), flag: fc.nat(2) }),
  fc.record({ kind: fc.constant('evidence' as const), artifact: fc.nat(), flag: fc.nat(2), to: fc.constantFrom('absent' as const, 'failed' as const) }),
  fc.record({ kind: fc.constant('integrity' as const), artifact: fc.nat(), to: fc.constantFrom('mismatch' as const, 'unreadable' as const) }),
  fc.record({ kind: fc.constant('policy' as const), change: fc.constantFrom('require-evidence' as const, 'add-flag' as const, 'raise-minimum' as const) }),
);

/** `manifest` and `facts` with one piece of evidence taken away; the inputs are not changed. */
function weaken(manifest: ManifestObject, facts: Facts, change: Weakening): { manifest: ManifestObject; facts: Facts } {
  const next = structuredClone(manifest);
  const nextFacts: Facts = new Map([...facts].map(([id, fact]) => [id, structuredClone(fact)]));
  const artifacts = next.artifacts ?? [];
  const ids = artifactIds(next);
  switch (change.kind) {
    case 'flag': {
      const artifact = artifacts[change.artifact % Math.max(1, artifacts.length)];
      // true → false only: a flag already false or absent stays as it is.
      if (artifact?.metadata_json?.[FLAGS[change.flag]!] === true) artifact.metadata_json[FLAGS[change.flag]!] = false;
      break;
    }
    case 'evidence': {
      const fact = nextFacts.get(ids[change.artifact % Math.max(1, ids.length)] ?? '');
      if (fact?.evidence[FLAGS[change.flag]!].status === 'verified') {
        fact.evidence[FLAGS[change.flag]!] =
          change.to === 'absent' ? { status: 'absent', reason: 'no evidence' } : { status: 'failed', path: 'evidence/x.json', sha256: null, reason: 'does not verify', details: {} };
      }
      break;
    }
    case 'integrity': {
      const fact: ArtifactFacts | undefined = nextFacts.get(ids[change.artifact % Math.max(1, ids.length)] ?? '');
      if (fact) {
        fact.integrity =
          change.to === 'mismatch' ? { status: 'mismatch', expected: `sha256:${'c'.repeat(64)}`, actual: `sha256:${'d'.repeat(64)}`, size: 1 } : { status: 'unreadable', code: 'FILE_NOT_FOUND', reason: 'gone' };
      }
      break;
    }
    case 'policy': {
      const policy = (next.policy ??= {});
      if (change.change === 'require-evidence') policy.require_evidence = true;
      if (change.change === 'add-flag') {
        const missing = FLAGS.filter((flag) => !(policy.required_flags ?? FLAGS).includes(flag));
        if (missing.length > 0) policy.required_flags = [...(policy.required_flags ?? []), missing[0]!];
      }
      if (change.change === 'raise-minimum') policy.min_compliant_artifacts = (policy.min_compliant_artifacts ?? 1) + 1;
      break;
    }
  }
  return { manifest: next, facts: nextFacts };
}

describe('monotonicity', () => {
  test('taking evidence away, or tightening the policy, never turns a fail into a pass', () => {
    assertProperty(
      fc.property(manifestWithFacts({ waivers: true }), fc.array(weakening, { minLength: 1, maxLength: 4 }), ({ manifest, facts }, changes) => {
        let current = { manifest, facts };
        let passed = realGate(manifest, facts).passed;
        for (const change of changes) {
          current = weaken(current.manifest, current.facts, change);
          const now = realGate(current.manifest, current.facts);
          if (now.passed && !passed) throw new Error(`${JSON.stringify(change)} turned a fail into a pass: ${now.message}`);
          passed = now.passed;
        }
      }),
      { name: 'monotonic', seed, numRuns: cases(7_500) },
    );
  });

  test('every flag switched off, one at a time, from a passing run', () => {
    assertProperty(
      fc.property(manifestWithFacts(), ({ manifest, facts }) => {
        const passed = realGate(manifest, facts).passed;
        (manifest.artifacts ?? []).forEach((artifact, index) => {
          for (const [flagIndex, flag] of FLAGS.entries()) {
            if (artifact.metadata_json?.[flag] !== true) continue;
            const after = weaken(manifest, facts, { kind: 'flag', artifact: index, flag: flagIndex });
            const gate = realGate(after.manifest, after.facts);
            if (gate.passed && !passed) throw new Error(`${flag} of artifact ${index} off turned a fail into a pass`);
            // And the flag off never makes that artifact count as compliant.
            const evaluation = gate.artifacts[index]!;
            const required = (manifest.policy?.required_flags ?? FLAGS).includes(flag);
            if (required && evaluation.flags[flag].counts && evaluation.flags[flag].waived_by === null) throw new Error(`${flag} off still counts without a waiver`);
          }
        });
      }),
      { name: 'monotonic-each-flag', seed: seed + 1, numRuns: cases(4_000) },
    );
  });
});
