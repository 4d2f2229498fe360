/**
 * The merge never loosens the trusted policy (SPEC §4a, HOSTILE 46): for any trusted policy, any
 * manifest policy, any run, artifacts and facts, if the real gate passes under the merged
 * policy it passes under the trusted policy alone, plus only the manifest waivers it delegates
 * (none when `manifest_waivers` is empty). Trust anchors always come from the trusted policy.
 */
import fc from 'fast-check';
import { describe, test, vi } from 'vitest';
import { evaluateReleaseGate } from '../../src/gate/evaluate.js';
import type { ArtifactFacts, EvidenceFact, IntegrityFact } from '../../src/gate/types.js';
import { COMPLIANCE_FLAGS, Policy, RUN_RULES, RUN_STATUSES, WAIVABLE_RULES } from '../../src/model/schema.js';
import { mergePolicy, writtenPolicyKeys } from '../../src/policy/merge.js';
import { gatePolicyOf, MANIFEST_WAIVABLE_RULES, PolicyFile } from '../../src/policy/schema.js';
import { makeArtifact, makeRun } from '../helpers/factories.js';
import { assertProperty, cases, seedFor } from '../property/fc-run.js';

vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);
const TODAY = '2024-05-01';
const IDS = ['a1', 'a2', 'a3', 'a4'] as const;
const EXPIRIES = ['2024-04-30', '2024-05-01', '2025-01-01'] as const;

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 2 });
const compact = (value: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));

const waiver = fc
  .record({ rule: fc.constantFrom(...WAIVABLE_RULES), ids: fc.subarray([...IDS], { minLength: 1 }), wholeRun: fc.boolean(), expires: fc.constantFrom(...EXPIRIES) })
  .map(({ rule, ids, wholeRun, expires }) => ({
    ...(RUN_RULES.includes(rule) || wholeRun ? { run: true } : { artifact_ids: ids }),
    rule,
    reason: 'known gap',
    owner: 'someone',
    expires,
  }));

/** The keys both a policy file and a manifest's `policy:` may hold (trust anchors apart). */
const policyFields = {
  required_flags: optional(fc.subarray([...COMPLIANCE_FLAGS], { minLength: 1 })),
  min_compliant_artifacts: optional(fc.integer({ min: 1, max: 3 })),
  require_evidence: optional(fc.boolean()),
  require_signatures: optional(fc.boolean()),
  verify_content_hash: optional(fc.boolean()),
  max_cost_overrun: optional(fc.constantFrom(0, 0.1, 0.5, 2)),
  waivers: optional(fc.array(waiver, { maxLength: 3 })),
};

const trustedArbitrary = fc
  .record({ ...policyFields, manifest_waivers: fc.oneof(fc.constant(undefined), fc.subarray([...MANIFEST_WAIVABLE_RULES])), trusted_keys: optional(fc.constant(['keys/release.pub'])) })
  .map((fields) => PolicyFile.parse(compact(fields)));

const manifestArbitrary = fc
  .record({ ...policyFields, trusted_keys: optional(fc.constant(['pr/own.pub'])), sigstore_identities: optional(fc.constant([{ issuer: 'https://evil.example', subject_prefix: 'x' }])) })
  .map((fields) => compact(fields));

const evidenceFact: fc.Arbitrary<EvidenceFact> = fc.constantFrom<EvidenceFact>(
  { status: 'absent', reason: 'no evidence' },
  { status: 'verified', path: 'e.json', sha256: 'f'.repeat(64), reason: 'verified', details: {} },
  { status: 'failed', path: 'e.json', sha256: null, reason: 'does not verify', details: {} },
);
const integrityFact: fc.Arbitrary<IntegrityFact> = fc.constantFrom<IntegrityFact>(
  { status: 'not_verified', reason: 'remote' },
  { status: 'verified', algorithm: 'sha256', digest: 'a'.repeat(64), size: 1 },
  { status: 'mismatch', expected: `sha256:${'a'.repeat(64)}`, actual: `sha256:${'b'.repeat(64)}`, size: 1 },
);
// Mostly sound facts and true flags, so that passing runs are common and every rule is reached.
const flag = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const evidence = fc.oneof({ weight: 4, arbitrary: evidenceFact.filter((fact) => fact.status !== 'failed') }, { weight: 1, arbitrary: evidenceFact });
const artifactArbitrary = fc.record({
  flags: fc.tuple(flag, flag, flag),
  integrity: fc.oneof({ weight: 5, arbitrary: integrityFact.filter((fact) => fact.status !== 'mismatch') }, { weight: 1, arbitrary: integrityFact }),
  evidence: fc.tuple(evidence, evidence, evidence),
});

