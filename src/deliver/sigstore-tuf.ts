/**
 * Sigstore trusted roots through TUF, for GitHub attestations when the policy names no
 * `sigstore_trusted_root`: the public-good instance (public repositories) from
 * `https://tuf-repo-cdn.sigstore.dev`, whose initial root @sigstore/tuf ships, and GitHub's own
 * instance (private and internal repositories) from `https://tuf-repo.github.com`, seeded with the
 * root the GitHub CLI embeds. @sigstore/tuf verifies every metadata update against the root it
 * holds, and keeps a cache (under `RUNNER_TEMP`) that a later run starts from.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { getTrustedRoot } from '@sigstore/tuf';
import { AttestationTrustError } from '../evidence/attestations.js';
import { GITHUB_TUF_ROOT_BASE64 } from './github-tuf-root.js';

export const PUBLIC_GOOD_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
export const GITHUB_TUF_MIRROR = 'https://tuf-repo.github.com';
const DEFAULT_TUF_TIMEOUT_MS = 15_000;

export interface TufRepository {
  mirrorURL: string;
  /** The initial root.json; without it @sigstore/tuf uses the seed it ships for its mirror. */
  initialRoot?: Buffer;
  /** Whether this repository must answer: GitHub's root is only needed for private repositories. */
  required: boolean;
}

export const DEFAULT_TUF_REPOSITORIES: readonly TufRepository[] = [
  { mirrorURL: PUBLIC_GOOD_TUF_MIRROR, required: true },
  { mirrorURL: GITHUB_TUF_MIRROR, initialRoot: Buffer.from(GITHUB_TUF_ROOT_BASE64, 'base64'), required: false },
];

export interface TufOptions {
  /** Where the TUF cache lives: `RUNNER_TEMP` on a runner, the system's temp folder elsewhere. */
  cacheRoot?: string;
  repositories?: readonly TufRepository[];
  timeoutMs?: number;
  /** Told when an optional repository cannot be read. */
  onWarning?: (message: string) => void;
}

/** The cache folder: one per runner job (RUNNER_TEMP is emptied between jobs). */
export function tufCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'maestro-gate-tuf');
}

/**
 * The `trusted_root.json` of each repository, as JSON. A required repository that cannot be
 * updated (unreachable, or metadata that does not verify) throws {@link AttestationTrustError}.
 */
export async function trustedRootsFromTuf(options: TufOptions = {}): Promise<unknown[]> {
  const cacheRoot = options.cacheRoot ?? tufCacheRoot();
  const roots: unknown[] = [];
  for (const repository of options.repositories ?? DEFAULT_TUF_REPOSITORIES) {
    try {
      await mkdir(cacheRoot, { recursive: true });
      let rootPath: string | undefined;
      if (repository.initialRoot !== undefined) {
        rootPath = join(cacheRoot, `${encodeURIComponent(new URL(repository.mirrorURL).host)}.initial-root.json`);
        await writeFile(rootPath, repository.initialRoot);
      }
      const root = await getTrustedRoot({
        mirrorURL: repository.mirrorURL,
        cachePath: cacheRoot,
        ...(rootPath === undefined ? {} : { rootPath }),
        timeout: options.timeoutMs ?? DEFAULT_TUF_TIMEOUT_MS,
        retry: { retries: 1 },
      });
      roots.push(TrustedRoot.toJSON(root));
    } catch (error) {
      const message = `the Sigstore trusted root from ${repository.mirrorURL} could not be obtained through TUF (${error instanceof Error ? error.message : String(error)})`;
      if (repository.required) {
        throw new AttestationTrustError(`${message}: check that the runner can reach it, or name a trusted root in the policy (sigstore_trusted_root)`);
      }
      options.onWarning?.(`${message}; attestations from GitHub's own Sigstore instance (private repositories) cannot be verified`);
    }
  }
  return roots;
}
