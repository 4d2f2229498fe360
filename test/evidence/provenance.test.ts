/**
 * SLSA provenance evidence: which containers and statements verify, what the report learns
 * from them, how DSSE signatures are judged against the policy's keys, and the short reason
 * for every malformed file of HOSTILE row 21. Signed envelopes are made with keys generated
 * here; the unsigned and malformed ones are files in test/fixtures/evidence/provenance/.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrustMaterialError, verifyProvenance, MAX_STATEMENT_LINES } from '../../src/evidence/provenance.js';
import { DEFAULT_MAX_EVIDENCE_BYTES } from '../../src/evidence/limits.js';
import type { EvidenceFile, SignatureTrust } from '../../src/evidence/types.js';
import { ARTIFACT_SHA256, OTHER_SHA256, signEnvelope, statementV02, statementV1, testKey, type KeyKind, type TestKey } from '../helpers/signing.js';

const FIXTURES = new URL('../fixtures/evidence/provenance/', import.meta.url);
const artifact = { sha256: ARTIFACT_SHA256 };

function evidence(bytes: Buffer, path = 'provenance.json'): EvidenceFile {
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
}
const fixture = (name: string): EvidenceFile => evidence(readFileSync(new URL(name, FIXTURES)), name);
const json = (value: unknown): EvidenceFile => evidence(Buffer.from(JSON.stringify(value)));
const jsonLines = (...values: unknown[]): EvidenceFile => evidence(Buffer.from(values.map((value) => JSON.stringify(value)).join('\n') + '\n'), 'provenance.jsonl');

const keyPath = (key: TestKey): string => `keys/${key.kind}.pub`;
function trusting(keys: readonly TestKey[], requireSignatures = false): SignatureTrust {
  return { keys: keys.map((key) => ({ path: keyPath(key), pem: key.publicPem })), identities: [], requireSignatures };
}
const NO_TRUST: SignatureTrust = { keys: [], identities: [], requireSignatures: false };
const REQUIRE: SignatureTrust = { keys: [], identities: [], requireSignatures: true };

/** A reason in the form every evidence failure takes: what was found, what was expected, what to do. */
const found = (what: string) => expect.stringMatching(new RegExp(`^${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected .+; .+`));
/** The reason for a subject that names other bytes: both digests in full, and where they part. */
const differs = (named: string, more = ''): string =>
  `subject digest differs: the statement names sha256:${named}${more}, the artifact is sha256:${ARTIFACT_SHA256} (first difference at hex digit 1 of 64); ` +
  'the provenance describes other bytes: use the provenance built with this artifact, or point path_or_uri at the file it describes';
const NOT_TRUSTED = (path: string): string =>
  `signature does not verify with any of the policy's trusted_keys (${path}): it was signed by another key, or changed after signing; sign with a trusted key, or add the signer's public key to trusted_keys`;

