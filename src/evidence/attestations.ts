/**
 * GitHub artifact attestations as evidence (SPEC §5a): the Sigstore bundles GitHub holds for an
 * artifact's sha256, each verified offline as `gh attestation verify` does (signature,
 * certificate chain at the log's or TSA's time, transparency-log inclusion, signed timestamps),
 * its signer matched against `sigstore_identities` (by default a workflow of the repository the
 * gate runs for) and its statement's subject against the artifact. A verified SLSA provenance
 * statement backs `slsa_provenance_present`; a verified CycloneDX or SPDX predicate backs
 * `sbom_present`, checked by the same SBOM verifier as a local file. No network here: the
 * bundles and trusted roots come through {@link AttestationSource}, which deliver/ implements.
 */
import { createHash } from 'node:crypto';
import type { TrustMaterial } from '@sigstore/verify';
import { AttestationReadError } from '../errors.js';
import type { EvidenceFact } from '../gate/types.js';
import type { ComplianceFlag, Policy } from '../model/schema.js';
import { IN_TOTO_PAYLOAD_TYPE, isRecord, ownField } from './dsse.js';
import { checkStatement, clip, decodePayload, emptyDetails } from './statement.js';
import type { ProvenanceSubject, SignatureTrust } from './types.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** Bundles judged per artifact: GitHub keeps one per attest step, so a few dozen is already a lot. */
export const MAX_ATTESTATIONS = 64;

/** What the attestations endpoint said for one digest. */
export type AttestationFetch =
  | { kind: 'found'; bundles: unknown[] }
  /** 404, or an empty list: GitHub holds no attestation for these bytes. */
  | { kind: 'none'; reason: string }
  /** 401/403: the token may not read attestations (the reason says which permission). */
  | { kind: 'forbidden'; reason: string }
  /** 5xx, a timeout, an unreachable API, or an answer that is not the API's. */
  | { kind: 'unavailable'; reason: string };

/** Where attestations and the trust roots to judge them come from; implemented in deliver/. */
export interface AttestationSource {
  /** `owner/name` whose attestations are read: the default signer is one of its workflows. */
  repository: string;
  fetchAttestations(sha256: string): Promise<AttestationFetch>;
  /**
   * The trusted roots when the policy names none (Sigstore's public-good and GitHub's, through
   * TUF). Throws {@link AttestationTrustError} when none can be had.
   */
  defaultTrustedRoots(): Promise<unknown[]>;
  /** Told of a failure that costs no verdict (the policy does not require evidence). */
  warn(message: string): void;
}

/** The trusted roots could not be obtained: like an API failure, never a pass. */
export class AttestationTrustError extends Error {
  override readonly name = 'AttestationTrustError';
}

export const SBOM_PREDICATE_TYPES: readonly RegExp[] = [/^https:\/\/cyclonedx\.org\/bom(\/v1\.\d+)?$/, /^https:\/\/spdx\.dev\/Document(\/v\d+\.\d+)?$/];

type Backing = 'slsa_provenance_present' | 'sbom_present';

interface VerifiedAttestation {
  flag: Backing;
  details: Record<string, unknown>;
  sha256: string;
}

/** The identities allowed to sign: the policy's, or a workflow of `repository` on GitHub Actions. */
export function attestationIdentities(trust: SignatureTrust, repository: string): SignatureTrust['identities'] {
  if (trust.identities.length > 0) return trust.identities;
  return [{ issuer: GITHUB_ACTIONS_ISSUER, subject_prefix: `https://github.com/${repository}/.github/workflows/` }];
}

/**
 * Judges every bundle for one artifact digest. Returns, for each flag an attestation can back,
 * the verified fact, or an `absent` fact saying why none did (a rejected bundle never fails the
 * artifact: anyone who may write attestations could otherwise block a release with junk).
 */
