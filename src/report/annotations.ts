/**
 * Annotations as data: an `error` at the line of each validation issue, a `warning` at the
 * line of each non-compliant artifact. The Action turns them into workflow commands, whose
 * encoding (`%`, CR, LF, `:` and `,` in properties) @actions/core already does.
 */
import type { CheckResult } from '../core/check.js';
import type { ManifestIssue } from '../errors.js';
import { FLAG_LABELS } from '../gate/evaluate.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** GitHub shows only the first few annotations of a step; past this, one summary annotation. */
export const MAX_ANNOTATIONS = 50;

export function issueAnnotations(issues: readonly ManifestIssue[]): Annotation[] {
  return cap(
    issues.map((issue) => ({
      level: 'error' as const,
      title: `maestro-gate: ${issue.code}`,
      message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
      file: issue.file,
      ...(issue.line === undefined ? {} : { line: issue.line, column: issue.column ?? 1 }),
    })),
  );
}

export function artifactAnnotations(result: CheckResult): Annotation[] {
  const annotations: Annotation[] = [];
  for (const verdict of result.runs) {
    verdict.gate.artifacts.forEach((evaluation, index) => {
      if (evaluation.compliant) return;
      const position = verdict.loaded.artifactPositions[index];
      const missing = evaluation.missing_flags.map((flag) => FLAG_LABELS[flag]);
      annotations.push({
        level: 'warning',
        title: `maestro-gate: artifact ${evaluation.artifact_id} is not compliant`,
        message: evaluation.reasons.join('; ') || `missing ${missing.join(', ')}`,
        file: verdict.loaded.file,
        ...(position ? { line: position.line, column: position.column } : {}),
      });
    });
  }
  return cap(annotations);
}

/**
 * Waivers are never silent: one that expires within 14 days is a warning, an expired one (which
 * lifts nothing) an error, each at its line in the manifest.
 */
export function waiverAnnotations(result: CheckResult): Annotation[] {
  const annotations: Annotation[] = [];
  for (const verdict of result.runs) {
    for (const state of verdict.gate.waivers) {
      if (state.status === 'active') continue;
      // A waiver may come from the trusted policy file or the manifest: annotate where it is written.
      const site = verdict.waiverSites[state.index] ?? { file: verdict.loaded.file };
      const { waiver } = state;
      const target = waiver.run ? 'the run' : (waiver.artifact_ids ?? []).join(', ');
      const expired = state.status === 'expired';
      annotations.push({
        level: expired ? 'error' : 'warning',
        title: expired ? `maestro-gate: waiver of ${waiver.rule} expired` : `maestro-gate: waiver of ${waiver.rule} expires soon`,
        message: expired
          ? `The waiver of ${waiver.rule} for ${target} (owner ${waiver.owner}) expired on ${waiver.expires} and no longer applies; renew it or fix what it waived.`
          : `The waiver of ${waiver.rule} for ${target} (owner ${waiver.owner}) expires on ${waiver.expires}, in ${state.days_left} day(s).`,
        ...site,
      });
    }
  }
  return cap(annotations);
}

/**
 * What a manifest tried against the policy (SPEC §4a), at its line: an `error` for a waiver a
 * trusted policy does not delegate (it has no effect), a `warning` for a looser setting that has
 * no effect, and, without a trusted policy, a `warning` for each loosening the manifest's author
 * granted themselves.
 */
export function policyAnnotations(result: CheckResult): Annotation[] {
  const annotations: Annotation[] = result.runs.flatMap((verdict) =>
    verdict.policyFindings.map((finding): Annotation => ({
      level: finding.severity,
      title:
        finding.kind === 'ignored-waiver'
          ? 'maestro-gate: waiver ignored (not delegated by the trusted policy)'
          : finding.kind === 'self-declared'
            ? "maestro-gate: the manifest's author sets this rule"
            : 'maestro-gate: setting ignored (looser than the trusted policy)',
      message: finding.message,
      file: finding.file,
      ...(finding.line === undefined ? {} : { line: finding.line, column: finding.column ?? 1 }),
    })),
  );
  return cap(annotations);
}

function cap(annotations: Annotation[]): Annotation[] {
  if (annotations.length <= MAX_ANNOTATIONS) return annotations;
  const kept = annotations.slice(0, MAX_ANNOTATIONS - 1);
  const first = annotations[0]!;
  kept.push({
    level: first.level,
    title: 'maestro-gate: more findings',
    message: `${annotations.length - kept.length} more ${first.level === 'error' ? 'errors' : 'warnings'} are not annotated; see the job summary and the report files`,
  });
  return kept;
}
