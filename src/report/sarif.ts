/**
 * The verdicts as SARIF 2.1.0 (SPEC §6), for code scanning: one result per failing rule, and per
 * artifact for the rules that name artifacts, located at its line in the manifest. Pure: the
 * shells write the log as `compliance-report.sarif` or print it (`check --format sarif`).
 *
 * Rule ids are the gate's rule names, the names waivers already use, so they never change:
 * `run_succeeded`, `has_artifacts`, `min_compliant_artifacts`, `max_cost_overrun`, `integrity`.
 * Each run of the log is one manifest, with an `automationDetails.id` of its own, so one upload
 * of several runs' files never holds two runs code scanning would take for the same analysis.
 */
import type { CheckResult, RunVerdict } from '../core/check.js';
import type { ArtifactEvaluation, GateFailure, RuleName } from '../gate/types.js';
import { escapeLogText } from './escape.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://github.com/summit/maestro-gate';
/** GitHub keeps at most 25,000 results of a run; past that one notification says how many more. */
export const MAX_SARIF_RESULTS = 25_000;

interface RuleText {
  name: string;
  short: string;
  full: string;
}

/** In the order the gate evaluates them; `ruleIndex` is the position here. */
const RULES: Record<RuleName, RuleText> = {
  run_succeeded: {
    name: 'RunSucceeded',
    short: 'The run succeeded',
    full: "The run's status must be 'succeeded': a pending, running, failed or cancelled run releases nothing.",
  },
  has_artifacts: {
    name: 'HasArtifacts',
    short: 'The run has artifacts',
    full: 'A run with no artifacts has nothing to release; no waiver lifts this rule.',
  },
  min_compliant_artifacts: {
    name: 'MinCompliantArtifacts',
    short: 'Enough artifacts are compliant',
    full: "At least policy.min_compliant_artifacts artifacts must carry every required flag (SBOM, SLSA provenance, risk assessment, as the policy requires); each artifact that does not is a result.",
  },
  max_cost_overrun: {
    name: 'MaxCostOverrun',
    short: "The run's cost is within budget",
    full: "The run's cost_actual may exceed its cost_estimate by at most policy.max_cost_overrun.",
  },
  integrity: {
    name: 'Integrity',
    short: 'Artifacts and evidence are what the manifest says',
    full: "An artifact's bytes must match its content_hash, and declared evidence must verify; no waiver lifts this rule.",
  },
};
const RULE_IDS = Object.keys(RULES) as RuleName[];

export interface SarifOptions {
  version: string;
}

type Json = Record<string, unknown>;

export function renderSarif(result: Pick<CheckResult, 'runs'>, options: SarifOptions): Json {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: result.runs.map((verdict) => sarifRun(verdict, options)) };
}

function sarifRun(verdict: RunVerdict, options: SarifOptions): Json {
  const findings = verdict.gate.failures.flatMap((failure) => failureResults(verdict, failure));
  const kept = findings.slice(0, MAX_SARIF_RESULTS);
  const omitted = findings.length - kept.length;
  return {
    tool: {
      driver: {
        name: 'maestro-gate',
        version: options.version,
        semanticVersion: options.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: RULE_IDS.map((id) => ({
          id,
          name: RULES[id].name,
          shortDescription: { text: RULES[id].short },
          fullDescription: { text: RULES[id].full },
          defaultConfiguration: { level: 'error' },
          helpUri: `${TOOL_INFORMATION_URI}#code-scanning-sarif`,
        })),
      },
    },
    // The manifest is the analysis: a stable category across commits, distinct between manifests.
    automationDetails: { id: `maestro-gate/${verdict.loaded.file}/` },
    invocations: [
      {
        executionSuccessful: true,
        ...(omitted > 0
          ? { toolExecutionNotifications: [{ level: 'warning', message: { text: `${omitted} more results are not in this file; compliance-report.json has them all` } }] }
          : {}),
      },
    ],
    results: kept,
    properties: { run_id: verdict.run.id, passed: verdict.gate.passed },
  };
}

function failureResults(verdict: RunVerdict, failure: GateFailure): Json[] {
  const { rule } = failure;
  if (rule === 'min_compliant_artifacts' || rule === 'integrity') {
    const named = new Set(failure.artifact_ids);
    const results: Json[] = [];
    verdict.gate.artifacts.forEach((evaluation, index) => {
      if (!named.has(evaluation.artifact_id)) return;
      const reasons = rule === 'integrity' ? integrityReasons(evaluation) : evaluation.reasons.slice(0, evaluation.missing_flags.length);
      const subject = `Artifact ${evaluation.artifact_id} (${evaluation.path_or_uri})`;
      // Artifact entries are located in one pass at load; a lookup per artifact would rescan the file.
      const position = verdict.loaded.artifactPositions[index];
      results.push(sarifResult(verdict, rule, `${subject}: ${reasons.join('; ') || failure.message}`, position, evaluation.artifact_id));
    });
    if (results.length > 0) return results;
  }
  return [sarifResult(verdict, rule, failure.message, verdict.loaded.locate(RUN_RULE_SITES[rule]))];
}

/** Where a run rule is decided in the manifest (the nearest written ancestor when absent). */
const RUN_RULE_SITES: Record<RuleName, readonly (string | number)[]> = {
  run_succeeded: ['run', 'status'],
  has_artifacts: ['artifacts'],
  min_compliant_artifacts: ['policy', 'min_compliant_artifacts'],
  max_cost_overrun: ['run', 'cost_actual'],
  integrity: ['artifacts'],
};

function integrityReasons(evaluation: ArtifactEvaluation): string[] {
  // The reasons list the missing flags first; what follows them is the integrity part.
  return evaluation.reasons.slice(evaluation.missing_flags.length);
}

function sarifResult(verdict: RunVerdict, rule: RuleName, message: string, position: { line: number; column: number } | undefined, artifactId?: string): Json {
  return {
    ruleId: rule,
    ruleIndex: RULE_IDS.indexOf(rule),
    level: 'error',
    message: { text: sarifText(message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(verdict.loaded.file) },
          ...(position ? { region: { startLine: position.line, startColumn: position.column } } : {}),
        },
      },
    ],
    properties: { run_id: verdict.run.id, ...(artifactId === undefined ? {} : { artifact_id: artifactId }) },
  };
}

/**
 * Plain text, one line, invisible characters shown (the log escaper), and the square brackets
 * escaped as SARIF asks (§3.11.6): a manifest value like `[x](1)` stays text, never a link.
 */
export function sarifText(text: string): string {
  return escapeLogText(text)
    .replace(/\\(?=[[\]])/g, '\\\\')
    .replace(/[[\]]/g, '\\$&');
}

/** The manifest as a relative URI reference, each path segment percent-encoded. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
