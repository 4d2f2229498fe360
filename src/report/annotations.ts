/**
 * Annotations as data: an `error` at the line of each validation issue and of what decides a
 * failed gate, a `warning` at the line of each other non-compliant artifact. The Action turns them into workflow commands, whose
 * encoding (`%`, CR, LF, `:` and `,` in properties) @actions/core already does.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ManifestIssue } from '../errors.js';
import { FLAG_LABELS } from '../gate/evaluate.js';
import type { KeyPath } from '../manifest/parse.js';
import { EVIDENCE_FOR_FLAG, type ComplianceFlag } from '../model/schema.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** GitHub shows 10 annotations of each level per step (SPEC §6): the tenth says how many more. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

export function issueAnnotations(issues: readonly ManifestIssue[]): Annotation[] {
  return capPerLevel(
    issues.map((issue) => ({
      level: 'error' as const,
      title: `maestro-gate: ${issue.code}`,
      message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
      file: issue.file,
      ...(issue.line === undefined ? {} : { line: issue.line, column: issue.column ?? 1 }),
    })),
  );
}

/**
 * An annotation whose line is not looked up yet: of 100,000 findings only the kept few are
 * located, in one pass over each manifest's text.
 */
interface Pending {
  level: Annotation['level'];
  /** Builds the annotation: called only for those kept. */
  make: () => Annotation;
  at?: { loaded: RunVerdict['loaded']; keyPath: KeyPath };
}

const ready = (annotation: Annotation): Pending => ({ level: annotation.level, make: () => annotation });

/**
 * Every annotation of a gate result, at most MAX_ANNOTATIONS_PER_LEVEL per level: what decides
 * a failed gate as `error`s at the failing field (`status:`, `content_hash:`, the evidence
 * path), expired waivers and ignored settings, then a `warning` for each other non-compliant
 * artifact at its entry. `reportDir` names where the full list is.
 */
export function gateAnnotations(result: CheckResult, reportDir?: string): Annotation[] {
  const errors = new FirstFew();
  const warnings = new FirstFew();
  for (const verdict of result.runs) {
    const { loaded, gate } = verdict;
    const inManifest = (level: Annotation['level'], make: () => Omit<Annotation, 'level' | 'file'>, keyPath: KeyPath): Pending => ({
      level,
      make: () => ({ level, ...make(), file: loaded.file }),
      at: { loaded, keyPath },
    });
    for (const failure of gate.failures) {
      if (failure.rule !== 'run_succeeded') continue;
      const annotation = { title: 'maestro-gate: run status', message: failure.message };
      // A status given by the run-status input is not written in the manifest: no line to point at.
      errors.add(() => (loaded.manifest.run.status === gate.run_status ? inManifest('error', () => annotation, ['run', 'status']) : ready({ level: 'error', ...annotation, file: loaded.file })));
    }
    gate.artifacts.forEach((evaluation, index) => {
      if (evaluation.compliant) return;
      const title = (): string => `maestro-gate: artifact ${evaluation.artifact_id}`;
      let decided = false;
      const { integrity } = evaluation;
      if (integrity.status === 'mismatch') {
        decided = true;
        errors.add(() => inManifest('error', () => ({ title: `${title()}: content_hash mismatch`, message: `content_hash is ${integrity.expected}, but the file's sha256 is ${integrity.actual}` }), ['artifacts', index, 'content_hash']));
      } else if (integrity.status === 'unreadable') {
        decided = true;
        errors.add(() => inManifest('error', () => ({ title: `${title()}: file not readable`, message: `path_or_uri cannot be read: ${integrity.reason}` }), ['artifacts', index, 'path_or_uri']));
      }
      for (const flag of EVIDENCE_FLAGS) {
        const { evidence } = evaluation.flags[flag];
        if (evidence.status !== 'failed') continue;
        decided = true;
        errors.add(() => {
          const written = verdict.evidence.get(evaluation.artifact_id)?.[EVIDENCE_FOR_FLAG[flag]] !== undefined;
          return inManifest(
            'error',
            () => ({ title: `${title()}: ${FLAG_LABELS[flag]} evidence failed`, message: `${evidence.path}: ${evidence.reason}` }),
            written ? ['artifacts', index, 'evidence', EVIDENCE_FOR_FLAG[flag]] : ['artifacts', index],
          );
        });
      }
      if (decided) return;
      warnings.add(() =>
        inManifest(
          'warning',
          () => ({ title: `${title()} is not compliant`, message: evaluation.reasons.join('; ') || `missing ${evaluation.missing_flags.map((flag) => FLAG_LABELS[flag]).join(', ')}` }),
          ['artifacts', index],
        ),
      );
    });
  }
  const others = [...waiverAnnotations(result), ...policyAnnotations(result)].map(ready);
  const where = reportDir === undefined ? 'the report files' : `compliance-report.json in ${reportDir}/`;
  // The artifacts' errors come before the other errors, their warnings after the other warnings:
  // in either order, the first few of each kind are all that can be kept.
  return [
    ...locateKept(capPending([...errors.items, ...others.filter((item) => item.level === 'error')], 'error', where, errors.more)),
    ...locateKept(capPending([...others.filter((item) => item.level === 'warning'), ...warnings.items], 'warning', where, warnings.more)),
  ];
}

