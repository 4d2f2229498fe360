/**
 * What the signature on a provenance statement is worth, decided once for DSSE envelopes and
 * Sigstore bundles:
 *
 * - `bad` (the evidence fails, whatever `require_signatures` says): a signature does not verify
 *   with the certificate the file carries, or not with the trust the policy configures. A
 *   signature that is present and wrong is evidence of tampering, never something to shrug off.
 * - `unverifiable` ("signed, not verified"; fails under `require_signatures`): the signature
 *   matches its own certificate, or names a key, but nothing the policy trusts vouches for it.
 * - `verified`: it verifies with a trusted key, or a Sigstore bundle verifies with the trusted
 *   root and its signer is one the policy allows.
 */
import { checkBundleCertificate, checkEmbeddedCertificates } from './certificate.js';
import { findVerifyingKey, type DsseEnvelope, type TrustedKey } from './dsse.js';
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

/** A DSSE envelope given on its own (or as one JSON line). */
export function envelopeSignatureStatus(envelope: DsseEnvelope, context: TrustContext, details: ProvenanceDetails): SignatureStatus {
  if (envelope.signatures.length === 0) return { kind: 'unsigned' };
  const own = checkEmbeddedCertificates(envelope);
  if (own.kind === 'bad') return own;
  if (own.kind === 'matches') details.signer_identity = clip(own.signer);
  if (context.keys.length > 0) return withTrustedKeys(envelope, context.keys, '');
  // With no key to try, a signature that is not even base64 can only be a broken or forged one.
  if (envelope.signatures.some((signature) => signature.sig === null)) return { kind: 'bad', why: 'a DSSE signature is empty or not base64' };
  if (own.kind === 'matches') {
    // slsa-github-generator v1: a Fulcio certificate in the signature and no log entry, so no
    // trusted root can vouch for it offline; saying "no trusted_keys" would send users astray.
    return {
      kind: 'unverifiable',
      why: `signature matches the certificate it carries${own.signer === null ? '' : ` (${clip(own.signer)})`}, which cannot be checked offline: the envelope has no transparency-log entry; use a Sigstore bundle`,
    };
  }
  return { kind: 'unverifiable', why: 'no trusted_keys in policy' };
}

/** A Sigstore bundle whose content is a DSSE envelope (already parsed from the same JSON). */
export function bundleSignatureStatus(bundle: DsseBundle, envelope: DsseEnvelope, context: TrustContext, details: ProvenanceDetails): SignatureStatus {
  if (bundle.material === 'public-key' || bundle.certificate === null) {
    // Only a hint names the key; the key itself must come from the policy.
    if (context.keys.length === 0) return { kind: 'unverifiable', why: 'bundle names a public key by hint only, and there are no trusted_keys in policy' };
    return withTrustedKeys(envelope, context.keys, ' (transparency log not checked)');
  }
  if (context.trust.trustedRoot === undefined) {
    // Without a root, the bundle's own certificate still tells a signature from a forgery.
    const own = checkBundleCertificate(envelope, bundle.certificate);
    if (own.kind === 'bad') return own;
    details.signer_identity = clip(own.kind === 'matches' ? own.signer : null);
    return { kind: 'unverifiable', why: "no sigstore_trusted_root in policy; the signature matches the bundle's own certificate, but nothing says who issued it" };
  }
  // The library checks the same signature, and the chain and log entry with it.
  const result = verifySigstoreBundle(bundle, loadTrustedRoot(context.trust.trustedRoot));
  if (!result.verified) return { kind: 'bad', why: `signature does not verify with the Sigstore trusted root (${result.reason})` };
  details.signer_identity = clip(result.signer);
  details.signer_issuer = clip(result.issuer);
  // A valid chain only proves that *someone* signed; the policy says who may.
  if (!signerAllowed(result.signer, result.issuer, context.trust.identities)) {
    return { kind: 'bad', why: `signed by ${clip(result.signer) ?? 'an unknown identity'} (issuer ${clip(result.issuer) ?? 'unknown'}), which is not in policy.sigstore_identities` };
  }
  return { kind: 'verified', description: `verified with the Sigstore trusted root${result.signer ? `, signer ${clip(result.signer)}` : ''}` };
}

function withTrustedKeys(envelope: DsseEnvelope, keys: readonly TrustedKey[], note: string): SignatureStatus {
  const path = findVerifyingKey(envelope, keys);
  if (path === null) return { kind: 'bad', why: 'signature does not verify with any trusted key' };
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
