/**
 * Gathers the facts the gate judges beyond the manifest's own words: whether each local
 * artifact's bytes match its `content_hash`, and whether each evidence file proves its flag.
 * Remote URIs are never fetched. Every file is opened through `openConfined`.
 */
import { FileAccessError } from '../files/confined.js';
import { digestConfinedFile, type HashAlgorithm } from '../files/digest.js';
import { classifyLocation } from '../files/locations.js';
import { readConfinedFile, type FormatLimit } from '../files/read.js';
import type { ArtifactFacts, EvidenceFact, IntegrityFact } from '../gate/types.js';
import { NO_EVIDENCE, NO_EVIDENCE_FOR_ANY_FLAG } from '../gate/evaluate.js';
import { COMPLIANCE_FLAGS, EVIDENCE_FOR_FLAG, type Artifact, type ComplianceFlag, type Policy } from '../model/schema.js';
import { DEFAULT_MAX_EVIDENCE_BYTES, MAX_YAML_RISK_BYTES, yamlTooLarge } from './limits.js';
import { attestationStep, type AttestationSource, type AttestationStep } from './attestations.js';
import { loadSignatureTrust } from './trust.js';
import type { EvidenceCheck, EvidenceFile, ProvenanceSubject, SignatureTrust } from './types.js';

export const DEFAULT_MAX_ARTIFACT_BYTES = 2 * 1024 * 1024 * 1024;
/** Artifacts checked at once: enough to overlap reads with hashing on a 2-core runner. */
const CONCURRENCY = 4;
const YAML_RISK_LIMIT: FormatLimit = { bytes: MAX_YAML_RISK_BYTES, tooLarge: yamlTooLarge };

export interface FactOptions {
  workspace: string;
  maxArtifactBytes?: number | undefined;
  maxEvidenceBytes?: number | undefined;
  /** The manifest, for errors about files its policy names. */
  manifestFile?: string;
  /** When the gate runs: a risk assessment past its `expires` fails. */
  now?: Date;
  /**
   * The trust files of a trusted policy, read from where the policy came from: when given, the
   * policy's `trusted_keys` and `sigstore_trusted_root` name these, never workspace files.
   */
  trustFiles?: readonly { key: string; path: string; bytes: Buffer; sha256: string }[];
  /** The policy file that names them, for errors about them. */
  policyFile?: string;
  /** Filled with each trust file used (key, path, sha256), for the reports. */
  trustFilesUsed?: { key: string; path: string; sha256: string }[];
  /** GitHub's attestations, read when the policy's `github_attestations` is on (SPEC §5a). */
  attestations?: AttestationSource | undefined;
}

export async function collectArtifactFacts(
  artifacts: readonly Artifact[],
  policy: Policy,
  options: FactOptions,
  evidencePaths: ReadonlyMap<string, Partial<Record<'sbom' | 'slsa_provenance' | 'risk_assessment', string>>> = new Map(),
): Promise<Map<string, ArtifactFacts>> {
  // Trust files named in the policy are checked even when no artifact uses them yet, so a
  // missing or private key is reported the day it is committed, not the day it matters.
  const needsTrust =
    options.trustFiles !== undefined ||
    policy.trusted_keys.length > 0 || policy.sigstore_trusted_root !== undefined || policy.github_attestations || namesProvenance(evidencePaths);
  const trust = needsTrust ? await loadSignatureTrust(policy, options) : { keys: [], identities: [], requireSignatures: policy.require_signatures };
  if ('files' in trust) options.trustFilesUsed?.push(...trust.files);
  const attestations = attestationStep(policy, trust, options.attestations);
  const facts = new Map<string, ArtifactFacts>();
  // A remote URI with no evidence (and no attestations to fetch for it) needs no I/O: judged here, without a promise per artifact.
  const withIo: Artifact[] = [];
  for (const artifact of artifacts) {
    const location = classifyLocation(artifact.path_or_uri);
    const paths = evidencePaths.get(artifact.id);
    if (location.kind === 'local' || attestations !== undefined || (paths !== undefined && Object.keys(paths).length > 0)) withIo.push(artifact);
    else facts.set(artifact.id, location.kind === 'remote' ? neverFetchedFacts(location.scheme) : { integrity: withoutBytes(artifact, location).integrity, evidence: NO_EVIDENCE_FOR_ANY_FLAG });
  }
  const hashed: DigestCache = new Map();
  await forEachLimited(withIo, CONCURRENCY, async (artifact) => {
    facts.set(artifact.id, await checkArtifact(artifact, policy, options, evidencePaths.get(artifact.id) ?? {}, trust, hashed, attestations));
  });
  return facts;
}

