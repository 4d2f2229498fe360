/**
 * Provenance in Sigstore bundles, verified offline. Two sources of bundles:
 * - a self-made deployment (test/helpers/signing.ts): CA, CT log and Rekor-like log keys made
 *   in-process, so the whole path, certificate chain, SCT, inclusion promise and proof, and the
 *   DSSE signature, runs end to end and every failure can be provoked;
 * - a real public-good bundle (npm's provenance for @playwright/cli@0.1.1) with the public-good
 *   trusted root shipped in @sigstore/tuf, which must verify without any network.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrustMaterialError, verifyProvenance } from '../../src/evidence/provenance.js';
import { loadTrustedRoot, parseSigstoreBundle, SIGSTORE_BUNDLE_MEDIA_TYPES, verifySigstoreBundle } from '../../src/evidence/sigstore.js';
import type { EvidenceFile, SignatureTrust } from '../../src/evidence/types.js';
import { ARTIFACT_SHA256, OTHER_SHA256, makeSigstoreFixture, pae, signBytes, statementV02, statementV1, testKey } from '../helpers/signing.js';

const FIXTURES = new URL('../fixtures/evidence/provenance/', import.meta.url);
const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
const PUBLIC_GOOD_ROOT = readJson('sigstore-public-good-trusted-root.json');
const NPM_BUNDLE = readJson('npm-playwright-cli-0.1.1.sigstore.json');

const artifact = { sha256: ARTIFACT_SHA256 };
function evidence(text: string): EvidenceFile {
  const bytes = Buffer.from(text);
  return { path: 'provenance.sigstore.json', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
}
const json = (value: unknown): EvidenceFile => evidence(JSON.stringify(value));
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const NO_ROOT =
  "the signature matches the bundle's own certificate, but the policy names no sigstore_trusted_root to say who issued it: " +
  'set sigstore_trusted_root (the trusted root of the Sigstore instance that signed it) and sigstore_identities in the policy to verify it';
const ALLOWED = [{ issuer: GITHUB_ISSUER, subject_prefix: 'https://github.com/acme/app/.github/workflows/release.yml@' }];
const withRoot = (trustedRoot: unknown, requireSignatures = false, identities: SignatureTrust['identities'] = ALLOWED): SignatureTrust => ({
  keys: [],
  identities,
  trustedRoot,
  requireSignatures,
});

describe('Sigstore bundles made by a self-made deployment', () => {
  const fixture = makeSigstoreFixture(statementV1());

  it('verifies statement and signature against the trusted root, and names the signer', async () => {
    const check = await verifyProvenance(json(fixture.bundle), artifact, withRoot(fixture.trustedRoot, true));
    expect(check.verified).toBe(true);
    expect(check.reason).toBe(`SLSA provenance v1 names the artifact; signature verified with the Sigstore trusted root, signer ${fixture.signerIdentity}`);
    expect(check.details).toMatchObject({
      container: 'sigstore-bundle',
      predicate_type: 'https://slsa.dev/provenance/v1',
      source_repository: 'https://github.com/acme/app',
      signed: true,
      signature_verified: true,
      signer_identity: fixture.signerIdentity,
      signer_issuer: 'https://token.actions.githubusercontent.com',
    });
  });

  it.each([
    ['another workflow of the same repository', [{ issuer: GITHUB_ISSUER, subject_prefix: 'https://github.com/acme/app/.github/workflows/other.yml@' }]],
    ['the right subject from another issuer', [{ issuer: 'https://accounts.example.com', subject_prefix: 'https://github.com/acme/app/' }]],
    ['an exact subject with another ref', [{ issuer: GITHUB_ISSUER, subject: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main' }]],
  ])('fails a valid bundle signed by an identity the policy does not allow: %s', async (_, identities) => {
    const check = await verifyProvenance(json(fixture.bundle), artifact, withRoot(fixture.trustedRoot, true, identities));
    expect(check.verified).toBe(false);
    expect(check.reason).toContain(`signed by ${fixture.signerIdentity} (issuer ${GITHUB_ISSUER}), which is not in policy.sigstore_identities`);
  });

  it('accepts an exact subject', async () => {
    const check = await verifyProvenance(json(fixture.bundle), artifact, withRoot(fixture.trustedRoot, true, [{ issuer: GITHUB_ISSUER, subject: fixture.signerIdentity }]));
    expect(check.verified).toBe(true);
  });

  it.each(SIGSTORE_BUNDLE_MEDIA_TYPES)('accepts media type %s', async (mediaType) => {
    const made = makeSigstoreFixture(statementV02(), { mediaType });
    const check = await verifyProvenance(json(made.bundle), artifact, withRoot(made.trustedRoot, true));
    expect(check).toMatchObject({ verified: true, details: { signature_verified: true, predicate_type: 'https://slsa.dev/provenance/v0.2' } });
  });

  it('without a trusted root in the policy, reports the bundle as signed but not verified', async () => {
    const check = await verifyProvenance(json(fixture.bundle), artifact, { keys: [], identities: [], requireSignatures: false });
    expect(check).toMatchObject({
      verified: true,
      details: { signed: true, signature_verified: false, signature: `signed, not verified (${NO_ROOT})`, signer_identity: fixture.signerIdentity },
    });
    const required = await verifyProvenance(json(fixture.bundle), artifact, { keys: [], identities: [], requireSignatures: true });
    expect(required).toMatchObject({ verified: false, reason: `signature not verified, and the policy requires signatures: ${NO_ROOT}` });
  });

  it('fails against a trusted root that did not issue it, signatures required or not', async () => {
    for (const root of [PUBLIC_GOOD_ROOT, makeSigstoreFixture(statementV1()).trustedRoot]) {
      for (const requireSignatures of [false, true]) {
        const check = await verifyProvenance(json(fixture.bundle), artifact, withRoot(root, requireSignatures));
        expect(check.verified).toBe(false);
        expect(check.reason).toMatch(/^signature does not verify with the Sigstore trusted root \(CERTIFICATE_ERROR: /);
        expect(check.details).toMatchObject({ signed: true, signature_verified: false });
      }
    }
  });

  it('fails when the signed payload is not the one in the bundle', async () => {
    const tampered = makeSigstoreFixture(statementV1(), { tamperPayload: true });
    const check = await verifyProvenance(json(tampered.bundle), artifact, withRoot(tampered.trustedRoot));
    expect(check.verified).toBe(false);
    expect(check.reason).toMatch(/^signature does not verify with the Sigstore trusted root \(/);
  });

  it('fails when the bundle payload was swapped after logging', async () => {
    const bundle = structuredClone(fixture.bundle) as { dsseEnvelope: { payload: string } };
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statementV02())).toString('base64');
    const check = await verifyProvenance(json(bundle), artifact, withRoot(fixture.trustedRoot));
    expect(check.reason).toMatch(/^signature does not verify with the Sigstore trusted root \(TLOG_BODY_ERROR: /);
  });

  it('judges the statement before the signature', async () => {
    const other = makeSigstoreFixture(statementV1(OTHER_SHA256));
    const check = await verifyProvenance(json(other.bundle), artifact, withRoot(other.trustedRoot));
    expect(check.reason).toMatch(/^subject digest differs/);
  });

  it('applies the DSSE rules to the envelope inside the bundle', async () => {
    const made = makeSigstoreFixture(statementV1(), { payloadType: 'text/plain' });
    expect((await verifyProvenance(json(made.bundle), artifact, withRoot(made.trustedRoot))).reason).toMatch(/^payloadType 'text\/plain' is not in-toto: expected a Sigstore bundle /);
  });
});

describe('Sigstore bundle structure', () => {
  const fixture = makeSigstoreFixture(statementV1());

  it.each([
    ['an unknown version', { mediaType: 'application/vnd.dev.sigstore.bundle.v0.4+json' }, /^unsupported Sigstore bundle mediaType 'application\/vnd\.dev\.sigstore\.bundle\.v0\.4\+json': expected a Sigstore bundle \(v0\.1 to v0\.3\)/],
    ['no verification material', { verificationMaterial: undefined }, /^invalid Sigstore bundle \(verificationMaterial/],
    ['a v0.3 bundle without inclusion proof', { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', verificationMaterial: 'strip-proof' }, /^invalid Sigstore bundle \(.*inclusionProof/],
    ['a message signature instead of DSSE', { dsseEnvelope: undefined, messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: 'AAAA' }, signature: 'AAAA' } }, /signs a message digest, not an in-toto statement/],
  ])('refuses %s', async (_, change, reason) => {
    const bundle: Record<string, unknown> = { ...structuredClone(fixture.bundle) };
    for (const [key, value] of Object.entries(change)) {
      if (value === 'strip-proof') {
        const material = structuredClone(fixture.bundle.verificationMaterial) as { tlogEntries: Record<string, unknown>[] };
        delete material.tlogEntries[0]?.inclusionProof;
        bundle.verificationMaterial = material;
      } else if (value === undefined) delete bundle[key];
      else bundle[key] = value;
    }
    const check = await verifyProvenance(json(bundle), artifact, withRoot(fixture.trustedRoot));
    expect(check.verified).toBe(false);
    expect(check.reason).toEqual(typeof reason === 'string' ? reason : expect.stringMatching(reason));
    expect(check.details).toMatchObject({ container: 'sigstore-bundle' });
  });

  it('verifies a public-key bundle with the policy keys, saying the log was not checked', async () => {
    const key = testKey('ecdsa-p256');
    const payload = Buffer.from(JSON.stringify(statementV1()));
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: 'release-key' }, tlogEntries: [] },
      dsseEnvelope: {
        payload: payload.toString('base64'),
        payloadType: 'application/vnd.in-toto+json',
        signatures: [{ sig: signBytes(key, pae('application/vnd.in-toto+json', payload)).toString('base64'), keyid: 'release-key' }],
      },
    };
    const trust: SignatureTrust = { keys: [{ path: 'keys/release.pub', pem: key.publicPem }], identities: [], requireSignatures: true };
    expect(await verifyProvenance(json(bundle), artifact, trust)).toMatchObject({
      verified: true,
      details: { signature_verified: true, signature: 'verified with keys/release.pub (transparency log not checked)' },
    });
    const stranger: SignatureTrust = { keys: [{ path: 'keys/other.pub', pem: testKey('ecdsa-p256', 'stranger').publicPem }], identities: [], requireSignatures: false };
    expect((await verifyProvenance(json(bundle), artifact, stranger)).reason).toMatch(/^signature does not verify with any of the policy's trusted_keys \(keys\/other\.pub\): /);
  });

  it('refuses an oversized certificate before parsing it', () => {
    const bundle = structuredClone(fixture.bundle) as { verificationMaterial: { certificate: { rawBytes: string } } };
    bundle.verificationMaterial.certificate.rawBytes = Buffer.alloc(32 * 1024, 0x30).toString('base64');
    expect(parseSigstoreBundle(bundle)).toEqual({ ok: false, reason: 'invalid Sigstore bundle (certificate chain too large)' });
  });

  it('turns a garbage certificate into a failed verification, not a throw', async () => {
    const bundle = structuredClone(fixture.bundle) as { verificationMaterial: { certificate: { rawBytes: string } } };
    bundle.verificationMaterial.certificate.rawBytes = Buffer.from([0x30, 0x82, 0xff, 0xff, 0x30]).toString('base64');
    const check = await verifyProvenance(json(bundle), artifact, withRoot(fixture.trustedRoot));
    expect(check.verified).toBe(false);
    expect(check.reason).toMatch(/^signature does not verify with the Sigstore trusted root \(/);
  });
});

describe('a real public-good bundle (npm provenance of @playwright/cli@0.1.1)', () => {
  it('verifies offline against the public-good trusted root', () => {
    const parsed = parseSigstoreBundle(NPM_BUNDLE);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(verifySigstoreBundle(parsed.value, loadTrustedRoot(PUBLIC_GOOD_ROOT))).toEqual({
      verified: true,
      signer: 'https://github.com/microsoft/playwright-cli/.github/workflows/publish.yml@refs/tags/v0.1.1',
      issuer: 'https://token.actions.githubusercontent.com',
    });
  });

  it('does not verify against a trusted root that is not the public-good one', () => {
    const parsed = parseSigstoreBundle(NPM_BUNDLE);
    if (!parsed.ok) throw new Error(parsed.reason);
    const result = verifySigstoreBundle(parsed.value, loadTrustedRoot(makeSigstoreFixture(statementV1()).trustedRoot));
    expect(result).toMatchObject({ verified: false, reason: expect.stringMatching(/^CERTIFICATE_ERROR: /) });
  });

  it('is read as provenance; npm names the package by sha512 only, so an artifact known by sha256 alone cannot match', async () => {
    // The corpus test (test/corpus/evidence.test.ts) binds real npm provenance to its real tarball by sha512.
    const check = await verifyProvenance(json(NPM_BUNDLE), artifact, withRoot(PUBLIC_GOOD_ROOT));
    expect(check).toEqual({
      verified: false,
      reason:
        'artifact sha512 unknown, so nothing to match the subject with: the statement names the artifact by sha512; make path_or_uri a workspace file (the gate hashes it), or declare a content_hash of that algorithm',
      details: expect.objectContaining({
        container: 'sigstore-bundle',
        statement_type: 'https://in-toto.io/Statement/v1',
        predicate_type: 'https://slsa.dev/provenance/v1',
        builder_id: 'https://github.com/actions/runner/github-hosted',
        build_type: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
        source_repository: 'https://github.com/microsoft/playwright-cli',
        source_ref: 'refs/tags/v0.1.1',
        source_commit: 'd1c6d1113932ddcee243e8b111b6d4aea553df20',
        subject_names: ['pkg:npm/%40playwright/cli@0.1.1'],
        signed: true,
      }),
    });
  });

  it('in JSON lines, as `gh attestation download` writes bundles, the line that names the artifact verifies', async () => {
    const made = makeSigstoreFixture(statementV1());
    const text = `${JSON.stringify(NPM_BUNDLE)}\n${JSON.stringify(made.bundle)}\n`;
    const check = await verifyProvenance(evidence(text), artifact, withRoot(made.trustedRoot, true));
    expect(check).toMatchObject({ verified: true, details: { container: 'jsonl', line_container: 'sigstore-bundle', line: 2, signature_verified: true } });
  });
});

describe('the trusted root in the policy', () => {
  it.each([
    ['not an object', 'trusted_root.json'],
    ['another media type', { mediaType: 'application/json' }],
    ['no authorities', { mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [] }],
  ])('is refused with a typed error when it is %s', async (_, root) => {
    const file = json(makeSigstoreFixture(statementV1()).bundle);
    await expect(verifyProvenance(file, artifact, withRoot(root))).rejects.toThrow(TrustMaterialError);
  });

  it('is checked even when the evidence is no bundle, so a broken policy fails every run alike', async () => {
    await expect(verifyProvenance(json(statementV1()), artifact, withRoot({ mediaType: 'x' }))).rejects.toThrow(TrustMaterialError);
  });
});
