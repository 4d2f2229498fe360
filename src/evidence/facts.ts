/**
 * Gathers the facts the gate judges beyond the manifest's own words: whether each local
 * artifact's bytes match its `content_hash`. Remote URIs are never fetched.
 */
import { COMPLIANCE_FLAGS, type Artifact, type ComplianceFlag, type Policy } from '../model/schema.js';
import type { ArtifactFacts, EvidenceFact, IntegrityFact } from '../gate/types.js';
import { hashConfinedFile, type HashAlgorithm } from './hash.js';
import { classifyLocation, FileAccessError } from './paths.js';

export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 * 1024 * 1024;
/** Files hashed at once: enough to overlap reads with hashing on a 2-core runner. */
const HASH_CONCURRENCY = 4;

export interface FactOptions {
  workspace: string;
  maxArtifactBytes?: number;
}

export async function collectArtifactFacts(
  artifacts: readonly Artifact[],
  policy: Policy,
  options: FactOptions,
): Promise<Map<string, ArtifactFacts>> {
  const facts = new Map<string, ArtifactFacts>();
  const noEvidence = Object.fromEntries(
    COMPLIANCE_FLAGS.map((flag) => [flag, { verified: false, reason: 'no evidence' }]),
  ) as Record<ComplianceFlag, EvidenceFact>;
  await forEachLimited(artifacts, HASH_CONCURRENCY, async (artifact) => {
    facts.set(artifact.id, { integrity: await checkIntegrity(artifact, policy, options), evidence: noEvidence });
  });
  return facts;
}

async function checkIntegrity(artifact: Artifact, policy: Policy, options: FactOptions): Promise<IntegrityFact> {
  const location = classifyLocation(artifact.path_or_uri);
  if (location.kind === 'remote') return { status: 'not_verified', reason: `remote ${location.scheme}: URI, never fetched` };
  if (location.kind === 'unsafe') return { status: 'unreadable', code: 'UNSAFE_PATH', reason: `path ${location.reason}` };
  if (artifact.content_hash === null) return { status: 'not_verified', reason: 'no content_hash declared' };
  if (!policy.verify_content_hash) return { status: 'not_verified', reason: 'verify_content_hash is false' };
  const [algorithm, expected] = artifact.content_hash.split(':') as [HashAlgorithm, string];
  try {
    const digest = await hashConfinedFile(options.workspace, location.path, algorithm, options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES);
    if (digest.hex === expected) return { status: 'verified', algorithm, digest: artifact.content_hash, size: digest.size };
    return { status: 'mismatch', expected: artifact.content_hash, actual: `${algorithm}:${digest.hex}`, size: digest.size };
  } catch (error) {
    if (error instanceof FileAccessError) return { status: 'unreadable', code: error.code, reason: error.message };
    throw error;
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
