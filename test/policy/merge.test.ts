/**
 * SPEC §4a, field by field: with a trusted policy the manifest may only tighten, never loosen;
 * trust anchors and undelegated waivers in a manifest are errors with no effect. Without one,
 * every loosening the manifest grants itself is a self-declared warning at its key path.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, Policy, type Waiver } from '../../src/model/schema.js';
import { describePolicySource, mergePolicy, writtenPolicyKeys, type ManifestPolicy } from '../../src/policy/merge.js';
import { PolicyFile } from '../../src/policy/schema.js';

const NAME = 'octo/policies:maestro-policy.yml@1a2b3c4d5e6f';

/** The manifest's policy as the loader gives it: parsed with defaults, plus the keys written. */
function manifest(written: Record<string, unknown>): ManifestPolicy {
  return { policy: Policy.parse(written), written: writtenPolicyKeys({ run: {}, policy: written }) };
}
const trusted = (fields: Record<string, unknown> = {}): PolicyFile => PolicyFile.parse(fields);
const merge = (policy: PolicyFile | undefined, written: Record<string, unknown>) => mergePolicy(policy, manifest(written), { policyName: NAME });

const waiver = (rule: string, target: Partial<Waiver> = { run: true }): Record<string, unknown> => ({ ...target, rule, reason: 'known gap', owner: 'team', expires: '2030-01-01' });

interface Row {
  field: string;
  trusted: Record<string, unknown>;
  manifest: Record<string, unknown>;
  expected: unknown;
  /** The manifest's value was looser: a warning that it has no effect. */
  ignored?: boolean;
}

const rows: Row[] = [
  { field: 'required_flags', trusted: { required_flags: ['sbom_present'] }, manifest: { required_flags: ['risk_assessment_present'] }, expected: ['sbom_present', 'risk_assessment_present'], ignored: true },
  { field: 'required_flags', trusted: { required_flags: ['sbom_present'] }, manifest: { required_flags: ['sbom_present', 'slsa_provenance_present'] }, expected: ['sbom_present', 'slsa_provenance_present'] },
  { field: 'required_flags', trusted: { required_flags: ['sbom_present'] }, manifest: {}, expected: ['sbom_present'] },
  { field: 'min_compliant_artifacts', trusted: { min_compliant_artifacts: 2 }, manifest: { min_compliant_artifacts: 3 }, expected: 3 },
  { field: 'min_compliant_artifacts', trusted: { min_compliant_artifacts: 2 }, manifest: { min_compliant_artifacts: 1 }, expected: 2, ignored: true },
  { field: 'require_evidence', trusted: {}, manifest: { require_evidence: true }, expected: true },
  { field: 'require_evidence', trusted: { require_evidence: true }, manifest: { require_evidence: false }, expected: true, ignored: true },
  { field: 'require_signatures', trusted: {}, manifest: { require_signatures: true }, expected: true },
  { field: 'require_signatures', trusted: { require_signatures: true }, manifest: { require_signatures: false }, expected: true, ignored: true },
  { field: 'verify_content_hash', trusted: { verify_content_hash: false }, manifest: { verify_content_hash: true }, expected: true },
  { field: 'verify_content_hash', trusted: { verify_content_hash: true }, manifest: { verify_content_hash: false }, expected: true, ignored: true },
  { field: 'verify_content_hash', trusted: { verify_content_hash: false }, manifest: {}, expected: false },
  { field: 'max_cost_overrun', trusted: { max_cost_overrun: 0.2 }, manifest: { max_cost_overrun: 0.1 }, expected: 0.1 },
  { field: 'max_cost_overrun', trusted: { max_cost_overrun: 0.2 }, manifest: { max_cost_overrun: 0.5 }, expected: 0.2, ignored: true },
  { field: 'max_cost_overrun', trusted: {}, manifest: { max_cost_overrun: 0.3 }, expected: 0.3 },
  { field: 'max_cost_overrun', trusted: { max_cost_overrun: 0.2 }, manifest: {}, expected: 0.2 },
];

