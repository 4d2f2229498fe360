/**
 * DSSE envelopes (Dead Simple Signing Envelope, as in-toto attestations use them): strict
 * parsing and offline signature verification against the PEM public keys a policy trusts.
 * Nothing here touches the network or the file system.
 */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ErrorCode } from '../errors.js';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * More signatures than any real signer set needs. The bound keeps the work per envelope at
 * `signatures × trusted keys` verifications, whatever an attacker writes into the file.
 */
export const MAX_DSSE_SIGNATURES = 16;

export interface DsseSignature {
  /** The signer's hint; never trusted, every trusted key is tried on every signature. */
  keyid: string | null;
  /** Decoded signature bytes; null when `sig` is not base64, so it can never verify. */
  sig: Buffer | null;
  /**
   * A PEM certificate carried next to the signature, as slsa-github-generator v1 writes its
   * `.intoto.jsonl`; null when absent. It says who claims to have signed, and the signature
   * must verify with its key, but nothing in the envelope says the certificate is genuine.
   */
  cert: string | null;
}

export interface DsseEnvelope {
  payloadType: string;
  payload: Buffer;
  signatures: DsseSignature[];
}

export type EnvelopeParse = { ok: true; envelope: DsseEnvelope } | { ok: false; reason: string };

/** A public key from `policy.trusted_keys`, parsed once, with the way DSSE signatures over it are checked. */
export interface TrustedKey {
  path: string;
  key: KeyObject;
  verifies(data: Buffer, signature: Buffer): boolean;
}

/** The trust material in the policy is unusable (a PEM that is not a public key, a trusted root that does not parse). */
export class TrustMaterialError extends Error {
  override readonly name = 'TrustMaterialError';
  readonly code: ErrorCode = ErrorCode.InvalidValue;
}

// Standard and URL-safe alphabets both occur in the wild (the DSSE spec accepts either),
// padding optional. Buffer.from(…, 'base64') alone would skip junk characters silently.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes strict base64 (standard or URL-safe); null for anything else, including a lone leftover character. */
export function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
}

/**
 * The DSSE pre-authentication encoding: what a signer actually signs. Lengths are byte counts,
 * so a payload type with non-ASCII characters cannot shift the boundaries.
 */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/**
 * Reads a parsed DSSE envelope. Promises: the payload type is in-toto, the payload is decoded
 * from strict base64, and at most {@link MAX_DSSE_SIGNATURES} signatures are kept; any other
 * shape yields a short reason instead of a throw.
 */
export function parseDsseEnvelope(value: Record<string, unknown>): EnvelopeParse {
  const payloadType = ownField(value, 'payloadType');
  if (typeof payloadType !== 'string') return { ok: false, reason: 'DSSE envelope has no payloadType' };
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return { ok: false, reason: `payloadType ${quoteEvidenceValue(payloadType)} is not in-toto` };
  const encoded = ownField(value, 'payload');
  const payload = typeof encoded === 'string' ? decodeBase64(encoded) : null;
  if (payload === null || payload.length === 0) return { ok: false, reason: 'undecodable DSSE payload' };

  const rawSignatures = ownField(value, 'signatures') ?? [];
  if (!Array.isArray(rawSignatures)) return { ok: false, reason: 'DSSE signatures is not a list' };
  if (rawSignatures.length > MAX_DSSE_SIGNATURES) {
    return { ok: false, reason: `too many DSSE signatures (${rawSignatures.length}, at most ${MAX_DSSE_SIGNATURES})` };
  }
  const signatures: DsseSignature[] = [];
  for (const entry of rawSignatures as unknown[]) {
    if (!isRecord(entry)) return { ok: false, reason: 'DSSE signature is not an object' };
    const keyid = ownField(entry, 'keyid');
    const sig = ownField(entry, 'sig');
    const cert = ownField(entry, 'cert');
    signatures.push({
      keyid: typeof keyid === 'string' && keyid !== '' ? keyid : null,
      sig: typeof sig === 'string' && sig !== '' ? decodeBase64(sig) : null,
      cert: typeof cert === 'string' && cert.trim() !== '' ? cert : null,
    });
  }
  return { ok: true, envelope: { payloadType, payload, signatures } };
}