/** Whether any artifact names a provenance file (without copying 100,000 entries into an array to ask). */
function namesProvenance(evidencePaths: ReadonlyMap<string, Partial<Record<'sbom' | 'slsa_provenance' | 'risk_assessment', string>>>): boolean {
  for (const paths of evidencePaths.values()) if (paths.slsa_provenance !== undefined) return true;
  return false;
}

/** Digests of local files by path and algorithms: artifacts naming the same file hash it once. */
type DigestCache = Map<string, ReturnType<typeof digestConfinedFile>>;

/**
 * One integrity fact per URI scheme for remote artifacts, frozen and shared like their evidence
 * (NO_EVIDENCE_FOR_ANY_FLAG): at 100,000 remote artifacts a fresh copy each was held to the end.
 */
const NEVER_FETCHED = new Map<string, IntegrityFact>();
const MAX_SCHEMES_KEPT = 32;

async function checkArtifact(
  artifact: Artifact,
  policy: Policy,
  options: FactOptions,
  evidencePaths: Partial<Record<'sbom' | 'slsa_provenance' | 'risk_assessment', string>>,
  trust: SignatureTrust,
  hashed: DigestCache,
  attestations?: AttestationStep,
): Promise<ArtifactFacts> {
  const { integrity, subject } = await checkIntegrity(artifact, policy, options, evidencePaths.slsa_provenance !== undefined || attestations !== undefined, hashed);
  const evidence = {} as Record<ComplianceFlag, EvidenceFact>;
  for (const flag of COMPLIANCE_FLAGS) {
    const key = EVIDENCE_FOR_FLAG[flag];
    const path = evidencePaths[key];
    if (path === undefined) {
      evidence[flag] = NO_EVIDENCE;
      continue;
    }
    const limit = key === 'risk_assessment' && /\.ya?ml$/i.test(path) ? YAML_RISK_LIMIT : undefined;
    evidence[flag] = await oneEvidenceFileAtATime(async (): Promise<EvidenceFact> => {
      let file: EvidenceFile;
      try {
        file = await readConfinedFile(options.workspace, path, options.maxEvidenceBytes ?? DEFAULT_MAX_EVIDENCE_BYTES, limit);
      } catch (error) {
        if (!(error instanceof FileAccessError)) throw error;
        return { status: 'failed', path, sha256: null, reason: error.message.startsWith(path) ? error.message.slice(path.length).trim() : error.message, details: { code: error.code } };
      }
      const check = await verifyEvidence(key, file, subject, trust, options.now ?? new Date());
      return check.verified
        ? { status: 'verified', path, sha256: file.sha256, reason: check.reason, details: check.details }
        : { status: 'failed', path, sha256: file.sha256, reason: check.reason, details: check.details };
    });
  }
  await attestations?.(evidence, subject);
  return { integrity, evidence };
}

let evidenceTurn: Promise<void> = Promise.resolve();

/**
 * Runs `work` once every evidence file before it is done. A parsed evidence file can cost
 * several times its size in memory (a 60 MiB SBOM about 0.3 GiB); artifacts are checked four at
 * a time, and one bound for the whole process (runs served concurrently included) keeps the
 * peak to one file's worth. Hashing artifacts is not held up by it.
 */
