/** What the gate reads from its surroundings, for the Action and the CLI alike. */
import { InputError } from './errors.js';

/**
 * The time written into reports: `SOURCE_DATE_EPOCH` makes them byte-for-byte reproducible;
 * otherwise the current time. Never use it to judge expiry: see `judgementTime`.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/** The workflow run when inside GitHub Actions: it names runs that have no explicit id. */
export function githubRun(env: NodeJS.ProcessEnv = process.env): { id: string; attempt: string } | undefined {
  const id = env.GITHUB_RUN_ID;
  if (env.GITHUB_ACTIONS !== 'true' || !id) return undefined;
  return { id, attempt: env.GITHUB_RUN_ATTEMPT || '1' };
}

/** `MAESTRO_GATE_MAX_MANIFEST_BYTES` raises or lowers the manifest size cap (default 64 MiB). */
export function maxManifestBytes(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.MAESTRO_GATE_MAX_MANIFEST_BYTES;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(`MAESTRO_GATE_MAX_MANIFEST_BYTES: '${value}' is not a positive whole number of bytes`);
  }
  return Number(value);
}

/**
 * The time waivers and risk assessments are judged against: the real clock, always. The
 * manifest's author can set `SOURCE_DATE_EPOCH` (or any variable) in the workflow, and a clock
 * they set would bring an expired waiver back into force (HOSTILE row 33).
 */
export function judgementTime(): string {
  return new Date().toISOString();
}

/**
 * `MAESTRO_GATE_POLICY_TIMEOUT_MS` shortens (or lengthens) the wait for the trusted policy's
 * reads. Whoever sets it can only make a read fail sooner, which is an error outcome, never a pass.
 */
export function policyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.MAESTRO_GATE_POLICY_TIMEOUT_MS;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError(`MAESTRO_GATE_POLICY_TIMEOUT_MS: '${value}' is not a positive whole number of milliseconds`);
  return Number(value);
}