describe('verifyProvenance: plain statements', () => {
  it('verifies a SLSA v1 statement and reports builder, build type and source', async () => {
    const check = await verifyProvenance(fixture('statement-v1.json'), artifact, NO_TRUST);
    expect(check).toEqual({
      verified: true,
      reason: 'SLSA provenance v1 names the artifact; claims not cryptographically verified',
      details: {
        container: 'statement',
        statement_type: 'https://in-toto.io/Statement/v1',
        predicate_type: 'https://slsa.dev/provenance/v1',
        builder_id: 'https://github.com/actions/runner/github-hosted',
        build_type: 'https://actions.github.io/buildtypes/workflow/v1',
        source_repository: 'https://github.com/acme/app',
        source_ref: 'refs/tags/v1.0.0',
        source_commit: '0123456789abcdef0123456789abcdef01234567',
        subject_names: ['app-1.0.0.tgz'],
        subject_count: 1,
        signed: false,
        signature_verified: false,
        signature: 'claims not cryptographically verified',
      },
    });
  });

  it('verifies a SLSA v0.2 statement, taking the source from invocation.configSource', async () => {
    const check = await verifyProvenance(fixture('statement-v0.2.json'), artifact, NO_TRUST);
    expect(check.verified).toBe(true);
    expect(check.details).toMatchObject({
      statement_type: 'https://in-toto.io/Statement/v0.1',
      predicate_type: 'https://slsa.dev/provenance/v0.2',
      builder_id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0',
      build_type: 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
      source_repository: 'https://github.com/acme/app',
      source_ref: 'refs/heads/main',
      source_commit: 'fedcba9876543210fedcba9876543210fedcba98',
    });
  });

  it('falls back to materials (v0.2) and resolvedDependencies (v1) for the source', async () => {
    const v02 = statementV02();
    delete (v02.predicate as Record<string, unknown>).invocation;
    const v1 = statementV1();
    delete ((v1.predicate as Record<string, Record<string, unknown>>).buildDefinition as Record<string, unknown>).externalParameters;
    for (const statement of [v02, v1]) {
      const check = await verifyProvenance(json(statement), artifact, NO_TRUST);
      expect(check.details).toMatchObject({ source_repository: 'https://github.com/acme/app' });
      expect(check.details.source_ref).toMatch(/^refs\/(heads\/main|tags\/v1\.0\.0)$/);
    }
  });

  it('matches the digest case-insensitively', async () => {
    expect((await verifyProvenance(json(statementV1(ARTIFACT_SHA256.toUpperCase())), artifact, NO_TRUST)).verified).toBe(true);
  });

  it('fails an unsigned statement when the policy requires signatures', async () => {
    const check = await verifyProvenance(fixture('statement-v1.json'), artifact, REQUIRE);
    expect(check).toMatchObject({ verified: false, reason: found('unsigned, and the policy requires signatures'), details: { signed: false, signature: 'claims not cryptographically verified' } });
  });

  it('fails when the artifact digest is unknown', async () => {
    const check = await verifyProvenance(fixture('statement-v1.json'), { sha256: null }, NO_TRUST);
    expect(check).toMatchObject({
      verified: false,
      reason:
        'artifact sha256 unknown, so nothing to match the subject with: the statement names the artifact by sha256; make path_or_uri a workspace file (the gate hashes it), or declare a content_hash of that algorithm',
    });
  });

  it('clips long strings and strips control characters from what it reports', async () => {
    const statement = statementV1();
    (statement.predicate as { runDetails: { builder: { id: string } } }).runDetails.builder.id = `evil\n${'x'.repeat(5000)}`;
    const { details } = await verifyProvenance(json(statement), artifact, NO_TRUST);
    expect(details.builder_id).toMatch(/^evil\?x+…$/);
    expect((details.builder_id as string).length).toBe(513);
  });

  it('keeps at most 20 subject names but counts them all', async () => {
    const statement = statementV1();
    statement.subject = Array.from({ length: 30 }, (_, index) => ({ name: `file-${index}`, digest: { sha256: index === 29 ? ARTIFACT_SHA256 : OTHER_SHA256 } }));
    const check = await verifyProvenance(json(statement), artifact, NO_TRUST);
    expect(check.verified).toBe(true);
    expect(check.details).toMatchObject({ subject_count: 30 });
    expect(check.details.subject_names).toHaveLength(20);
  });
});