async function oneEvidenceFileAtATime<T>(work: () => Promise<T>): Promise<T> {
  const previous = evidenceTurn;
  let release: () => void = () => undefined;
  evidenceTurn = new Promise((resolve) => (release = resolve));
  await previous;
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * The verifiers are loaded on first use: the SBOM schemas and the Sigstore libraries are most
 * of the bundle, and a run without evidence should not pay to parse them at start-up.
 */
async function verifyEvidence(
  key: 'sbom' | 'slsa_provenance' | 'risk_assessment',
  file: EvidenceFile,
  subject: ProvenanceSubject,
  trust: SignatureTrust,
  now: Date,
): Promise<EvidenceCheck> {
  switch (key) {
    case 'sbom':
      return (await import('./sbom.js')).verifySbom(file);
    case 'slsa_provenance':
      return (await import('./provenance.js')).verifyProvenance(file, subject, trust);
    case 'risk_assessment':
      return (await import('./risk.js')).verifyRisk(file, now);
  }
}

/**
 * Hashes a local artifact when its content_hash asks for it, and with sha256 and sha512 too when
 * a provenance statement must name it, all in one read. Returns the subject a provenance
 * statement must match: for a local path only the digests hashed here, or why there are none;
 * the declared content_hash only for a remote URI, which has no bytes here to hash.
 */
async function checkIntegrity(
  artifact: Artifact,
  policy: Policy,
  options: FactOptions,
  wantsSubject: boolean,
  hashed: DigestCache,
): Promise<{ integrity: IntegrityFact; subject: ProvenanceSubject }> {
  const declared = artifact.content_hash === null ? null : (artifact.content_hash.split(':') as [HashAlgorithm, string]);
  const location = classifyLocation(artifact.path_or_uri);
  if (location.kind !== 'local') return withoutBytes(artifact, location);
  const verify = declared !== null && policy.verify_content_hash;
  const notVerifiedReason = declared === null ? 'no content_hash declared' : 'verify_content_hash is false';
  if (!verify && !wantsSubject) return { integrity: { status: 'not_verified', reason: notVerifiedReason }, subject: { sha256: null } };
  const algorithms: HashAlgorithm[] = [...(verify ? [declared[0]] : []), ...(wantsSubject ? (['sha256', 'sha512'] as const) : [])];
  try {
    const key = `${algorithms.join(',')}\0${location.path}`;
    let digesting = hashed.get(key);
    if (digesting === undefined) {
      digesting = digestConfinedFile(options.workspace, location.path, algorithms, options.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES);
      // Awaited by every artifact that names the file; an unhandled rejection must not fire first.
      digesting.catch(() => undefined);
      hashed.set(key, digesting);
    }
    const { digests, size } = await digesting;
    const subject = { sha256: digests.sha256 ?? null, sha512: digests.sha512 ?? null };
    if (!verify) return { integrity: { status: 'not_verified', reason: notVerifiedReason }, subject };
    const [algorithm, expected] = declared;
    const actual = digests[algorithm]!;
    if (actual === expected) return { integrity: { status: 'verified', algorithm, digest: artifact.content_hash!, size }, subject };
    return { integrity: { status: 'mismatch', expected: artifact.content_hash!, actual: `${algorithm}:${actual}`, size }, subject };
  } catch (error) {
    if (!(error instanceof FileAccessError)) throw error;
    const subject = { sha256: null, unavailable: error.message };
    // Without a content_hash to check, an unreadable file is only a missing provenance subject.
    if (!verify) return { integrity: { status: 'not_verified', reason: `${notVerifiedReason} (${error.message})` }, subject };
    return { integrity: { status: 'unreadable', code: error.code, reason: error.message }, subject };
  }
}

function neverFetched(scheme: string): IntegrityFact {
  let integrity = NEVER_FETCHED.get(scheme);
  if (integrity === undefined) {
    integrity = Object.freeze({ status: 'not_verified', reason: `remote ${scheme}: URI, never fetched` });
    // Schemes come from manifests and API bodies: a long-running `serve` keeps only a few.
    if (NEVER_FETCHED.size < MAX_SCHEMES_KEPT) NEVER_FETCHED.set(scheme, integrity);
  }
  return integrity;
}

/** The facts of a remote artifact that names no evidence: one frozen record per scheme too. */
const NEVER_FETCHED_FACTS = new Map<string, ArtifactFacts>();

function neverFetchedFacts(scheme: string): ArtifactFacts {
  let facts = NEVER_FETCHED_FACTS.get(scheme);
  if (facts === undefined) {
    facts = Object.freeze({ integrity: neverFetched(scheme), evidence: NO_EVIDENCE_FOR_ANY_FLAG });
    if (NEVER_FETCHED_FACTS.size < MAX_SCHEMES_KEPT) NEVER_FETCHED_FACTS.set(scheme, facts);
  }
  return facts;
}

/** A remote URI (never fetched: the declared sha256 is the provenance subject) or an unsafe path. */
function withoutBytes(artifact: Artifact, location: Exclude<ReturnType<typeof classifyLocation>, { kind: 'local' }>): { integrity: IntegrityFact; subject: ProvenanceSubject } {
  if (location.kind === 'remote') {
    const [algorithm, digest] = artifact.content_hash === null ? [] : artifact.content_hash.split(':');
    // A remote artifact's only digest is the one declared: provenance binds to it, by its algorithm.
    const named = (wanted: HashAlgorithm): string | null => (algorithm === wanted ? (digest ?? null) : null);
    return { integrity: neverFetched(location.scheme), subject: { sha256: named('sha256'), sha512: named('sha512') } };
  }
  return { integrity: { status: 'unreadable', code: 'UNSAFE_PATH', reason: `path ${location.reason}` }, subject: { sha256: null, unavailable: `path_or_uri ${location.reason}` } };
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
