/** What the gate reads from its surroundings, for the Action and the CLI alike. */
import { InputError } from './errors.js';

/** `SOURCE_DATE_EPOCH` makes reports byte-for-byte reproducible; otherwise the current time. */
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