/**
 * The path of the first trusted key that verifies one of the envelope's signatures over its
 * PAE, or null when none does. Every key is tried on every signature: `keyid` is chosen by the
 * signer, so it can only ever be a hint.
 */
export function findVerifyingKey(envelope: DsseEnvelope, keys: readonly TrustedKey[]): string | null {
  const signed = preAuthEncoding(envelope.payloadType, envelope.payload);
  for (const signature of envelope.signatures) {
    if (signature.sig === null) continue;
    for (const key of keys) {
      if (key.verifies(signed, signature.sig)) return key.path;
    }
  }
  return null;
}

/**
 * Parses the policy's PEM public keys. Supports ECDSA P-256/P-384/P-521 (SHA-256/384/512,
 * DER signatures), Ed25519, and RSA (PKCS#1 v1.5 or PSS, SHA-256). Throws
 * {@link TrustMaterialError} naming the file for anything else: a key the gate cannot use must
 * stop the run, not quietly make every signature "untrusted".
 */
export function parseTrustedKeys(keys: readonly { path: string; pem: string }[]): TrustedKey[] {
  return keys.map(({ path, pem }) => {
    // createPublicKey would happily derive a public key from a private one; a private key in
    // the repository is a leak to report, not a key to use.
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new TrustMaterialError(`${path}: is a private key; commit only the public key`);
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (error) {
      throw new TrustMaterialError(`${path}: not a PEM public key (${(error as Error).message})`);
    }
    return { path, key, verifies: verifierForKey(path, key) };
  });
}

export type SignatureCheck = (data: Buffer, signature: Buffer) => boolean;

const EC_DIGEST: Record<string, string> = { 'prime256v1': 'sha256', 'secp384r1': 'sha384', 'secp521r1': 'sha512' };

/**
 * How a DSSE signature by `key` is checked. Throws {@link TrustMaterialError} naming `path` for
 * a key type, curve or size the gate does not accept.
 */
export function verifierForKey(path: string, key: KeyObject): SignatureCheck {
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
      const digest = EC_DIGEST[curve];
      if (digest === undefined) throw new TrustMaterialError(`${path}: ECDSA curve ${curve} is not supported (use P-256, P-384 or P-521)`);
      return (data, signature) => safely(() => verify(digest, data, { key, dsaEncoding: 'der' }, signature));
    }
    case 'ed25519':
      return (data, signature) => safely(() => verify(null, data, key, signature));
    case 'rsa':
    case 'rsa-pss':
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new TrustMaterialError(`${path}: RSA keys shorter than 2048 bits are not accepted`);
      if (key.asymmetricKeyType === 'rsa-pss') {
        // An RSA-PSS key may pin its digest and minimum salt length; verification must use them.
        const digest = key.asymmetricKeyDetails?.hashAlgorithm ?? 'sha256';
        return (data, signature) => safely(() => verify(digest, data, pssOptions(key), signature));
      }
      // Signers differ on padding and the signature does not say which was used: try both.
      return (data, signature) =>
        safely(() => verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)) ||
        safely(() => verify('sha256', data, pssOptions(key), signature));
    default:
      throw new TrustMaterialError(`${path}: ${key.asymmetricKeyType ?? 'unknown'} keys are not supported (use ECDSA, Ed25519 or RSA)`);
  }
}

function pssOptions(key: KeyObject) {
  return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: key.asymmetricKeyDetails?.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO };
}

// A malformed signature (bad DER, wrong length) makes node:crypto throw rather than return false.
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own data only: a key named `constructor` or `toString` in attacker JSON must not reach the prototype. */
export function ownField(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A value from the evidence file, shortened and stripped of control characters, for a reason string. */
export function quoteEvidenceValue(text: string, max = 80): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return `'${clean.length > max ? `${clean.slice(0, max)}…` : clean}'`;
}