export async function judgeAttestations(
  bundles: readonly unknown[],
  sha256: string,
  roots: readonly TrustMaterial[],
  identities: SignatureTrust['identities'],
  where: string,
): Promise<Record<Backing, EvidenceFact>> {
  const found: Partial<Record<Backing, VerifiedAttestation>> = {};
  const rejected: string[] = [];
  for (const [index, bundle] of bundles.slice(0, MAX_ATTESTATIONS).entries()) {
    const result = await judgeBundle(bundle, sha256, roots, identities);
    if ('reason' in result) rejected.push(`#${index + 1}: ${result.reason}`);
    else found[result.flag] ??= result;
  }
  const why = (flag: Backing): string => {
    const wanted = flag === 'sbom_present' ? 'SBOM' : 'SLSA provenance';
    const tail = rejected.length > 0 ? `; rejected ${rejected.slice(0, 3).join('; ')}${rejected.length > 3 ? ` (and ${rejected.length - 3} more)` : ''}` : '';
    return `no verified ${wanted} attestation among ${bundles.length} GitHub attestation${bundles.length === 1 ? '' : 's'} for sha256:${sha256}${tail}`;
  };
  const fact = (flag: Backing): EvidenceFact => {
    const hit = found[flag];
    if (hit === undefined) return { status: 'absent', reason: why(flag) };
    return { status: 'verified', path: where, sha256: hit.sha256, reason: `GitHub attestation verified (${String(hit.details.signer_identity)})`, details: hit.details };
  };
  return { slsa_provenance_present: fact('slsa_provenance_present'), sbom_present: fact('sbom_present') };
}

async function judgeBundle(
  json: unknown,
  sha256: string,
  roots: readonly TrustMaterial[],
  identities: SignatureTrust['identities'],
): Promise<VerifiedAttestation | { reason: string }> {
  if (typeof json === 'string') return { reason: json };
  if (!isRecord(json)) return { reason: 'not a Sigstore bundle (not a JSON object)' };
  // Loaded on first use, as facts.ts loads its verifiers: the Sigstore libraries are most of the bundle.
  const { parseSigstoreBundle, verifySigstoreBundle } = await import('./sigstore.js');
  const parsed = parseSigstoreBundle(json);
  if (!parsed.ok) return { reason: parsed.reason };
  if (parsed.value.material !== 'certificate') return { reason: 'bundle names a public key, not a Fulcio certificate' };
  const content = parsed.value.bundle.content;
  if (content.$case !== 'dsseEnvelope') return { reason: 'bundle holds no DSSE envelope' };
  let failure = 'no trusted root';
  let signer: { signer: string | null; issuer: string | null } | undefined;
  for (const root of roots) {
    // GitHub's instance logs nothing: its bundles prove their time with a signed RFC 3161
    // timestamp instead, as `gh attestation verify` requires of them.
    const result = verifySigstoreBundle(parsed.value, root, root.tlogs.length === 0 ? { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 } : undefined);
    if (result.verified) {
      signer = result;
      break;
    }
    failure = result.reason;
  }
  if (signer === undefined) return { reason: `signature not verified: ${clip(failure, 200)}` };
  if (!identities.some((identity) => signerMatches(identity, signer))) {
    return { reason: `signed by ${clip(signer.signer) ?? 'an unknown identity'} (issuer ${clip(signer.issuer) ?? 'unknown'}), which is not an allowed signer` };
  }
  const envelope = content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { reason: `payload type ${clip(envelope.payloadType, 60)} is not an in-toto statement` };
  const statement = decodePayload(Buffer.from(envelope.payload));
  if (!statement.ok) return { reason: statement.reason };
  const predicateType = isRecord(statement.value) ? ownField(statement.value, 'predicateType') : undefined;
  const details = {
    source: 'github-attestation',
    signer_identity: clip(signer.signer),
    signer_issuer: clip(signer.issuer),
    predicate_type: typeof predicateType === 'string' ? clip(predicateType) : null,
  };
  const digest = createHash('sha256').update(JSON.stringify(json)).digest('hex');
  if (typeof predicateType === 'string' && SBOM_PREDICATE_TYPES.some((pattern) => pattern.test(predicateType))) {
    const subjectProblem = subjectNames(statement.value, sha256);
    if (subjectProblem !== null) return { reason: subjectProblem };
    const predicate = Buffer.from(JSON.stringify(ownField(statement.value as Record<string, unknown>, 'predicate') ?? null));
    const sbom = (await import('./sbom.js')).verifySbom({ path: 'attestation predicate', sha256: createHash('sha256').update(predicate).digest('hex'), size: predicate.length, bytes: predicate });
    if (!sbom.verified) return { reason: `SBOM predicate: ${sbom.reason}` };
    return { flag: 'sbom_present', sha256: digest, details: { ...details, ...sbom.details } };
  }
  const provenance = emptyDetails('sigstore-bundle');
  const problem = checkStatement(statement.value, { sha256 }, provenance);
  if (problem !== null) return { reason: problem };
  return {
    flag: 'slsa_provenance_present',
    sha256: digest,
    details: { ...details, builder_id: provenance.builder_id, source_repository: provenance.source_repository, source_commit: provenance.source_commit, signature_verified: true },
  };
}