describe('verifyProvenance: malformed files (HOSTILE row 21)', () => {
  it.each([
    ['wrong-type.json', found("wrong _type 'https://in-toto.io/Statement/v9'")],
    ['no-subject.json', found('no subject')],
    ['other-artifact.json', differs(OTHER_SHA256)],
    ['undecodable-payload.dsse.json', found('undecodable DSSE payload')],
    ['unknown-predicate.json', found("unknown predicate type 'https://slsa.dev/provenance/v7'")],
    ['truncated.json', found('truncated or invalid JSON')],
    ['wrong-payload-type.dsse.json', found("payloadType 'application/json' is not in-toto")],
  ])('%s fails', async (name, reason) => {
    for (const trust of [NO_TRUST, REQUIRE]) {
      const check = await verifyProvenance(fixture(name), artifact, trust);
      expect(check.verified).toBe(false);
      expect(check.reason).toEqual(reason);
    }
  });

  const envelopeOf = (payload: string, payloadType = 'application/vnd.in-toto+json') => ({ payloadType, payload, signatures: [] });
  it.each([
    ['plain text', Buffer.from('hello, world\n'), found('not JSON')],
    ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x41]), found('not JSON (not UTF-8 text)')],
    ['an empty file', Buffer.from(' \n'), found('empty file')],
    ['a JSON list', Buffer.from('[1, 2]'), found('not an in-toto Statement, DSSE envelope or Sigstore bundle (the JSON is not an object)')],
    ['a statement without _type', Buffer.from(JSON.stringify({ ...statementV1(), _type: undefined })), found('missing _type (not an in-toto Statement)')],
    ['a numeric _type', Buffer.from(JSON.stringify({ ...statementV1(), _type: 1 })), found('wrong _type (number)')],
    ['a control character in _type', Buffer.from(JSON.stringify({ ...statementV1(), _type: 'a\nb' })), found("wrong _type 'a?b'")],
    ['a subject that is not a list', Buffer.from(JSON.stringify({ ...statementV1(), subject: { name: 'x' } })), found('no subject')],
    ['no predicate', Buffer.from(JSON.stringify({ ...statementV1(), predicate: 'none' })), found('SLSA provenance has no predicate object')],
    [
      'a sha512-only subject, the artifact known by sha256 only',
      Buffer.from(JSON.stringify({ ...statementV1(), subject: [{ name: 'x', digest: { sha512: 'ab' } }] })),
      'artifact sha512 unknown, so nothing to match the subject with: the statement names the artifact by sha512; make path_or_uri a workspace file (the gate hashes it), or declare a content_hash of that algorithm',
    ],
    [
      'a subject with neither sha256 nor sha512',
      Buffer.from(JSON.stringify({ ...statementV1(), subject: [{ name: 'x', digest: { gitCommit: 'ab' } }] })),
      found('subject has no sha256 or sha512 digest (the statement names only gitCommit)'),
    ],
    [
      'two other digests',
      Buffer.from(JSON.stringify({ ...statementV1(), subject: [{ digest: { sha256: OTHER_SHA256 } }, { digest: { sha256: 'ab'.repeat(32) } }] })),
      differs(OTHER_SHA256, ' (and 1 more subject)'),
    ],
    ['a payload that is base64 but not JSON', Buffer.from(JSON.stringify(envelopeOf(Buffer.from('not json').toString('base64')))), found('undecodable DSSE payload (not JSON)')],
    ['a payload that is base64 of non-UTF-8 bytes', Buffer.from(JSON.stringify(envelopeOf(Buffer.from([0xff, 0xfe]).toString('base64')))), found('undecodable DSSE payload (not UTF-8 text)')],
    ['an empty payload', Buffer.from(JSON.stringify(envelopeOf(''))), found('undecodable DSSE payload')],
    ['a statement payload that is a string', Buffer.from(JSON.stringify(envelopeOf(Buffer.from('"x"').toString('base64')))), found('payload is not an in-toto Statement (not a JSON object)')],
    ['signatures that are not a list', Buffer.from(JSON.stringify({ ...envelopeOf('e30='), signatures: 'sig' })), found('DSSE signatures is not a list')],
  ])('%s fails', async (_, bytes, reason) => {
    const check = await verifyProvenance(evidence(bytes), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason });
  });

  it('reads keys like "constructor" as data, never through the prototype', async () => {
    const check = await verifyProvenance(evidence(Buffer.from('{"constructor": {}, "toString": 1}')), artifact, NO_TRUST);
    expect(check.reason).toEqual(found('missing _type (not an in-toto Statement)'));
  });

  it('survives deeply nested JSON without recursing', async () => {
    const deep = `{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1","predicate":${'['.repeat(200_000)}${']'.repeat(200_000)},"subject":[]}`;
    const check = await verifyProvenance(evidence(Buffer.from(deep)), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason: found('nested deeper than 256 levels') });
  });

  it('refuses more bytes than an evidence file may hold', async () => {
    const check = await verifyProvenance(evidence(Buffer.alloc(DEFAULT_MAX_EVIDENCE_BYTES + 1, 0x20)), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^file too large/) });
  });
});

