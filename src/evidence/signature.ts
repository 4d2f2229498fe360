/**
 * What the signature on a provenance statement is worth, decided once for DSSE envelopes and
 * Sigstore bundles:
 *
 * - `bad` (the evidence fails, whatever `require_signatures` says): a signature does not verify
 *   with the certificate the file carries (checked with or without trust anchors, for every
 *   bundle version and DSSE alike), or not with the trust the policy configures. A signature that
 *   is present and wrong is evidence of tampering, never something to shrug off.
 * - `unverifiable` ("signed, not verified"; fails under `require_signatures`): the signature
 *   matches its own certificate, or names a key, but nothing the policy trusts vouches for it.
 *   Its reason says what the policy would need, never a remedy that cannot work.
 * - `verified`: it verifies with a trusted key, or a Sigstore bundle verifies with the trusted
 *   root and its signer is one the policy allows.
 */
import { checkBundleCertificate, checkEmbeddedCertificates } from './certificate.js';
import { findVerifyingKey, quoteEvidenceValue, type DsseEnvelope, type TrustedKey } from './dsse.js';
import { loadTrustedRoot, verifySigstoreBundle, type DsseBundle } from './sigstore.js';
import { clip, type ProvenanceDetails } from './statement.js';
import type { SignatureTrust } from './types.js';

export type SignatureStatus =
  | { kind: 'unsigned' }
  | { kind: 'verified'; description: string }
  | { kind: 'unverifiable'; why: string }
  | { kind: 'bad'; why: string };

export interface TrustContext {
  trust: SignatureTrust;
  keys: readonly TrustedKey[];
}

/** What the policy needs to verify a Sigstore bundle; said wherever a bundle could not be verified for want of it. */
const HOW_TO_VERIFY_BUNDLES = 'set sigstore_trusted_root (the trusted root of the Sigstore instance that signed it) and sigstore_identities in the policy to verify it';

/** A DSSE envelope given on its own (or as one JSON line). */
export function envelopeSignatureStatus(envelope: DsseEnvelope, context: TrustContext, details: ProvenanceDetails): SignatureStatus {
  if (envelope.signatures.length === 0) return { kind: 'unsigned' };
  const own = checkEmbeddedCertificates(envelope);
  if (own.kind === 'bad') return { kind: 'bad', why: `${own.why}; use the file exactly as the builder wrote it` };
  if (own.kind === 'matches') {
    details.signer_identity = clip(own.signer);
    // A key in trusted_keys may have signed it beside the certificate; otherwise no key can:
    // a Fulcio certificate's key is made for one signature and thrown away.
    const trustedPath = context.keys.length > 0 ? findVerifyingKey(envelope, context.keys) : null;
    if (trustedPath !== null) return { kind: 'verified', description: `verified with ${trustedPath}` };
    // slsa-github-generator v1: a Fulcio certificate in the signature and no log entry, so no
    // trusted root can vouch for it offline, and trusted_keys never could.
    const signer = own.signer === null ? '' : ` (${clip(own.signer)})`;
    return {
      kind: 'unverifiable',
      why:
        `the signature matches the certificate it carries${signer}, but nothing can vouch for that certificate offline: the envelope has no transparency-log entry, ` +
        'and trusted_keys cannot name a one-time Fulcio key; to verify it, have the builder write a Sigstore bundle (slsa-github-generator 2.1 or later, actions/attest-build-provenance) and set sigstore_trusted_root and sigstore_identities',
    };
  }
  if (context.keys.length > 0) return withTrustedKeys(envelope, context.keys, '');
  // With no key to try, a signature that is not even base64 can only be a broken or forged one.
  if (envelope.signatures.some((signature) => signature.sig === null)) return { kind: 'bad', why: 'a DSSE signature is empty or not base64: the envelope is damaged; use the file exactly as the builder wrote it' };
  const keyid = envelope.signatures.find((signature) => signature.keyid !== null)?.keyid;
  return { kind: 'unverifiable', why: `signed by a key${keyid ? ` (keyid ${quoteEvidenceValue(keyid, 40)})` : ''} that the policy does not name: add the signer's public key (PEM) to trusted_keys to verify it` };
}