const EVIDENCE_FLAGS = Object.keys(EVIDENCE_FOR_FLAG) as ComplianceFlag[];

/**
 * The first MAX_ANNOTATIONS_PER_LEVEL findings of one level, and how many more there were. Only
 * the first few can be shown, so the rest are counted, never built: at 90,000 non-compliant
 * artifacts, a pending annotation each was 40 MB.
 */
class FirstFew {
  readonly items: Pending[] = [];
  more = 0;

  add(make: () => Pending): void {
    if (this.items.length < MAX_ANNOTATIONS_PER_LEVEL) this.items.push(make());
    else this.more += 1;
  }
}

/**
 * The first MAX_ANNOTATIONS_PER_LEVEL - 1 of `items` (then `uncounted` more not built) and, past
 * the cap, one that counts the rest.
 */
function capPending(items: Pending[], level: Annotation['level'], where: string, uncounted = 0): Pending[] {
  const total = items.length + uncounted;
  if (total <= MAX_ANNOTATIONS_PER_LEVEL) return items;
  const kept = items.slice(0, MAX_ANNOTATIONS_PER_LEVEL - 1);
  const more = total - kept.length;
  kept.push(
    ready({
      level,
      title: `maestro-gate: ${more} more ${level === 'error' ? 'errors' : 'warnings'}`,
      message: `${more} more ${level === 'error' ? 'errors' : 'warnings'} are not annotated (GitHub shows ${MAX_ANNOTATIONS_PER_LEVEL} per level); the full list is in the job summary and in ${where}`,
    }),
  );
  return kept;
}

/** Looks up the lines of the kept annotations, one locateAll per manifest. */
function locateKept(items: Pending[]): Annotation[] {
  const byRun = new Map<RunVerdict['loaded'], number[]>();
  items.forEach((item, index) => {
    if (item.at) byRun.set(item.at.loaded, [...(byRun.get(item.at.loaded) ?? []), index]);
  });
  const annotations = items.map((item) => item.make());
  for (const [loaded, indexes] of byRun) {
    const positions = loaded.locateAll(indexes.map((index) => ({ keyPath: items[index]!.at!.keyPath })));
    indexes.forEach((index, n) => {
      annotations[index] = { ...annotations[index]!, line: positions[n]!.line, column: positions[n]!.column };
    });
  }
  return annotations;
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
  return annotations;
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
  return annotations;
}

function capPerLevel(annotations: Annotation[]): Annotation[] {
  const pending = annotations.map(ready);
  return [
    ...capPending(pending.filter((item) => item.level === 'error'), 'error', 'the report files'),
    ...capPending(pending.filter((item) => item.level === 'warning'), 'warning', 'the report files'),
  ].map((item) => item.make());
}