describe('with a trusted policy, the manifest only tightens', () => {
  it.each(rows)('$field: policy $trusted, manifest $manifest -> $expected', (row) => {
    const { effective, findings } = merge(trusted(row.trusted), row.manifest);
    expect(effective[row.field as keyof typeof effective]).toEqual(row.expected);
    if (row.ignored) {
      expect(findings).toEqual([expect.objectContaining({ severity: 'warning', kind: 'ignored-loosening', path: ['policy', row.field] })]);
      expect(findings[0]!.message).toContain(NAME);
    } else {
      expect(findings).toEqual([]);
    }
  });

  it('a key the manifest did not write is not merged as its default', () => {
    // Parsed, the manifest's policy holds all three flags and verify_content_hash: true.
    const { effective } = merge(trusted({ required_flags: ['sbom_present'], verify_content_hash: false }), { require_evidence: true });
    expect(effective).toMatchObject({ required_flags: ['sbom_present'], verify_content_hash: false, require_evidence: true });
  });

  it.each([
    ['trusted_keys', { trusted_keys: ['pr/key.pub'] }],
    ['sigstore_trusted_root', { sigstore_trusted_root: 'pr/root.json', sigstore_identities: [{ issuer: 'https://evil.example', subject_prefix: 'x' }] }],
    ['sigstore_identities', { sigstore_identities: [{ issuer: 'https://evil.example', subject_prefix: 'x' }] }],
  ])('%s in the manifest is a validation error naming the policy file, and the policy keeps its own', (key, written) => {
    const policy = trusted({ trusted_keys: ['keys/release.pub'], sigstore_trusted_root: 'sigstore/root.json', sigstore_identities: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'w' }] });
    const { effective, findings } = merge(policy, written);
    expect(effective).toMatchObject({ trusted_keys: ['keys/release.pub'], sigstore_trusted_root: 'sigstore/root.json', sigstore_identities: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'w' }] });
    const errors = findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => [finding.kind, finding.path])).toContainEqual(['validation', ['policy', key]]);
    expect(errors.every((finding) => finding.message.includes(NAME))).toBe(true);
  });

  it('an empty trust anchor list in a manifest is still refused: the manifest has no say in them', () => {
    expect(merge(trusted(), { trusted_keys: [] }).findings.map((finding) => finding.kind)).toEqual(['validation']);
  });

  it('manifest waivers count only for delegated rules; others are errors at their index with no effect', () => {
    const policy = trusted({ manifest_waivers: ['risk_assessment_present'], waivers: [waiver('max_cost_overrun')] });
    const { effective, findings, waiver_origins } = merge(policy, {
      waivers: [waiver('sbom_present', { artifact_ids: ['a'] }), waiver('risk_assessment_present', { artifact_ids: ['a'] }), waiver('run_succeeded'), waiver('min_compliant_artifacts')],
    });
    expect(effective.waivers.map((entry) => entry.rule)).toEqual(['max_cost_overrun', 'risk_assessment_present']);
    expect(waiver_origins).toEqual([{ from: 'policy', index: 0 }, { from: 'manifest', index: 1 }]);
    expect(findings.map((finding) => [finding.severity, finding.kind, finding.waiver, finding.path])).toEqual([
      ['error', 'ignored-waiver', 0, ['policy', 'waivers', 0]],
      ['error', 'ignored-waiver', 2, ['policy', 'waivers', 2]],
      ['error', 'ignored-waiver', 3, ['policy', 'waivers', 3]],
    ]);
    expect(findings[0]!.message).toBe(`waiver of 'sbom_present' for a has no effect: ${NAME} does not list 'sbom_present' in manifest_waivers; a waiver of this rule belongs in ${NAME}`);
    expect(findings[1]!.message).toMatch(/can never waive run_succeeded/);
  });

  it('run_succeeded is never honoured from a manifest, whatever the policy object says', () => {
    // A policy object built around the schema (which refuses it) still cannot delegate it.
    const forged = { ...trusted(), manifest_waivers: ['run_succeeded'] } as unknown as PolicyFile;
    const { effective, findings } = merge(forged, { waivers: [waiver('run_succeeded')] });
    expect(effective.waivers).toEqual([]);
    expect(findings.map((finding) => finding.kind)).toEqual(['ignored-waiver']);
  });

  it('the policy file\'s own keys never reach the effective policy', () => {
    const { effective } = merge(trusted({ version: 1, manifest_waivers: ['sbom_present'] }), {});
    expect(effective).toEqual(DEFAULT_POLICY);
    expect(Object.keys(effective).sort()).toEqual(Object.keys(DEFAULT_POLICY).sort());
  });

  it('does not change its inputs', () => {
    const policy = trusted({ waivers: [waiver('max_cost_overrun')], manifest_waivers: ['sbom_present'] });
    const before = structuredClone(policy);
    const input = manifest({ waivers: [waiver('sbom_present', { artifact_ids: ['a'] })] });
    mergePolicy(policy, input);
    expect(policy).toEqual(before);
    expect(input.policy.waivers).toHaveLength(1);
  });
});

