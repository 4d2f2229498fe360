/**
 * HOSTILE row 45: a signed statement whose payload was changed after signing fails, even when
 * the policy names no trust anchor, because the signature is checked against the certificate
 * the file carries. Real signed files are tampered here the way an attacker would: take a
 * genuine provenance, point its subject at other bytes, re-encode the payload, keep the
 * signature.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBundleCertificate, checkEmbeddedCertificates } from '../../src/evidence/certificate.js';
import { parseDsseEnvelope } from '../../src/evidence/dsse.js';
import { verifyProvenance } from '../../src/evidence/provenance.js';
import { parseSigstoreBundle } from '../../src/evidence/sigstore.js';
import type { EvidenceFile, SignatureTrust } from '../../src/evidence/types.js';
import { ARTIFACT_SHA256, signEnvelope, statementV1, testKey } from '../helpers/signing.js';

const FIXTURES = new URL('../fixtures/evidence/provenance/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const PUBLIC_GOOD_ROOT = JSON.parse(read('sigstore-public-good-trusted-root.json')) as unknown;

type Json = Record<string, unknown>;
/** Real Sigstore bundles, one per media type, each with a Fulcio certificate (chain or single). */
const BUNDLES: [string, Json][] = [
  ['v0.1, x509 chain (npm, SLSA v0.2)', JSON.parse(read('npm-supreme-goggles-1.0.5.sigstore-v0.1.json')) as Json],
  ['v0.2, x509 chain (npm, SLSA v1)', JSON.parse(read('npm-gundam-visor-1.0.1.sigstore-v0.2.json')) as Json],
  ['v0.3, single certificate (npm, SLSA v1)', JSON.parse(read('npm-playwright-cli-0.1.1.sigstore.json')) as Json],
];
/** slsa-github-generator v1.9.0: a DSSE envelope whose signature carries its Fulcio certificate. */
const GENERATOR_V1 = JSON.parse(read('slsa-github-generator-v1.9.0.intoto.jsonl')) as Json;
const GENERATOR_SUBJECT = '25d35b781bef1fcf8c2d863fa21dcebda08748955b3aff71d4f5fccbbdefe41a';

const NO_TRUST: SignatureTrust = { keys: [], identities: [], requireSignatures: false };
const REQUIRE: SignatureTrust = { ...NO_TRUST, requireSignatures: true };
const artifact = { sha256: ARTIFACT_SHA256 };

