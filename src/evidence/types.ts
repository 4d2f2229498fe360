/**
 * The contract between the evidence verifiers (SBOM, provenance, risk assessment) and the rest
 * of the gate. A verifier gets the bytes of one file, read once from one descriptor, and says
 * whether they prove the flag, why not, and what it found along the way.
 */
import type { ConfinedRead } from '../files/read.js';

/** An evidence file as read (by files/read.ts): confined to the workspace, bounded, hashed while read. */
export type EvidenceFile = ConfinedRead;

export interface EvidenceCheck {
  verified: boolean;
  /** One short phrase a reviewer can act on: "not CycloneDX or SPDX", "subject digest differs"… */
  reason: string;
  /** What the verifier found (format, spec version, builder id…), shown in the reports. */
  details: Record<string, unknown>;
}

/** Offline trust for provenance signatures, loaded once per run from files named in the policy. */
export interface SignatureTrust {
  /** PEM public keys (`policy.trusted_keys`), each with the path it came from. */
  keys: readonly { path: string; pem: string }[];
  /** Contents of a Sigstore trusted-root JSON (`policy.sigstore_trusted_root`), when given. */
  trustedRoot?: unknown;
  /** `policy.sigstore_identities`: who may sign Sigstore bundles (certificate SAN and OIDC issuer). */
  identities: readonly { issuer: string; subject?: string | undefined; subject_prefix?: string | undefined }[];
  /** `policy.require_signatures`: an unsigned or unverifiable statement fails. */
  requireSignatures: boolean;
}

/**
 * The artifact a provenance statement must name as its subject. A subject entry binds by its
 * sha256; one that names no sha256 binds by its sha512 (npm provenance names packages by sha512
 * only).
 */
export interface ProvenanceSubject {
  /**
   * Lowercase hex sha256 of the artifact: hashed by the gate when `path_or_uri` is local, from
   * its content_hash only for a remote URI; null when unknown.
   */
  sha256: string | null;
  /** Lowercase hex sha512 of the artifact, found the same way (hashed in the same read); null or absent when unknown. */
  sha512?: string | null;
  /** Why a local artifact has no digest (missing, unreadable, outside the workspace); set only with `sha256: null`. */
  unavailable?: string;
}