describe('without a trusted policy, the manifest decides and each loosening is self-declared', () => {
  it('the default policy written out is no finding', () => {
    const { effective, findings } = merge(undefined, { required_flags: ['sbom_present', 'slsa_provenance_present', 'risk_assessment_present'], verify_content_hash: true, min_compliant_artifacts: 1 });
    expect(effective).toEqual(DEFAULT_POLICY);
    expect(findings).toEqual([]);
  });

  it.each([
    ['a waiver', { waivers: [waiver('sbom_present', { artifact_ids: ['a'] })] }, ['policy', 'waivers', 0]],
    ['verify_content_hash: false', { verify_content_hash: false }, ['policy', 'verify_content_hash']],
    ['fewer required_flags', { required_flags: ['sbom_present'] }, ['policy', 'required_flags']],
    ['trusted_keys', { trusted_keys: ['k.pub'] }, ['policy', 'trusted_keys']],
    ['sigstore_trusted_root', { sigstore_trusted_root: 'r.json' }, ['policy', 'sigstore_trusted_root']],
    ['sigstore_identities', { sigstore_identities: [{ issuer: 'i', subject: 's' }] }, ['policy', 'sigstore_identities']],
  ])('%s is a warning at its key path that says who controls it and how to move it', (_name, written, keyPath) => {
    const { effective, findings } = merge(undefined, written);
    expect(effective).toEqual(Policy.parse(written));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', kind: 'self-declared', path: keyPath });
    expect(findings[0]!.message).toMatch(/its author \(the change being judged\) controls it/);
    expect(findings[0]!.message).toMatch(/name that file in the `policy` input/);
  });

  it.each([
    ['require_evidence', { require_evidence: true }],
    ['require_signatures', { require_signatures: true }],
    ['a higher minimum', { min_compliant_artifacts: 3 }],
    ['a cost rule', { max_cost_overrun: 0.1 }],
  ])('%s tightens, so it is no finding', (_name, written) => {
    expect(merge(undefined, written).findings).toEqual([]);
  });

  it('every waiver is reported with its index, and kept', () => {
    const { effective, findings, waiver_origins } = merge(undefined, { waivers: [waiver('max_cost_overrun'), waiver('risk_assessment_present', { artifact_ids: ['a'] })] });
    expect(effective.waivers).toHaveLength(2);
    expect(findings.map((finding) => finding.waiver)).toEqual([0, 1]);
    expect(waiver_origins).toEqual([{ from: 'manifest', index: 0 }, { from: 'manifest', index: 1 }]);
  });
});

describe('helpers', () => {
  it('writtenPolicyKeys reads only the policy keys the document holds', () => {
    expect([...writtenPolicyKeys({ policy: { require_evidence: true, waivers: [], unknown: 1 } })].sort()).toEqual(['require_evidence', 'waivers']);
    expect(writtenPolicyKeys({ run: {} }).size).toBe(0);
    expect(writtenPolicyKeys({ policy: ['require_evidence'] }).size).toBe(0);
    expect(writtenPolicyKeys(null).size).toBe(0);
    expect(writtenPolicyKeys(JSON.parse('{"policy": {"__proto__": {"require_evidence": true}}}')).size).toBe(0);
  });

  it('describePolicySource names repository, path and a short commit', () => {
    expect(describePolicySource({ kind: 'trusted', repository: 'octo/policies', path: 'maestro-policy.yml', ref: '1a2b3c4d5e6f'.padEnd(40, '0'), blob_sha: 'b'.repeat(40), sha256: 'c'.repeat(64) })).toBe(NAME);
    expect(describePolicySource({ kind: 'local-file', path: 'policy.yml', sha256: 'c'.repeat(64) })).toBe('policy.yml');
    expect(describePolicySource({ kind: 'local-file', path: 'policy.yml', ref: 'main', sha256: 'c'.repeat(64) })).toBe('policy.yml@main');
    expect(describePolicySource({ kind: 'manifest' })).toBe("the manifest's own policy");
  });
});

describe('the effective policy is a copy', () => {
  it('editing it leaves the trusted policy and the manifest policy as they were', () => {
    const policy = trusted({ required_flags: ['sbom_present'], trusted_keys: ['k.pub'], manifest_waivers: ['sbom_present'] });
    const input = manifest({ waivers: [waiver('sbom_present', { artifact_ids: ['a'] })] });
    const { effective } = mergePolicy(policy, input);
    effective.required_flags.push('risk_assessment_present');
    effective.trusted_keys.push('evil.pub');
    effective.waivers[0]!.artifact_ids!.push('b');
    expect(policy.required_flags).toEqual(['sbom_present']);
    expect(policy.trusted_keys).toEqual(['k.pub']);
    expect(input.policy.waivers[0]!.artifact_ids).toEqual(['a']);
    const alone = mergePolicy(undefined, input).effective;
    alone.waivers.pop();
    expect(input.policy.waivers).toHaveLength(1);
  });
});
