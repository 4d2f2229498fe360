/**
 * The rules a run is judged by (SPEC §4a): the trusted policy tightened by the manifest, or,
 * without one, the manifest's own policy with every loosening it grants itself reported. Pure.
 */
import { ErrorCode, type ManifestIssue } from '../errors.js';
import { formatKeyPath } from '../manifest/parse.js';
import type { Policy } from '../model/schema.js';
import { describePolicySource, mergePolicy, type PolicyFinding, type PolicySource } from '../policy/merge.js';
import type { TrustedPolicy } from '../policy/trusted.js';
import type { RunSource, SourcePosition } from '../store/store.js';

/** Where something is written: a file and, when known, its line. */
export interface Site {
  file: string;
  line?: number;
  column?: number;
}

export interface RunPolicy {
  policy: Policy;
  source: PolicySource;
  /** What the manifest tried that has no effect, or that its author granted themselves, located. */
  findings: (PolicyFinding & Site)[];
  /** Where each waiver of `policy.waivers` is declared, by its index there. */
  waiverSites: Site[];
  /** Validation errors: the manifest set what only the trusted policy may. */
  issues: ManifestIssue[];
}

export function runPolicy(loaded: RunSource, trusted: TrustedPolicy | undefined, requireEvidence: boolean | undefined): RunPolicy {
  const merged = mergePolicy(trusted?.policy, { policy: loaded.policy, written: loaded.policyKeys }, trusted ? { policyName: trusted.file } : {});
  const at = (position: SourcePosition | undefined): Omit<Site, 'file'> => (position ? { line: position.line, column: position.column } : {});
  const inManifest = (path: readonly (string | number)[]): Site => ({ file: loaded.file, ...at(loaded.locate(path)) });
  const issues: ManifestIssue[] = [];
  const findings: RunPolicy['findings'] = [];
  for (const finding of merged.findings) {
    if (finding.kind === 'validation') {
      issues.push({ code: ErrorCode.InvalidValue, ...inManifest(finding.path), path: formatKeyPath(finding.path), message: finding.message });
    } else {
      findings.push({ ...finding, ...inManifest(finding.path) });
    }
  }
  const waiverSites = merged.waiver_origins.map((origin): Site =>
    origin.from === 'manifest'
      ? { file: loaded.file, ...at(loaded.waiverPositions[origin.index]) }
      : { file: trusted?.file ?? loaded.file, ...at(trusted?.locate(['waivers', origin.index])) },
  );
  let policy = merged.effective;
  if (requireEvidence !== undefined) {
    // The workflow's `require-evidence` overrides a manifest's choice, but under a trusted policy
    // it may only switch evidence on: the workflow is often the judged change's too.
    policy = { ...policy, require_evidence: trusted ? policy.require_evidence || requireEvidence : requireEvidence };
  }
  return { policy, source: trusted ? trusted.source : { kind: 'manifest' }, findings, waiverSites, issues };
}

/** One phrase for the reports: where the rules came from. */
export function describeRunPolicySource(source: PolicySource): string {
  return source.kind === 'manifest' ? "self-declared: the manifest's own policy, which its author controls" : `trusted: ${describePolicySource(source)}`;
}
