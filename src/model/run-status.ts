import { RUN_STATUSES, type RunStatus } from './schema.js';

/** Job results (`job.status`, `needs.<job>.result`) as run statuses. */
const JOB_RESULTS: Readonly<Record<string, RunStatus>> = {
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'cancelled',
  // A skipped job produced nothing to release; the gate must not treat it as succeeded.
  skipped: 'cancelled',
};

/** Every value `run-status` / `--run-status` accepts, in the order error messages list them. */
export const RUN_STATUS_VALUES: readonly string[] = [...new Set([...RUN_STATUSES, ...Object.keys(JOB_RESULTS)])];

/** A run status or job result as a run status; undefined for anything else (callers say why). */
export function toRunStatus(value: string): RunStatus | undefined {
  if ((RUN_STATUSES as readonly string[]).includes(value)) return value as RunStatus;
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  return Object.hasOwn(JOB_RESULTS, value) ? JOB_RESULTS[value] : undefined;
}
