/**
 * GitHub attestations for the CLI: the repository, API and token come from the environment a
 * runner (or `gh`) sets: `GITHUB_REPOSITORY`, `GITHUB_API_URL`, and `GITHUB_TOKEN` or `GH_TOKEN`.
 * Without a repository there is nothing to ask GitHub about, and the flags stay unbacked.
 */
import { githubAttestationSource } from '../deliver/attestations-api.js';
import { policyTimeoutMs } from '../environment.js';
import type { CheckOptions } from '../core/check.js';
import { escapeLogText } from '../report/escape.js';

export function cliAttestations(enable: boolean, warn: (text: string) => void, env: NodeJS.ProcessEnv = process.env): CheckOptions['attestations'] {
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined;
  const source = githubAttestationSource({
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    token: env.GITHUB_TOKEN || env.GH_TOKEN || '',
    repository,
    timeoutMs: policyTimeoutMs(env),
    warn: (message) => warn(`maestro-gate: warning: ${escapeLogText(message)}`),
  });
  return { source, enable };
}