const scenario = fc.record({
  status: fc.oneof({ weight: 4, arbitrary: fc.constant('succeeded' as const) }, { weight: 1, arbitrary: fc.constantFrom(...RUN_STATUSES) }),
  cost: fc.option(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 20 })), { nil: undefined }),
  artifacts: fc.array(artifactArbitrary, { minLength: 0, maxLength: IDS.length }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function gateUnder(policy: Policy, world: Scenario): boolean {
  const run = makeRun({ name: 'release', owner: 'team', status: world.status, cost_estimate: world.cost?.[0] ?? null, cost_actual: world.cost?.[1] ?? null });
  const artifacts = world.artifacts.map((artifact, index) =>
    makeArtifact(IDS[index]!, { sbom_present: artifact.flags[0], slsa_provenance_present: artifact.flags[1], risk_assessment_present: artifact.flags[2] }, { path_or_uri: `https://example.com/${index}` }),
  );
  const facts = new Map<string, ArtifactFacts>(
    world.artifacts.map((artifact, index) => [
      IDS[index]!,
      { integrity: artifact.integrity, evidence: { sbom_present: artifact.evidence[0], slsa_provenance_present: artifact.evidence[1], risk_assessment_present: artifact.evidence[2] } },
    ]),
  );
  return evaluateReleaseGate(run, artifacts, policy, facts, TODAY).passed;
}

describe('merging never loosens the trusted policy', () => {
  test('a pass under the merged policy is a pass under the trusted policy plus the waivers it delegates', () => {
    assertProperty(
      fc.property(trustedArbitrary, manifestArbitrary, scenario, (trusted, written, world) => {
        const manifestPolicy = Policy.parse(written);
        const { effective } = mergePolicy(trusted, { policy: manifestPolicy, written: writtenPolicyKeys({ policy: written }) });
        // Written from the spec, not from the merge: what the policy's owners agreed to.
        const delegated = manifestPolicy.waivers.filter((entry) => entry.rule !== 'run_succeeded' && (trusted.manifest_waivers as string[]).includes(entry.rule));
        const base = gatePolicyOf(trusted);
        const agreed: Policy = { ...base, waivers: [...base.waivers, ...delegated] };
        if (gateUnder(effective, world) && !gateUnder(agreed, world)) throw new Error('the merged policy passes a run that the trusted policy fails');
        if (JSON.stringify([effective.trusted_keys, effective.sigstore_trusted_root, effective.sigstore_identities]) !== JSON.stringify([base.trusted_keys, base.sigstore_trusted_root, base.sigstore_identities])) {
          throw new Error('a trust anchor came from the manifest');
        }
        for (const [key, strict] of [['require_evidence', true], ['require_signatures', true], ['verify_content_hash', true]] as const) {
          if (base[key] === strict && effective[key] !== strict) throw new Error(`${key} was loosened`);
        }
      }),
      { name: 'policy-merge-never-loosens', seed, numRuns: cases(5_000) },
    );
  });

  test('with nothing delegated, a pass under the merged policy is a pass under the trusted policy alone', () => {
    assertProperty(
      fc.property(trustedArbitrary, manifestArbitrary, scenario, (trusted, written, world) => {
        const policy: PolicyFile = { ...trusted, manifest_waivers: [] };
        const manifestPolicy = Policy.parse(written);
        const { effective } = mergePolicy(policy, { policy: manifestPolicy, written: writtenPolicyKeys({ policy: written }) });
        if (gateUnder(effective, world) && !gateUnder(gatePolicyOf(policy), world)) throw new Error('the manifest loosened a policy that delegates nothing');
      }),
      { name: 'policy-merge-nothing-delegated', seed: seed + 1, numRuns: cases(3_000) },
    );
  });
});
