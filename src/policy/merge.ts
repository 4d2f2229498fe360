/**
 * Who decides the rules (SPEC §4a): the trusted policy, which the judged change cannot edit,
 * merged with the manifest's own `policy:`, which it can. The manifest may only tighten; trust
 * anchors come from the trusted policy alone; a manifest waiver counts only for a rule the
 * policy delegates. Without a trusted policy the manifest's policy applies, and each way it is
 * looser than the default is reported as self-declared. Pure: data in, data out.
 */
import { COMPLIANCE_FLAGS, type Policy, type Waiver } from '../model/schema.js';
import { gatePolicyOf, NEVER_MANIFEST_WAIVABLE } from './rules.js';
import type { PolicyFile } from './schema.js';

/** Where the effective policy came from, as the reports record it. */
export type PolicySource =
  | { kind: 'trusted'; repository: string; path: string; ref: string; blob_sha: string; sha256: string }
  | { kind: 'local-file'; path: string; ref?: string; blob_sha?: string; sha256: string }
  | { kind: 'manifest' };

export type PolicyFindingKind =
  /** The manifest set what only the trusted policy may (a trust anchor): a validation error. */
  | 'validation'
  /** A manifest waiver of a rule the policy does not delegate: an error annotation, no effect. */
  | 'ignored-waiver'
  /** A manifest setting looser than the trusted policy's: a warning, no effect. */
  | 'ignored-loosening'
  /** Without a trusted policy, a loosening the manifest's author granted themselves: a warning. */
  | 'self-declared';

export interface PolicyFinding {
  severity: 'error' | 'warning';
  kind: PolicyFindingKind;
  /** Key path in the manifest, e.g. `['policy', 'waivers', 2]`, to find its line. */
  path: (string | number)[];
  message: string;
  /** For waiver findings: the waiver's index in the manifest's `policy.waivers`. */
  waiver?: number;
}

/** The manifest's policy as parsed (defaults filled in), and the keys its author actually wrote. */
export interface ManifestPolicy {
  policy: Policy;
  written: ReadonlySet<string>;
}

/** Where each waiver of the effective policy was declared, by its index there. */
export interface WaiverOrigin {
  from: 'policy' | 'manifest';
  index: number;
}

export interface MergedPolicy {
  effective: Policy;
  findings: PolicyFinding[];
  /** One per `effective.waivers` entry, in order. */
  waiver_origins: WaiverOrigin[];
}

export interface MergeContext {
  /** How messages name the trusted policy, e.g. from `describePolicySource`. */
  policyName?: string;
}

/** A tightening merge for one key: the stricter of both, and why the manifest's was looser. */
interface Tighten<K extends keyof Policy> {
  kind: 'tighten';
  merge(trusted: Policy[K], manifest: Policy[K]): Policy[K];
  /** Why the manifest's value is looser than the trusted one (so it has no effect), if it is. */
  looser(trusted: Policy[K], manifest: Policy[K]): string | undefined;
}
type KeyRule<K extends keyof Policy> = Tighten<K> | { kind: 'trusted-only' } | { kind: 'waivers' };

const flagsMissing = (flags: readonly string[], from: readonly string[]): string[] => from.filter((flag) => !flags.includes(flag));
const orBoolean: Tighten<'require_evidence'> = {
  kind: 'tighten',
  merge: (trusted, manifest) => trusted || manifest,
  looser: (trusted, manifest) => (trusted && !manifest ? 'false, where the policy says true' : undefined),
};

/**
 * One entry per key of Policy, so a key added to the model fails to compile here until someone
 * decides how it merges.
 */
const KEY_RULES: { [K in keyof Policy]-?: KeyRule<K> } = {
  required_flags: {
    kind: 'tighten',
    merge: (trusted, manifest) => COMPLIANCE_FLAGS.filter((flag) => trusted.includes(flag) || manifest.includes(flag)),
    looser: (trusted, manifest) => {
      const missing = flagsMissing(manifest, trusted);
      return missing.length > 0 ? `leaves out ${missing.join(', ')}, which the policy requires` : undefined;
    },
  },
  min_compliant_artifacts: {
    kind: 'tighten',
    merge: (trusted, manifest) => Math.max(trusted, manifest),
    looser: (trusted, manifest) => (manifest < trusted ? `${manifest} is below the policy's ${trusted}` : undefined),
  },
  require_evidence: orBoolean,
  require_signatures: orBoolean,
  // SPEC §4a says "logical and" here; and would let `false` in a manifest switch hash checks off
  // under a policy that wants them. Checking is the stricter setting, so it is an or, like the
  // other switches that make the gate stricter when true.
  verify_content_hash: orBoolean,
  max_cost_overrun: {
    kind: 'tighten',
    merge: (trusted, manifest) => (trusted === undefined ? manifest : manifest === undefined ? trusted : Math.min(trusted, manifest)),
    looser: (trusted, manifest) => (trusted !== undefined && manifest !== undefined && manifest > trusted ? `${manifest} is above the policy's ${trusted}` : undefined),
  },
  waivers: { kind: 'waivers' },
  trusted_keys: { kind: 'trusted-only' },
  sigstore_trusted_root: { kind: 'trusted-only' },
  sigstore_identities: { kind: 'trusted-only' },
  // Attestations can back flags that no file in the change backs, so like the trust anchors
  // they are the policy owner's decision, not the judged change's.
  github_attestations: { kind: 'trusted-only' },
};

const MOVE_HINT = 'move it into a policy file that the pull request cannot change, and name that file in the `policy` input';

/**
 * The effective policy for one manifest. With `trusted`, the result is never looser than
 * `trusted` itself, except by manifest waivers of rules listed in its `manifest_waivers`.
 */
