/**
 * The release gate: Maestro Conductor's rule, to the letter, then the policy's extra rules,
 * then integrity, with waivers in force lifting the rules they name (never integrity). Pure: it reads the run, its artifacts, the policy and the facts the evidence
 * layer gathered, and returns a verdict. The first failing rule decides the message; every
 * failing rule is listed in `failures`.
 */
import { COMPLIANCE_FLAGS, type Artifact, type ComplianceFlag, type Policy, type Run, type WaivableRule } from '../model/schema.js';
import { whereDigestsDiffer } from './digests.js';
import { EMPTY_LIST, evaluation, FLAG_LABELS, isNoEvidence, NO_EVIDENCE, NOT_PRESENT, NOT_PRESENT_LISTS, plainFlagRecord, plainJudge, plainResult, sharedList } from './plain.js';
import type { ArtifactEvaluation, ArtifactFacts, EvidenceFact, FlagResult, GateFailure, GateResult, WaivedRule } from './types.js';
import { describeWaiver, WaiverBook } from './waivers.js';

export { FLAG_LABELS, NO_EVIDENCE, NO_EVIDENCE_FOR_ANY_FLAG } from './plain.js';

/** How many artifacts a message names before it says "and N more". */
const NAMED_IN_MESSAGE = 5;

export function evaluateReleaseGate(
  run: Run,
  artifacts: readonly Artifact[],
  policy: Policy,
  facts: ReadonlyMap<string, ArtifactFacts>,
  /** The day waivers are judged on (YYYY-MM-DD, UTC). */
  today: string = new Date().toISOString().slice(0, 10),
): GateResult {
  const book = new WaiverBook(policy, today);
  const plain = book.states.length === 0 ? plainJudge(policy) : undefined;
  const evaluations = artifacts.map((artifact) => {
    const artifactFacts = facts.get(artifact.id);
    return plain?.(artifact, artifactFacts) ?? evaluateArtifact(artifact, policy, artifactFacts, book);
  });
  const waivedRules: WaivedRule[] = [];
  const unlessWaived = (failure: GateFailure | null, rule: WaivableRule): GateFailure | null => {
    if (failure === null) return null;
    const state = book.lift(rule);
    if (!state) return failure;
    waivedRules.push({ rule: failure.rule, waiver: state.index, description: describeWaiver(state) });
    return null;
  };
  const failures = [
    unlessWaived(runSucceeded(run), 'run_succeeded'),
    // Never waivable: no waiver, or set of waivers, may pass a run with nothing to release.
    hasArtifacts(evaluations),
    unlessWaived(enoughCompliantArtifacts(evaluations, policy), 'min_compliant_artifacts'),
    unlessWaived(costWithinBudget(run, policy), 'max_cost_overrun'),
    // Integrity is never waivable: a waiver cannot make tampered bytes or false evidence true.
    integrityHolds(evaluations),
  ].filter((failure): failure is GateFailure => failure !== null);

  const base = { run_id: run.id, run_status: run.status, policy, failures, waived_rules: waivedRules, waivers: book.states, artifacts: evaluations };
  const first = failures[0];
  if (first) {
    return { ...base, passed: false, message: first.message, details: failureDetails(run, evaluations, first) };
  }
  const compliant = evaluations.filter((evaluation) => evaluation.compliant);
  return {
    ...base,
    passed: true,
    message: `Release gate passed: ${compliant.length} compliant artifact(s) found`,
    details: {
      run_id: run.id,
      total_artifacts: evaluations.length,
      compliant_artifacts: compliant.length,
      compliant_artifact_ids: compliant.map((evaluation) => evaluation.artifact_id),
    },
  };
}

