/**
 * Waivers (SPEC §4): which are in force on a given day, and which rule they lift for which
 * artifacts. A waiver in force is always reported; one that expires within 14 days is a
 * warning; an expired one lifts nothing and is reported as an error.
 */
import type { ComplianceFlag, Policy, WaivableRule, Waiver } from '../model/schema.js';

export const EXPIRY_WARNING_DAYS = 14;

export type WaiverStatus = 'active' | 'expiring' | 'expired';

export interface WaiverState {
  /** Position in `policy.waivers`, to find it in the manifest. */
  index: number;
  waiver: Waiver;
  status: WaiverStatus;
  /** Whole days from `today` to `expires` (negative once expired). */
  days_left: number;
  /** Whether the waiver lifted a rule that would otherwise have failed. */
  applied: boolean;
}

export class WaiverBook {
  readonly states: WaiverState[];

  constructor(policy: Policy, today: string) {
    this.states = policy.waivers.map((waiver, index) => {
      const daysLeft = Math.round((Date.parse(`${waiver.expires}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
      // In force through the whole of its `expires` day.
      const status: WaiverStatus = daysLeft < 0 ? 'expired' : daysLeft <= EXPIRY_WARNING_DAYS ? 'expiring' : 'active';
      return { index, waiver, status, days_left: daysLeft, applied: false };
    });
  }

  /**
   * The waiver in force that lifts `rule` for the run (no artifact) or for one artifact, if
   * any; marks it applied. A run-wide waiver of an artifact rule covers every artifact.
   */
  lift(rule: WaivableRule | ComplianceFlag, artifactId?: string): WaiverState | undefined {
    const state = this.states.find(
      ({ waiver, status }) =>
        status !== 'expired' &&
        waiver.rule === rule &&
        (waiver.run === true || (artifactId !== undefined && (waiver.artifact_ids ?? []).includes(artifactId))),
    );
    if (state) state.applied = true;
    return state;
  }
}

/** One line naming who waived what, until when and why; reasons quote it. */
export function describeWaiver({ waiver }: WaiverState): string {
  const decision = waiver.decision_id ? `, ${waiver.decision_id}` : '';
  return `waived by ${waiver.owner} until ${waiver.expires}${decision}: ${waiver.reason}`;
}