export function mergePolicy(trusted: PolicyFile | undefined, manifest: ManifestPolicy, context: MergeContext = {}): MergedPolicy {
  return trusted === undefined ? selfDeclared(manifest.policy) : tightened(trusted, manifest, context.policyName ?? 'the policy file');
}

function tightened(trusted: PolicyFile, manifest: ManifestPolicy, policyName: string): MergedPolicy {
  const base = gatePolicyOf(trusted);
  // A deep copy: a caller that edits the effective policy must not edit the trusted one.
  const effective: Policy = structuredClone(base);
  const findings: PolicyFinding[] = [];
  for (const key of Object.keys(KEY_RULES) as (keyof Policy)[]) {
    if (!manifest.written.has(key)) continue;
    const rule = KEY_RULES[key];
    if (rule.kind === 'tighten') {
      const why = applyTighten(effective, base, manifest.policy, key);
      if (why !== undefined) {
        findings.push({ severity: 'warning', kind: 'ignored-loosening', path: ['policy', key], message: `policy.${key} ${why}; it has no effect: ${policyName} sets the rules, and a manifest may only tighten them` });
      }
    } else if (rule.kind === 'trusted-only') {
      findings.push({
        severity: 'error',
        kind: 'validation',
        path: ['policy', key],
        message: `policy.${key} may not be set in a manifest while ${policyName} is in force: trust anchors come only from the policy file; remove it here, or add it to ${policyName}`,
      });
    }
  }
  const origins: WaiverOrigin[] = base.waivers.map((_, index) => ({ from: 'policy', index }));
  const delegated = new Set<string>(trusted.manifest_waivers);
  manifest.policy.waivers.forEach((waiver, index) => {
    const never = Object.hasOwn(NEVER_MANIFEST_WAIVABLE, waiver.rule) ? NEVER_MANIFEST_WAIVABLE[waiver.rule] : undefined;
    if (never === undefined && delegated.has(waiver.rule)) {
      effective.waivers.push(structuredClone(waiver));
      origins.push({ from: 'manifest', index });
      return;
    }
    const why = never ?? `${policyName} does not list '${waiver.rule}' in manifest_waivers`;
    findings.push({
      severity: 'error',
      kind: 'ignored-waiver',
      path: ['policy', 'waivers', index],
      waiver: index,
      message: `waiver of ${describeTarget(waiver)} has no effect: ${why}; a waiver of this rule belongs in ${policyName}`,
    });
  });
  return { effective, findings, waiver_origins: origins };
}

function applyTighten<K extends keyof Policy>(effective: Policy, trusted: Policy, manifest: Policy, key: K): string | undefined {
  const rule = KEY_RULES[key] as Tighten<K>;
  effective[key] = rule.merge(trusted[key], manifest[key]);
  return rule.looser(trusted[key], manifest[key]);
}

function selfDeclared(policy: Policy): MergedPolicy {
  const findings: PolicyFinding[] = [];
  const warn = (path: (string | number)[], what: string, waiver?: number): void => {
    findings.push({
      severity: 'warning',
      kind: 'self-declared',
      path,
      message: `${what} is declared by the manifest, so its author (the change being judged) controls it; ${MOVE_HINT}`,
      ...(waiver === undefined ? {} : { waiver }),
    });
  };
  policy.waivers.forEach((waiver, index) => warn(['policy', 'waivers', index], `waiver of ${describeTarget(waiver)}`, index));
  if (!policy.verify_content_hash) warn(['policy', 'verify_content_hash'], 'verify_content_hash: false (artifacts are not checked against their content_hash)');
  const missing = flagsMissing(policy.required_flags, COMPLIANCE_FLAGS);
  if (missing.length > 0) warn(['policy', 'required_flags'], `required_flags without ${missing.join(', ')}`);
  if (policy.trusted_keys.length > 0) warn(['policy', 'trusted_keys'], 'trusted_keys (which keys may sign provenance)');
  if (policy.sigstore_trusted_root !== undefined) warn(['policy', 'sigstore_trusted_root'], 'sigstore_trusted_root (which Sigstore root is trusted)');
  if (policy.sigstore_identities.length > 0) warn(['policy', 'sigstore_identities'], 'sigstore_identities (who may sign Sigstore bundles)');
  if (policy.github_attestations) warn(['policy', 'github_attestations'], 'github_attestations (GitHub attestations back the evidence flags)');
  return {
    effective: structuredClone(policy),
    findings,
    waiver_origins: policy.waivers.map((_, index) => ({ from: 'manifest', index })),
  };
}

function describeTarget(waiver: Waiver): string {
  const target = waiver.run === true ? 'the run' : (waiver.artifact_ids ?? []).join(', ');
  return `'${waiver.rule}' for ${target}`;
}

/**
 * The keys of the manifest's `policy:` mapping as written, from the parsed document before
 * defaults (e.g. `ParsedManifest.data`). A key the author did not write must not count as a
 * choice: its default would otherwise be merged as if asked for.
 */
export function writtenPolicyKeys(manifestData: unknown): Set<string> {
  const policy = isMapping(manifestData) && Object.hasOwn(manifestData, 'policy') ? manifestData.policy : undefined;
  if (!isMapping(policy)) return new Set();
  return new Set(Object.keys(policy).filter((key) => Object.hasOwn(KEY_RULES, key)));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line naming a policy source for messages and logs, e.g. `org/policies:maestro-policy.yml@1a2b3c4`. */
export function describePolicySource(source: PolicySource): string {
  if (source.kind === 'manifest') return "the manifest's own policy";
  if (source.kind === 'trusted') return `${source.repository}:${source.path}@${shortRef(source.ref)}`;
  return source.ref === undefined ? source.path : `${source.path}@${shortRef(source.ref)}`;
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(ref) ? ref.slice(0, 12) : ref;
}