describe('verifyProvenance: JSON lines', () => {
  it('verifies when one line matches, and says which', async () => {
    const check = await verifyProvenance(fixture('statements.jsonl'), artifact, NO_TRUST);
    expect(check.verified).toBe(true);
    expect(check.reason).toBe('line 3 of 3: SLSA provenance v0.2 names the artifact; claims not cryptographically verified');
    expect(check.details).toMatchObject({ container: 'jsonl', line_container: 'statement', line: 3, lines: 3, predicate_type: 'https://slsa.dev/provenance/v0.2' });
  });

  it('reports the closest line when none matches', async () => {
    const lines = readFileSync(new URL('statements.jsonl', FIXTURES), 'utf8').split('\n').slice(0, 2).join('\n');
    const check = await verifyProvenance(evidence(Buffer.from(lines)), artifact, NO_TRUST);
    expect(check.verified).toBe(false);
    expect(check.reason).toBe(`line 2 of 2: ${differs(OTHER_SHA256)}`);
  });

  it('fails on a truncated line, naming it', async () => {
    const text = `${JSON.stringify(statementV1(OTHER_SHA256))}\n${JSON.stringify(statementV1()).slice(0, 50)}\n`;
    expect(await verifyProvenance(evidence(Buffer.from(text)), artifact, NO_TRUST)).toMatchObject({ verified: false, reason: found('truncated or invalid JSON (line 2)') });
  });

  it('accepts CRLF line ends and blank lines', async () => {
    const text = `${JSON.stringify(statementV1(OTHER_SHA256))}\r\n\r\n${JSON.stringify(statementV1())}\r\n`;
    const check = await verifyProvenance(evidence(Buffer.from(text)), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: true, details: { line: 3, lines: 2 } });
  });

  it('verifies signed DSSE lines with the trusted key', async () => {
    const key = testKey('ecdsa-p256');
    const check = await verifyProvenance(jsonLines(signEnvelope(statementV1(OTHER_SHA256), [key]), signEnvelope(statementV1(), [key])), artifact, trusting([key], true));
    expect(check).toMatchObject({ verified: true, details: { container: 'jsonl', line_container: 'dsse', line: 2, signature_verified: true } });
  });

  it('fails the file when a line about this artifact carries a bad signature, even if another line verifies', async () => {
    const trusted = testKey('ecdsa-p256');
    const stranger = testKey('ecdsa-p256', 'stranger');
    const check = await verifyProvenance(jsonLines(statementV1(), signEnvelope(statementV1(), [stranger])), artifact, trusting([trusted]));
    expect(check).toMatchObject({ verified: false, reason: `line 2 of 2: ${NOT_TRUSTED('keys/ecdsa-p256.pub')}` });
  });

  it(`refuses more than ${MAX_STATEMENT_LINES} lines`, async () => {
    const line = JSON.stringify(statementV1(OTHER_SHA256));
    const check = await verifyProvenance(evidence(Buffer.from(`${line}\n`.repeat(MAX_STATEMENT_LINES + 1))), artifact, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason: found(`too many JSON lines (${MAX_STATEMENT_LINES + 1}, at most ${MAX_STATEMENT_LINES})`) });
  });
});

