/**
 * The words every renderer shares, in one place: the verdict headings, the overall line, the
 * advisory note and the wording of each integrity state. Plain text (the Markdown headings
 * aside) that each renderer escapes for its medium; no manifest value is ever part of it unescaped.
 */
import type { CheckResult } from '../core/check.js';
import type { IntegrityFact } from '../gate/types.js';

/** The decision shown: a pass only when the shell's outcome and every run say so. */
export function shownAsPassed(result: CheckResult, outcome: 'passed' | 'failed'): boolean {
  return outcome === 'passed' && result.passed && result.runs.length > 0 && result.runs.every((verdict) => verdict.gate.passed);
}

export const HEADING = {
  passed: '## ✅ Release gate passed',
  failed: '## ❌ Release gate failed',
  advisory: '## ⚠️ Release gate failed (advisory)',
  error: '## ❌ Release gate could not be evaluated',
} as const;

export function verdictHeading(passed: boolean, advisory: boolean): string {
  if (passed) return HEADING.passed;
  return advisory ? HEADING.advisory : HEADING.failed;
}

export const NO_RUN = 'No run was evaluated, so nothing may be released.';

/** What several runs (or none) add up to; a single run's own message says it better. */
export function runsOverallLine(result: CheckResult): string {
  const total = result.runs.length;
  if (total === 0) return NO_RUN;
  const failed = result.runs.filter((verdict) => !verdict.gate.passed).length;
  return failed === 0 ? `All ${total} runs passed the release gate.` : `${failed} of ${total} runs failed the release gate.`;
}

export const ADVISORY_NOTE = '`fail-on-gate` is `false`, so this job does not fail; the release still does not meet the gate.';

export const NO_VERDICT = 'No verdict was reached, so the gate does not pass. Fix the problems below and run it again.';

/** A pass that rests on a waiver must not read like a clean pass. */
export function waiverNote(applied: number, where: 'below' | 'in the job summary'): string {
  return `**🛡️ Waived:** This verdict rests on ${applied} waiver(s): a requirement was lifted, not met. Each waiver, its owner and its expiry are listed ${where}.`;
}

/** How each integrity state reads; `detail` is the (already escaped) code or reason. */
export function integrityWords(integrity: IntegrityFact, escape: (text: string) => string): { good: boolean | null; text: string } {
  switch (integrity.status) {
    case 'verified':
      return { good: true, text: 'verified' };
    case 'mismatch':
      return { good: false, text: 'mismatch' };
    case 'unreadable':
      return { good: false, text: `unreadable (${escape(integrity.code)})` };
    case 'not_verified':
      return { good: null, text: `not verified: ${escape(integrity.reason)}` };
  }
}

/** Waivers that lifted something in `result`, over all runs. */
export function appliedWaivers(result: CheckResult): number {
  return result.runs.reduce((total, verdict) => total + verdict.gate.waivers.filter((state) => state.applied).length, 0);
}

/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes it. Not through Intl:
 * its first call loads ICU's number data, about 20 ms of every cold start for one comma.
 */
export function countText(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