function evaluateArtifact(artifact: Artifact, policy: Policy, facts: ArtifactFacts | undefined, book: WaiverBook): ArtifactEvaluation {
  const declaredFlags = artifact.metadata_json;
  const integrity = facts?.integrity ?? { status: 'not_verified', reason: 'not checked' };
  const reasons: string[] = [];
  const waived: string[] = [];
  const flags = {} as Record<ComplianceFlag, FlagResult>;
  let missingMask = 0;
  // Bits 3k..3k+2 of flag k: declared, required, counts, while every result so far is plain.
  let plainRecord = 0;
  let plainFlags = 0;
  let notPresent = 0;
  for (const [bit, flag] of COMPLIANCE_FLAGS.entries()) {
    const declared = declaredFlags[flag];
    const evidence = facts?.evidence[flag] ?? NO_EVIDENCE;
    const required = policy.required_flags.includes(flag);
    let counts = declared && (!policy.require_evidence || evidence.status === 'verified');
    let waivedBy: number | null = null;
    if (required && !counts) {
      // A flag waiver lifts the whole requirement; a require_evidence waiver only the evidence part.
      const state = book.lift(flag, artifact.id) ?? (declared ? book.lift('require_evidence', artifact.id) : undefined);
      if (state) {
        counts = true;
        waivedBy = state.index;
        waived.push(`${FLAG_LABELS[flag]} ${describeWaiver(state)}`);
      }
    }
    if (required && !counts) {
      missingMask |= 1 << bit;
      if (declared) reasons.push(`${FLAG_LABELS[flag]} declared true, ${evidenceProblem(evidence)}`);
      else {
        reasons.push(NOT_PRESENT[flag]);
        notPresent += 1;
      }
    }
    if (waivedBy === null && isNoEvidence(evidence)) {
      const slotBits = (declared ? 4 : 0) + (required ? 2 : 0) + (counts ? 1 : 0);
      flags[flag] = plainResult(bit, slotBits);
      plainRecord |= slotBits << (3 * bit);
      plainFlags += 1;
    } else {
      flags[flag] = { declared, evidence, required, counts, waived_by: waivedBy };
    }
  }
  const allPlain = plainFlags === COMPLIANCE_FLAGS.length;
  let integrityFailed = integrity.status === 'mismatch' || integrity.status === 'unreadable';
  if (integrity.status === 'mismatch') reasons.push(`content_hash mismatch: expected ${integrity.expected}, got ${integrity.actual} (${whereDigestsDiffer(integrity.expected, integrity.actual)})`);
  if (integrity.status === 'unreadable') reasons.push(integrity.reason);
  for (const flag of COMPLIANCE_FLAGS) {
    const evidence = flags[flag].evidence;
    if (evidence.status === 'failed') {
      integrityFailed = true;
      reasons.push(`${FLAG_LABELS[flag]} evidence ${evidence.path}: ${evidence.reason}`);
    }
  }
  // Only "… not present" reasons, which follow from the missing flags alone, are shared.
  const sharedReasons = reasons.length === notPresent;
  return evaluation(
    artifact,
    integrity,
    allPlain ? plainFlagRecord(plainRecord) : flags,
    missingMask,
    sharedReasons ? sharedList(NOT_PRESENT_LISTS, missingMask, (flag) => NOT_PRESENT[flag]) : reasons,
    waived.length === 0 ? EMPTY_LIST : waived,
    integrityFailed,
  );
}

function evidenceProblem(evidence: EvidenceFact): string {
  if (evidence.status === 'absent') return evidence.reason;
  return `evidence ${evidence.path}: ${evidence.reason}`;
}

function runSucceeded(run: Run): GateFailure | null {
  if (run.status === 'succeeded') return null;
  return { rule: 'run_succeeded', message: `Run status is '${run.status}', must be 'succeeded'`, artifact_ids: [] };
}

function hasArtifacts(evaluations: readonly ArtifactEvaluation[]): GateFailure | null {
  if (evaluations.length > 0) return null;
  return { rule: 'has_artifacts', message: 'No artifacts found for this run', artifact_ids: [] };
}

/**
 * Compliance by flags (declared, or verified when evidence is required). Integrity is judged
 * by its own rule so that a tampered artifact is named as such, not as "not compliant".
 */
function enoughCompliantArtifacts(evaluations: readonly ArtifactEvaluation[], policy: Policy): GateFailure | null {
  const byFlags = evaluations.filter((evaluation) => evaluation.missing_flags.length === 0);
  const wanted = policy.min_compliant_artifacts;
  if (byFlags.length >= wanted || evaluations.length === 0) return null;
  const others = evaluations.filter((evaluation) => evaluation.missing_flags.length > 0);
  const ids = others.map((evaluation) => evaluation.artifact_id);
  const requirement = policy.required_flags.map((flag) => FLAG_LABELS[flag]).join(' + ');
  if (byFlags.length === 0) {
    const isServiceRule = isDefaultRequirement(policy);
    // The service's sentence, unchanged, for the service's rule; the reasons follow otherwise.
    const base = `No artifacts meet compliance requirements (${isServiceRule ? 'SBOM + SLSA provenance + risk assessment' : requirement})`;
    return { rule: 'min_compliant_artifacts', message: isServiceRule ? base : `${base}: ${nameArtifacts(others)}`, artifact_ids: ids };
  }
  return {
    rule: 'min_compliant_artifacts',
    message: `Only ${byFlags.length} compliant artifact(s) found, policy requires at least ${wanted} (${requirement}): ${nameArtifacts(others)}`,
    artifact_ids: ids,
  };
}

function isDefaultRequirement(policy: Policy): boolean {
  return (
    !policy.require_evidence &&
    policy.min_compliant_artifacts === 1 &&
    policy.required_flags.length === COMPLIANCE_FLAGS.length
  );
}