describe('verifyProvenance: DSSE signatures', () => {
  const signers: [string, KeyKind, 'pkcs1' | 'pss'][] = [
    ['ECDSA P-256', 'ecdsa-p256', 'pkcs1'],
    ['ECDSA P-384', 'ecdsa-p384', 'pkcs1'],
    ['Ed25519', 'ed25519', 'pkcs1'],
    ['RSA PKCS#1 v1.5', 'rsa', 'pkcs1'],
    ['RSA PSS with an RSA key', 'rsa', 'pss'],
    ['RSA PSS with an RSA-PSS key', 'rsa-pss', 'pss'],
  ];

  it.each(signers)('verifies an envelope signed with %s', async (_, kind, rsaPadding) => {
    const key = testKey(kind);
    const decoy = testKey('ed25519', 'decoy');
    for (const statement of [statementV1(), statementV02()]) {
      const check = await verifyProvenance(json(signEnvelope(statement, [key], { rsaPadding })), artifact, trusting([decoy, key], true));
      expect(check.verified).toBe(true);
      expect(check.details).toMatchObject({ container: 'dsse', signed: true, signature_verified: true, signature: `verified with ${keyPath(key)}` });
      expect(check.reason).toMatch(new RegExp(`names the artifact; signature verified with ${keyPath(key)}$`));
    }
  });

  it('fails an envelope signed by a key the policy does not trust, whether or not signatures are required', async () => {
    const envelope = json(signEnvelope(statementV1(), [testKey('ecdsa-p256', 'stranger')]));
    for (const requireSignatures of [false, true]) {
      const check = await verifyProvenance(envelope, artifact, trusting([testKey('ecdsa-p256')], requireSignatures));
      expect(check).toMatchObject({
        verified: false,
        reason: NOT_TRUSTED('keys/ecdsa-p256.pub'),
        details: { signed: true, signature_verified: false, signature: NOT_TRUSTED('keys/ecdsa-p256.pub') },
      });
    }
  });

  it('fails an envelope whose payload was changed after signing', async () => {
    const key = testKey('ed25519');
    const envelope = signEnvelope(statementV1(), [key]);
    const forged = { ...statementV1(), predicate: { ...(statementV1().predicate as object), runDetails: { builder: { id: 'https://evil.example' } } } };
    envelope.payload = Buffer.from(JSON.stringify(forged)).toString('base64');
    expect(await verifyProvenance(json(envelope), artifact, trusting([key]))).toMatchObject({ verified: false, reason: NOT_TRUSTED('keys/ed25519.pub') });
  });

  it('fails a signature made over the payload type of another envelope', async () => {
    const key = testKey('ed25519');
    const envelope = signEnvelope(statementV1(), [key], { payloadType: 'application/vnd.in-toto+json; x=1' });
    envelope.payloadType = 'application/vnd.in-toto+json';
    expect((await verifyProvenance(json(envelope), artifact, trusting([key]))).reason).toBe(NOT_TRUSTED('keys/ed25519.pub'));
  });

  it('verifies when any one of several signatures is trusted, whatever the keyids say', async () => {
    const key = testKey('ecdsa-p256');
    const envelope = signEnvelope(statementV1(), [testKey('ed25519', 'stranger'), key]);
    (envelope.signatures as { keyid: string }[]).forEach((signature) => (signature.keyid = 'not-a-key-we-know'));
    expect(await verifyProvenance(json(envelope), artifact, trusting([key], true))).toMatchObject({ verified: true, details: { signature: `verified with ${keyPath(key)}` } });
  });

  it('treats undecodable or empty signature values as signatures that do not verify', async () => {
    const key = testKey('ecdsa-p256');
    const envelope = signEnvelope(statementV1(), [key]);
    for (const sig of ['***', '', 'AAAA']) {
      envelope.signatures = [{ keyid: 'k', sig }];
      expect((await verifyProvenance(json(envelope), artifact, trusting([key]))).reason).toBe(NOT_TRUSTED('keys/ecdsa-p256.pub'));
    }
  });

  it('accepts a signed envelope on content when the policy has no keys, saying it was not checked and what would check it', async () => {
    const UNKNOWN_KEY = "signed by a key (keyid 'ecdsa-p256-0') that the policy does not name: add the signer's public key (PEM) to trusted_keys to verify it";
    const envelope = json(signEnvelope(statementV1(), [testKey('ecdsa-p256')]));
    expect(await verifyProvenance(envelope, artifact, NO_TRUST)).toMatchObject({
      verified: true,
      details: { signed: true, signature_verified: false, signature: `signed, not verified (${UNKNOWN_KEY})` },
    });
    expect(await verifyProvenance(envelope, artifact, REQUIRE)).toMatchObject({
      verified: false,
      reason: `signature not verified, and the policy requires signatures: ${UNKNOWN_KEY}`,
    });
  });

  it('judges an unsigned envelope by the policy', async () => {
    const keys = trusting([testKey('ecdsa-p256')]);
    expect(await verifyProvenance(fixture('unsigned.dsse.json'), artifact, keys)).toMatchObject({
      verified: true,
      details: { container: 'dsse', signed: false, signature: 'claims not cryptographically verified' },
    });
    expect(await verifyProvenance(fixture('unsigned.dsse.json'), artifact, { ...keys, requireSignatures: true })).toMatchObject({
      verified: false,
      reason: found('unsigned, and the policy requires signatures'),
    });
  });

  it('reports content problems before signature problems', async () => {
    const envelope = json(signEnvelope(statementV1(OTHER_SHA256), [testKey('ecdsa-p256', 'stranger')]));
    const check = await verifyProvenance(envelope, artifact, trusting([testKey('ecdsa-p256')], true));
    expect(check.reason).toMatch(/^subject digest differs/);
    expect(check.details.signature).toBe('not checked (statement rejected)');
  });

  it('refuses more than 16 signatures', async () => {
    const key = testKey('ed25519');
    const envelope = signEnvelope(statementV1(), Array.from({ length: 17 }, () => key));
    expect((await verifyProvenance(json(envelope), artifact, trusting([key]))).reason).toEqual(found('too many DSSE signatures (17, at most 16)'));
  });
});