function evidence(value: unknown, name = 'provenance.json'): EvidenceFile {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { path: name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
}

/** The envelope's statement, edited by `change`, re-encoded in place; the signature is kept. */
function tamper(envelope: Json, change: (statement: Json) => void): void {
  const statement = JSON.parse(Buffer.from(envelope.payload as string, 'base64').toString('utf8')) as Json;
  change(statement);
  envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
}
const retarget = (statement: Json): void => void (statement.subject = [{ name: 'app.tgz', digest: { sha256: ARTIFACT_SHA256 } }]);

function tamperedBundle(bundle: Json, change: (statement: Json) => void = retarget): Json {
  const copy = structuredClone(bundle);
  tamper(copy.dsseEnvelope as Json, change);
  return copy;
}

describe('Sigstore bundles changed after signing, with no trust anchor in the policy', () => {
  it.each(BUNDLES)('%s: the genuine bundle verifies against its own certificate', (_, bundle) => {
    const parsed = parseSigstoreBundle(bundle);
    const envelope = parseDsseEnvelope(bundle.dsseEnvelope as Json);
    if (!parsed.ok || !envelope.ok) throw new Error('fixture does not parse');
    expect(checkBundleCertificate(envelope.envelope, parsed.value.certificate!)).toMatchObject({ kind: 'matches', signer: expect.stringMatching(/^https:\/\/github\.com\//) });
  });

  it.each(BUNDLES)('%s: retargeted at another artifact, fails whether or not signatures are required', async (_, bundle) => {
    for (const trust of [NO_TRUST, REQUIRE]) {
      const check = await verifyProvenance(evidence(tamperedBundle(bundle)), artifact, trust);
      expect(check).toMatchObject({
        verified: false,
        reason: "signature does not verify with the bundle's own certificate (payload or signature changed after signing); use the bundle exactly as it was signed",
        details: { container: 'sigstore-bundle', signed: true, signature_verified: false },
      });
    }
  });

  it.each(BUNDLES)('%s: a changed builder id is caught as surely as a changed subject', async (_, bundle) => {
    const changed = tamperedBundle(bundle, (statement) => {
      retarget(statement);
      statement.predicateType = 'https://slsa.dev/provenance/v1';
      statement.predicate = statementV1().predicate;
    });
    expect((await verifyProvenance(evidence(changed), artifact, NO_TRUST)).verified).toBe(false);
  });

  it.each(BUNDLES)('%s: a payload changed only in its encoding (re-serialised) still fails', async (_, bundle) => {
    // Same statement, other bytes (indented): DSSE signs bytes, not meaning.
    const changed = structuredClone(bundle);
    const envelopeJson = changed.dsseEnvelope as Json;
    const statement = JSON.parse(Buffer.from(envelopeJson.payload as string, 'base64').toString('utf8')) as unknown;
    envelopeJson.payload = Buffer.from(JSON.stringify(statement, null, 2)).toString('base64');
    const parsed = parseSigstoreBundle(changed);
    const envelope = parseDsseEnvelope(changed.dsseEnvelope as Json);
    if (!parsed.ok || !envelope.ok) throw new Error('does not parse');
    expect(checkBundleCertificate(envelope.envelope, parsed.value.certificate!)).toMatchObject({ kind: 'bad' });
  });

  it.each(BUNDLES)('%s: a signature swapped for another bundle’s fails', (_, bundle) => {
    const other = BUNDLES.find(([, candidate]) => candidate !== bundle)![1];
    const changed = structuredClone(bundle);
    (changed.dsseEnvelope as Json).signatures = (other.dsseEnvelope as Json).signatures;
    const parsed = parseSigstoreBundle(changed);
    const envelope = parseDsseEnvelope(changed.dsseEnvelope as Json);
    if (!parsed.ok || !envelope.ok) throw new Error('does not parse');
    expect(checkBundleCertificate(envelope.envelope, parsed.value.certificate!)).toMatchObject({ kind: 'bad' });
  });

  it('with the public-good trusted root the same tampering fails too, on the library’s check', async () => {
    const check = await verifyProvenance(evidence(tamperedBundle(BUNDLES[2]![1])), artifact, { ...NO_TRUST, trustedRoot: PUBLIC_GOOD_ROOT });
    expect(check.verified).toBe(false);
    expect(check.reason).toMatch(/^signature does not verify with the Sigstore trusted root \(/);
  });

  it.each(BUNDLES)('%s: with trusted_keys but no trusted root, still caught on its own certificate', async (_, bundle) => {
    const withKeys: SignatureTrust = { ...NO_TRUST, keys: [{ path: 'keys/release.pub', pem: testKey('ecdsa-p256').publicPem }] };
    const check = await verifyProvenance(evidence(tamperedBundle(bundle)), artifact, withKeys);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^signature does not verify with the bundle's own certificate/) });
  });

  it.each(BUNDLES)('%s: genuine, with no trust anchor, is "signed, not verified", and fails under require_signatures', async (_, bundle) => {
    // The genuine statement names the npm package by sha512 only: bind it to that digest.
    const statement = JSON.parse(Buffer.from((bundle.dsseEnvelope as Json).payload as string, 'base64').toString('utf8')) as { subject: { digest: { sha512: string } }[] };
    const npmPackage = { sha256: null, sha512: statement.subject[0]!.digest.sha512 };
    const loose = await verifyProvenance(evidence(bundle), npmPackage, NO_TRUST);
    expect(loose).toMatchObject({ verified: true, details: { signed: true, signature_verified: false, signature: expect.stringMatching(/^signed, not verified \(the signature matches the bundle's own certificate, /) } });
    const strict = await verifyProvenance(evidence(bundle), npmPackage, REQUIRE);
    expect(strict).toMatchObject({ verified: false, reason: expect.stringMatching(/^signature not verified, and the policy requires signatures: .*set sigstore_trusted_root/) });
  });

  it('a tampered line in JSON lines decides the file, even beside a line that verifies', async () => {
    const genuine = signEnvelope(statementV1(), []);
    const text = `${JSON.stringify(tamperedBundle(BUNDLES[1]![1]))}\n${JSON.stringify(genuine)}\n`;
    const check = await verifyProvenance(evidence(text, 'provenance.jsonl'), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^line 1 of 2: signature does not verify with the bundle's own certificate/) });
  });
});

describe('an slsa-github-generator v1 envelope (certificate in the signature)', () => {
  const subject = { sha256: GENERATOR_SUBJECT };

  it('genuine: matches the certificate it carries, and stays "signed, not verified", saying what would verify it (not trusted_keys)', async () => {
    const check = await verifyProvenance(evidence(GENERATOR_V1), subject, NO_TRUST);
    expect(check.verified).toBe(true);
    expect(check.details).toMatchObject({ container: 'dsse', signed: true, signature_verified: false });
    expect(check.details.signature).toMatch(/^signed, not verified \(the signature matches the certificate it carries \(https:\/\/github\.com\/slsa-framework\/slsa-github-generator\//);
    expect(check.details.signature).toContain('no transparency-log entry');
    // The old advice, "no trusted_keys in policy", could never help: a Fulcio key signs once.
    expect(check.details.signature).not.toMatch(/no trusted_keys|add .* to trusted_keys/);
    expect(check.details.signature).toContain('have the builder write a Sigstore bundle (slsa-github-generator 2.1 or later, actions/attest-build-provenance) and set sigstore_trusted_root and sigstore_identities');
    expect(check.details.signer_identity).toMatch(/^https:\/\/github\.com\/slsa-framework\/slsa-github-generator\/\.github\/workflows\/generator_generic_slsa3\.yml@/);
  });

  it('genuine, with require_signatures: fails, since nothing vouches for the certificate', async () => {
    const check = await verifyProvenance(evidence(GENERATOR_V1), subject, REQUIRE);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^signature not verified, and the policy requires signatures: the signature matches the certificate it carries/) });
  });

  it('genuine, with trusted_keys in the policy: "signed, not verified", since no key can name a one-time Fulcio key', async () => {
    const withKeys: SignatureTrust = { ...NO_TRUST, keys: [{ path: 'keys/release.pub', pem: testKey('ecdsa-p256').publicPem }] };
    const check = await verifyProvenance(evidence(GENERATOR_V1), subject, withKeys);
    expect(check).toMatchObject({ verified: true, details: { signed: true, signature_verified: false, signature: expect.stringMatching(/^signed, not verified \(the signature matches the certificate it carries/) } });
    expect((await verifyProvenance(evidence(GENERATOR_V1), subject, { ...withKeys, requireSignatures: true })).verified).toBe(false);
  });

  it('tampered, with trusted_keys in the policy: still caught on its own certificate', async () => {
    const withKeys: SignatureTrust = { ...NO_TRUST, keys: [{ path: 'keys/release.pub', pem: testKey('ecdsa-p256').publicPem }] };
    const changed = structuredClone(GENERATOR_V1);
    tamper(changed, (statement) => void ((statement.predicate as Json).builder = { id: 'https://evil.example/builder' }));
    const check = await verifyProvenance(evidence(changed), subject, withKeys);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^signature does not verify with the certificate it carries/) });
  });

  it('genuine, with a trusted root in the policy: still not verified (no log entry to check the certificate with)', async () => {
    const check = await verifyProvenance(evidence(GENERATOR_V1), subject, { ...REQUIRE, trustedRoot: PUBLIC_GOOD_ROOT });
    expect(check.verified).toBe(false);
    expect(check.details.signature_verified).toBe(false);
  });

  it.each([
    ['retargeted at another artifact', retarget],
    ['with another builder', (statement: Json) => void ((statement.predicate as Json).builder = { id: 'https://evil.example/builder' })],
    ['with one more subject', (statement: Json) => void (statement.subject as unknown[]).push({ name: 'extra', digest: { sha256: ARTIFACT_SHA256 } })],
  ])('%s: fails, signatures required or not', async (_, change) => {
    const changed = structuredClone(GENERATOR_V1);
    tamper(changed, (statement) => {
      change(statement);
      if (change !== retarget) retarget(statement);
    });
    for (const trust of [NO_TRUST, REQUIRE]) {
      const check = await verifyProvenance(evidence(changed), artifact, trust);
      expect(check).toMatchObject({
        verified: false,
        reason: 'signature does not verify with the certificate it carries (payload or signature changed after signing); use the file exactly as the builder wrote it',
      });
    }
  });

  it('a certificate swapped for another signer’s is caught: the signature does not match it', () => {
    const changed = structuredClone(GENERATOR_V1);
    const leaf = (BUNDLES[0]![1].verificationMaterial as { x509CertificateChain: { certificates: { rawBytes: string }[] } }).x509CertificateChain.certificates[0]!.rawBytes;
    (changed.signatures as Json[])[0]!.cert = `-----BEGIN CERTIFICATE-----\n${leaf}\n-----END CERTIFICATE-----\n`;
    const envelope = parseDsseEnvelope(changed);
    if (!envelope.ok) throw new Error('does not parse');
    expect(checkEmbeddedCertificates(envelope.envelope)).toMatchObject({ kind: 'bad' });
  });

  it('a certificate that is not one fails instead of being skipped', () => {
    const changed = structuredClone(GENERATOR_V1);
    (changed.signatures as Json[])[0]!.cert = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    const envelope = parseDsseEnvelope(changed);
    if (!envelope.ok) throw new Error('does not parse');
    expect(checkEmbeddedCertificates(envelope.envelope)).toEqual({ kind: 'bad', why: 'the certificate it carries is not an X.509 certificate' });
  });
});

describe('a DSSE envelope that only names its key (keyid), with no trusted_keys', () => {
  it('tampered: cannot be caught without the key, so it is never verified, and fails under require_signatures', async () => {
    const envelope = signEnvelope(statementV1(), [testKey('ecdsa-p256')]);
    tamper(envelope, retarget);
    const loose = await verifyProvenance(evidence(envelope), artifact, NO_TRUST);
    expect(loose.details).toMatchObject({
      signed: true,
      signature_verified: false,
      signature: "signed, not verified (signed by a key (keyid 'ecdsa-p256-0') that the policy does not name: add the signer's public key (PEM) to trusted_keys to verify it)",
    });
    expect(await verifyProvenance(evidence(envelope), artifact, REQUIRE)).toMatchObject({ verified: false });
  });

  it('with a signature that is not base64: fails even without keys', async () => {
    const envelope = signEnvelope(statementV1(), [testKey('ecdsa-p256')]);
    (envelope.signatures as Json[])[0]!.sig = 'not base64 !';
    expect(await verifyProvenance(evidence(envelope), artifact, NO_TRUST)).toMatchObject({ verified: false, reason: expect.stringMatching(/^a DSSE signature is empty or not base64: /) });
  });
});