function costWithinBudget(run: Run, policy: Policy): GateFailure | null {
  const allowed = policy.max_cost_overrun;
  if (allowed === undefined) return null;
  const percent = (ratio: number, digits = 1): string => `${Number((ratio * 100).toFixed(digits))}%`;
  if (run.cost_estimate === null || run.cost_actual === null) {
    const missing = run.cost_estimate === null ? 'cost_estimate' : 'cost_actual';
    return { rule: 'max_cost_overrun', message: `Run has no ${missing}, but policy max_cost_overrun (${percent(allowed)}) requires both cost_estimate and cost_actual`, artifact_ids: [] };
  }
  if (withinOverrun(run.cost_estimate, run.cost_actual, allowed)) return null;
  const ratio = (run.cost_actual - run.cost_estimate) / run.cost_estimate;
  // One decimal reads best, but must never print "by 15%, policy allows at most 15%".
  let digits = 1;
  while (digits < 6 && percent(ratio, digits) === percent(allowed, digits)) digits += 1;
  const overrun = run.cost_estimate === 0 ? 'with an estimate of 0' : `by ${percent(ratio, digits)}`;
  return {
    rule: 'max_cost_overrun',
    message: `Run cost_actual ${run.cost_actual} exceeds cost_estimate ${run.cost_estimate} ${overrun}, policy allows at most ${percent(allowed, digits)}`,
    artifact_ids: [],
  };
}

/** Float slack for the comparison below: a billionth of a percentage point, far below any real overrun. */
const OVERRUN_TOLERANCE = 1e-11;

/**
 * `actual <= estimate * (1 + allowed)`, compared as a ratio: in binary floating point
 * 100 * (1 + 0.15) is 114.99999999999999, which would fail an overrun of exactly 15%.
 */
function withinOverrun(estimate: number, actual: number, allowed: number): boolean {
  if (estimate === 0) return actual === 0;
  return (actual - estimate) / estimate <= allowed + OVERRUN_TOLERANCE;
}

/** Integrity cannot be outvoted: one tampered or unreadable artifact, or false evidence, fails the run. */
function integrityHolds(evaluations: readonly ArtifactEvaluation[]): GateFailure | null {
  const broken = evaluations.filter((evaluation) => evaluation.integrity_failed);
  if (broken.length === 0) return null;
  const described = broken.slice(0, NAMED_IN_MESSAGE).map((evaluation) => `${evaluation.artifact_id} (${evaluation.path_or_uri}): ${integrityProblems(evaluation).join('; ')}`);
  const more = broken.length > NAMED_IN_MESSAGE ? `; and ${broken.length - NAMED_IN_MESSAGE} more` : '';
  return {
    rule: 'integrity',
    message: `Integrity check failed for ${broken.length} artifact(s): ${described.join('; ')}${more}`,
    artifact_ids: broken.map((evaluation) => evaluation.artifact_id),
  };
}

function integrityProblems(evaluation: ArtifactEvaluation): string[] {
  const problems: string[] = [];
  const integrity = evaluation.integrity;
  if (integrity.status === 'mismatch') problems.push(`content_hash mismatch (expected ${integrity.expected}, got ${integrity.actual}; ${whereDigestsDiffer(integrity.expected, integrity.actual)})`);
  if (integrity.status === 'unreadable') problems.push(integrity.reason);
  for (const flag of COMPLIANCE_FLAGS) {
    const evidence = evaluation.flags[flag].evidence;
    if (evidence.status === 'failed') problems.push(`${FLAG_LABELS[flag]} evidence ${evidence.path}: ${evidence.reason}`);
  }
  return problems;
}

function nameArtifacts(evaluations: readonly ArtifactEvaluation[]): string {
  const named = evaluations
    .slice(0, NAMED_IN_MESSAGE)
    // evaluateArtifact writes one reason per missing flag first, integrity reasons after them.
    .map((evaluation) => `${evaluation.artifact_id} (${evaluation.reasons.slice(0, evaluation.missing_flags.length).join(', ')})`);
  const more = evaluations.length > NAMED_IN_MESSAGE ? `, and ${evaluations.length - NAMED_IN_MESSAGE} more` : '';
  return `${named.join(', ')}${more}`;
}

function failureDetails(run: Run, evaluations: readonly ArtifactEvaluation[], failure: GateFailure): Record<string, unknown> {
  return {
    run_id: run.id,
    rule: failure.rule,
    run_status: run.status,
    total_artifacts: evaluations.length,
    compliant_artifacts: evaluations.filter((evaluation) => evaluation.compliant).length,
    failing_artifact_ids: failure.artifact_ids,
  };
}