describe('verifyProvenance: trust material from the policy', () => {
  it('throws a typed error for a trusted key that is not a PEM public key', async () => {
    const trust: SignatureTrust = { keys: [{ path: 'keys/broken.pem', pem: 'not a key' }], identities: [], requireSignatures: false };
    await expect(verifyProvenance(fixture('statement-v1.json'), artifact, trust)).rejects.toThrow(TrustMaterialError);
    await expect(verifyProvenance(fixture('statement-v1.json'), artifact, trust)).rejects.toThrow(/^keys\/broken\.pem: not a PEM public key/);
  });

  it('refuses a private key, which must never be committed', async () => {
    const pem = testKey('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const trust: SignatureTrust = { keys: [{ path: 'keys/oops.pem', pem }], identities: [], requireSignatures: false };
    await expect(verifyProvenance(fixture('statement-v1.json'), artifact, trust)).rejects.toThrow('keys/oops.pem: is a private key; commit only the public key');
  });

  it.each([
    ['an RSA key under 2048 bits', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey, /shorter than 2048 bits/],
    ['an X25519 key', generateKeyPairSync('x25519').publicKey, /x25519 keys are not supported/],
    ['a secp256k1 key', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey, /curve secp256k1 is not supported/],
  ])('refuses %s', async (_, key, message) => {
    const trust: SignatureTrust = { keys: [{ path: 'keys/odd.pem', pem: key.export({ type: 'spki', format: 'pem' }).toString() }], identities: [], requireSignatures: false };
    await expect(verifyProvenance(fixture('statement-v1.json'), artifact, trust)).rejects.toThrow(message);
  });
});