/** Null when an in-toto statement's subjects name `sha256`, else why not. */
function subjectNames(statement: unknown, sha256: string): string | null {
  const subjects = isRecord(statement) ? ownField(statement, 'subject') : undefined;
  if (!Array.isArray(subjects) || subjects.length === 0) return 'no subject';
  const named = subjects.some((entry) => isRecord(entry) && isRecord(entry.digest) && typeof entry.digest.sha256 === 'string' && entry.digest.sha256.toLowerCase() === sha256);
  return named ? null : `no subject has sha256 ${sha256}`;
}

function signerMatches(identity: SignatureTrust['identities'][number], signer: { signer: string | null; issuer: string | null }): boolean {
  if (signer.signer === null || identity.issuer !== signer.issuer) return false;
  if (identity.subject !== undefined) return identity.subject === signer.signer;
  return identity.subject_prefix !== undefined && signer.signer.startsWith(identity.subject_prefix);
}

/** The policy's trusted root when it names one, else the source's defaults, as trust material. */
export async function attestationRoots(trust: SignatureTrust, source: AttestationSource): Promise<TrustMaterial[]> {
  const { loadTrustedRoot } = await import('./sigstore.js');
  if (trust.trustedRoot !== undefined) return [loadTrustedRoot(trust.trustedRoot)];
  return (await source.defaultTrustedRoots()).map((root) => loadTrustedRoot(root));
}

export type AttestationStep = (evidence: Record<ComplianceFlag, EvidenceFact>, subject: ProvenanceSubject) => Promise<void>;

/**
 * With `github_attestations` on, the step that fills each flag an attestation can back and no
 * local evidence file backs. An API failure or a missing trusted root throws
 * {@link AttestationReadError} when the policy requires evidence; otherwise it is a warning and
 * the flags stay unbacked. Never a pass.
 */
export function attestationStep(policy: Policy, trust: SignatureTrust, source: AttestationSource | undefined): AttestationStep | undefined {
  if (!policy.github_attestations) return undefined;
  let roots: Promise<TrustMaterial[]> | undefined;
  return async (evidence, subject) => {
    const open = (['slsa_provenance_present', 'sbom_present'] as const).filter((flag) => evidence[flag].status === 'absent');
    if (open.length === 0) return;
    const leave = (reason: string): void => {
      for (const flag of open) evidence[flag] = { status: 'absent', reason };
    };
    if (source === undefined) return leave('GitHub attestations are not read here: run the gate as the Action (input attestations) or the CLI with --attestations');
    if (subject.sha256 === null) return leave(`no sha256 to look GitHub attestations up by${subject.unavailable === undefined ? '' : ` (${subject.unavailable})`}`);
    const sha256 = subject.sha256.toLowerCase();
    const failed = (code: 'ATTESTATIONS_FORBIDDEN' | 'ATTESTATIONS_UNAVAILABLE', reason: string): void => {
      if (policy.require_evidence) throw new AttestationReadError(code, reason);
      source.warn(`GitHub attestations not checked: ${reason}`);
      leave(`GitHub attestations not checked: ${reason}`);
    };
    const fetched = await source.fetchAttestations(sha256);
    if (fetched.kind === 'none') return leave(`${fetched.reason}: attest the artifact in the workflow that builds it (actions/attest-build-provenance, actions/attest-sbom)`);
    if (fetched.kind !== 'found') return failed(fetched.kind === 'forbidden' ? 'ATTESTATIONS_FORBIDDEN' : 'ATTESTATIONS_UNAVAILABLE', fetched.reason);
    let material: TrustMaterial[];
    try {
      material = await (roots ??= attestationRoots(trust, source));
    } catch (error) {
      if (!(error instanceof AttestationTrustError)) throw error;
      return failed('ATTESTATIONS_UNAVAILABLE', error.message);
    }
    const judged = await judgeAttestations(fetched.bundles, sha256, material, attestationIdentities(trust, source.repository), `github-attestations:${source.repository}@sha256:${sha256}`);
    for (const flag of open) evidence[flag] = judged[flag];
  };
}
