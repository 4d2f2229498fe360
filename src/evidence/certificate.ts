/**
 * Signatures checked against the certificate that the evidence itself carries: the leaf of a
 * Sigstore bundle, or the `cert` that slsa-github-generator v1 writes next to each DSSE
 * signature. Needing no trust anchor, this check runs whatever the policy names, so that a
 * payload changed after signing is caught even when the policy trusts nobody.
 *
 * A match proves only that the bytes are the ones the certificate's key signed; who holds that
 * key is for the trust anchors to say. So a match is never "verified" on its own.
 */
import { X509Certificate } from 'node:crypto';
import { preAuthEncoding, TrustMaterialError, verifierForKey, type DsseEnvelope } from './dsse.js';

export type OwnCertificateCheck =
  /** No signature carries a certificate: nothing to check here. */
  | { kind: 'none' }
  /** Every signature that carries a certificate verifies with it; `signer` is the first one's identity. */
  | { kind: 'matches'; signer: string | null }
  | { kind: 'bad'; why: string };

/** Each DSSE signature that carries a `cert` must verify with that certificate's key. */
export function checkEmbeddedCertificates(envelope: DsseEnvelope): OwnCertificateCheck {
  const carrying = envelope.signatures.filter((signature) => signature.cert !== null);
  if (carrying.length === 0) return { kind: 'none' };
  let signer: string | null = null;
  for (const [index, signature] of carrying.entries()) {
    const check = verifyWith(envelope, signature.sig, signature.cert as string, 'the certificate it carries');
    if (check.kind === 'bad') return carrying.length > 1 ? { kind: 'bad', why: `signature ${index + 1}: ${check.why}` } : check;
    if (index === 0 && check.kind === 'matches') signer = check.signer;
  }
  return { kind: 'matches', signer };
}

/**
 * Every DSSE signature of a Sigstore bundle must verify with the bundle's own leaf certificate
 * (DER). A bundle without a signature has nothing to verify and fails.
 */
export function checkBundleCertificate(envelope: DsseEnvelope, certificate: Buffer): OwnCertificateCheck {
  if (envelope.signatures.length === 0) return { kind: 'bad', why: 'Sigstore bundle has no DSSE signature' };
  let signer: string | null = null;
  for (const signature of envelope.signatures) {
    const check = verifyWith(envelope, signature.sig, certificate, "the bundle's own certificate");
    if (check.kind === 'bad') return check;
    if (check.kind === 'matches') signer ??= check.signer;
  }
  return { kind: 'matches', signer };
}

function verifyWith(envelope: DsseEnvelope, sig: Buffer | null, certificate: Buffer | string, which: string): OwnCertificateCheck {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(certificate);
  } catch {
    return { kind: 'bad', why: `${which} is not an X.509 certificate` };
  }
  // A signature that cannot be checked against the key that claims it is treated as one that
  // fails: the alternative would let an unusual key type carry a tampered payload through.
  let verifies: (data: Buffer, signature: Buffer) => boolean;
  try {
    verifies = verifierForKey(which, parsed.publicKey);
  } catch (error) {
    if (!(error instanceof TrustMaterialError)) throw error;
    return { kind: 'bad', why: `signature cannot be checked with ${which} (${error.message.slice(which.length + 2)})` };
  }
  if (sig === null) return { kind: 'bad', why: 'signature is not base64' };
  if (!verifies(preAuthEncoding(envelope.payloadType, envelope.payload), sig)) {
    return { kind: 'bad', why: `signature does not verify with ${which} (payload or signature changed after signing)` };
  }
  return { kind: 'matches', signer: subjectAlternativeName(parsed) };
}

/** The first SAN entry (a workflow URI or an e-mail address), without its `URI:` / `email:` tag. */
function subjectAlternativeName(certificate: X509Certificate): string | null {
  const names = certificate.subjectAltName;
  if (names === undefined || names === '') return null;
  const first = /^(?:URI|email|DNS):("(?:[^"\\]|\\.)*"|[^,]*)/.exec(names)?.[1];
  if (first === undefined) return null;
  return first.startsWith('"') ? first.slice(1, -1).replace(/\\(.)/g, '$1') : first;
}