/** A Sigstore bundle whose content is a DSSE envelope (already parsed from the same JSON). */
export function bundleSignatureStatus(bundle: DsseBundle, envelope: DsseEnvelope, context: TrustContext, details: ProvenanceDetails): SignatureStatus {
  if (bundle.material === 'public-key' || bundle.certificate === null) {
    // Only a hint names the key; the key itself must come from the policy.
    if (context.keys.length === 0) {
      return { kind: 'unverifiable', why: "the bundle names its signing key by a hint only, and the policy's trusted_keys is empty: add the signer's public key (PEM) to trusted_keys to verify it" };
    }
    return withTrustedKeys(envelope, context.keys, ' (transparency log not checked)');
  }
  if (context.trust.trustedRoot === undefined) {
    // Without a root, the bundle's own certificate still tells a signature from a forgery.
    const own = checkBundleCertificate(envelope, bundle.certificate);
    if (own.kind === 'bad') return { kind: 'bad', why: `${own.why}; use the bundle exactly as it was signed` };
    details.signer_identity = clip(own.kind === 'matches' ? own.signer : null);
    return { kind: 'unverifiable', why: `the signature matches the bundle's own certificate, but the policy names no sigstore_trusted_root to say who issued it: ${HOW_TO_VERIFY_BUNDLES}` };
  }
  // The library checks the same signature, and the chain and log entry with it.
  const result = verifySigstoreBundle(bundle, loadTrustedRoot(context.trust.trustedRoot));
  if (!result.verified) {
    return {
      kind: 'bad',
      why: `signature does not verify with the Sigstore trusted root (${result.reason}): the bundle was changed after signing, or was signed by another Sigstore instance (public-good, or GitHub's for private repositories); use the trusted root of the instance that signed it`,
    };
  }
  details.signer_identity = clip(result.signer);
  details.signer_issuer = clip(result.issuer);
  // A valid chain only proves that *someone* signed; the policy says who may.
  if (!signerAllowed(result.signer, result.issuer, context.trust.identities)) {
    return {
      kind: 'bad',
      why: `signed by ${clip(result.signer) ?? 'an unknown identity'} (issuer ${clip(result.issuer) ?? 'unknown'}), which is not in policy.sigstore_identities: add that identity if it may sign releases, or use provenance from an allowed workflow`,
    };
  }
  return { kind: 'verified', description: `verified with the Sigstore trusted root${result.signer ? `, signer ${clip(result.signer)}` : ''}` };
}

function withTrustedKeys(envelope: DsseEnvelope, keys: readonly TrustedKey[], note: string): SignatureStatus {
  const path = findVerifyingKey(envelope, keys);
  if (path === null) {
    const listed = keys.slice(0, 3).map((key) => key.path).join(', ') + (keys.length > 3 ? `, and ${keys.length - 3} more` : '');
    return {
      kind: 'bad',
      why: `signature does not verify with any of the policy's trusted_keys (${listed}): it was signed by another key, or changed after signing; sign with a trusted key, or add the signer's public key to trusted_keys`,
    };
  }
  return { kind: 'verified', description: `verified with ${path}${note}` };
}

/** True when the certificate's identity and issuer match one of the identities the policy allows. */
function signerAllowed(signer: string | null, issuer: string | null, identities: SignatureTrust['identities']): boolean {
  if (signer === null || issuer === null) return false;
  return identities.some(
    (identity) =>
      identity.issuer === issuer && (identity.subject !== undefined ? identity.subject === signer : identity.subject_prefix !== undefined && signer.startsWith(identity.subject_prefix)),
  );
}
