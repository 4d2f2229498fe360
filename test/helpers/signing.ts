/**
 * Real signatures for provenance tests, made in-process: keys from node:crypto, DSSE envelopes
 * signed over the PAE, and a self-made Sigstore deployment (a Fulcio-like CA, a CT log and a
 * Rekor-like log, each an ECDSA P-256 key) that produces bundles @sigstore/verify accepts
 * offline. Nothing is fetched and no key outlives the test process.
 */
import { constants, createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export const IN_TOTO = 'application/vnd.in-toto+json';

// ---------------------------------------------------------------------------------------------
// Keys and DSSE

export type KeyKind = 'ecdsa-p256' | 'ecdsa-p384' | 'ed25519' | 'rsa' | 'rsa-pss';

export interface TestKey {
  kind: KeyKind;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

const keyCache = new Map<string, TestKey>();

/** A key pair of the given kind; `name` gives a second, distinct key of the same kind. RSA is slow to make, hence the cache. */
export function testKey(kind: KeyKind, name = 'default'): TestKey {
  const id = `${kind}/${name}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const pair =
    kind === 'ecdsa-p256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : kind === 'ecdsa-p384'
        ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
        : kind === 'ed25519'
          ? generateKeyPairSync('ed25519')
          : kind === 'rsa'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256' });
  const key: TestKey = {
    kind,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  keyCache.set(id, key);
  return key;
}

/** DSSE pre-authentication encoding, written from the spec independently of the code under test. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType);
  return Buffer.concat([Buffer.from('DSSEv1 '), Buffer.from(String(type.length)), Buffer.from(' '), type, Buffer.from(` ${payload.length} `), payload]);
}

/** Signs `data` as a DSSE signer of this kind would: DER ECDSA, plain Ed25519, RSA PKCS#1 v1.5 or PSS. */
export function signBytes(key: TestKey, data: Buffer, rsaPadding: 'pkcs1' | 'pss' = 'pkcs1'): Buffer {
  switch (key.kind) {
    case 'ecdsa-p256':
      return sign('sha256', data, { key: key.privateKey, dsaEncoding: 'der' });
    case 'ecdsa-p384':
      return sign('sha384', data, { key: key.privateKey, dsaEncoding: 'der' });
    case 'ed25519':
      return sign(null, data, key.privateKey);
    case 'rsa':
      return rsaPadding === 'pss'
        ? sign('sha256', data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : sign('sha256', data, { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING });
    case 'rsa-pss':
      return sign('sha256', data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  }
}

export interface EnvelopeOptions {
  payloadType?: string;
  rsaPadding?: 'pkcs1' | 'pss';
}

/** A DSSE envelope (JSON shape) over `payload`, signed by each key in turn. */
export function signEnvelope(payload: unknown, keys: readonly TestKey[], options: EnvelopeOptions = {}): Record<string, unknown> {
  const payloadType = options.payloadType ?? IN_TOTO;
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    payloadType,
    payload: bytes.toString('base64'),
    signatures: keys.map((key, index) => ({ keyid: `${key.kind}-${index}`, sig: signBytes(key, pae(payloadType, bytes), options.rsaPadding).toString('base64') })),
  };
}

// ---------------------------------------------------------------------------------------------
// Statements

export const ARTIFACT_SHA256 = createHash('sha256').update('maestro-gate provenance fixture artifact\n').digest('hex');
export const OTHER_SHA256 = createHash('sha256').update('some other artifact\n').digest('hex');

/** A SLSA v1 statement as slsa-github-generator / actions/attest-build-provenance write them. */
export function statementV1(sha256 = ARTIFACT_SHA256, name = 'app-1.0.0.tgz'): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256 } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: { workflow: { ref: 'refs/tags/v1.0.0', repository: 'https://github.com/acme/app', path: '.github/workflows/release.yml' } },
        resolvedDependencies: [{ uri: 'git+https://github.com/acme/app@refs/tags/v1.0.0', digest: { gitCommit: '0123456789abcdef0123456789abcdef01234567' } }],
      },
      runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' }, metadata: { invocationId: 'https://github.com/acme/app/actions/runs/1/attempts/1' } },
    },
  };
}

/** A SLSA v0.2 statement with an in-toto v0.1 envelope type, as older generators wrote them. */
export function statementV02(sha256 = ARTIFACT_SHA256, name = 'app-1.0.0.tgz'): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name, digest: { sha256 } }],
    predicate: {
      builder: { id: 'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v1.9.0' },
      buildType: 'https://github.com/slsa-framework/slsa-github-generator/generic@v1',
      invocation: {
        configSource: { uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { sha1: 'fedcba9876543210fedcba9876543210fedcba98' }, entryPoint: '.github/workflows/release.yml' },
      },
      materials: [{ uri: 'git+https://github.com/acme/app@refs/heads/main', digest: { sha1: 'fedcba9876543210fedcba9876543210fedcba98' } }],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A minimal DER writer: just what a certificate needs. Canonical output matters, because
// @sigstore/core re-encodes what it parses before checking signatures over it.

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}
const sequence = (...parts: Buffer[]): Buffer => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => der(0x31, Buffer.concat(parts));
const octets = (content: Buffer): Buffer => der(0x04, content);
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text));
const bool = (value: boolean): Buffer => der(0x01, Buffer.from([value ? 0xff : 0x00]));
const explicit = (tag: number, inner: Buffer): Buffer => der(0xa0 | tag, inner);
const smallInteger = (value: number): Buffer => der(0x02, Buffer.from([value]));
const bits = (unused: number, content: Buffer): Buffer => der(0x03, Buffer.concat([Buffer.from([unused]), content]));

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const body: number[] = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | rest % 128);
    body.push(...chunk);
  }
  return der(0x06, Buffer.from(body));
}

function utcTime(date: Date): Buffer {
  const two = (n: number): string => String(n).padStart(2, '0');
  const text = `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(text));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function name(organization: string, commonName: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.10'), utf8(organization))), set(sequence(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), bool(true), octets(value)) : sequence(oid(id), octets(value));
}

function positiveSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return der(0x02, bytes);
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

interface CertificateSpec {
  issuer: Buffer;
  subject: Buffer;
  subjectKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function tbsCertificate(spec: CertificateSpec, serial: Buffer): Buffer {
  return sequence(
    explicit(0, smallInteger(2)),
    serial,
    ECDSA_WITH_SHA256,
    spec.issuer,
    sequence(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    spec.subject,
    spki(spec.subjectKey),
    explicit(3, sequence(...spec.extensions)),
  );
}

function certificate(tbs: Buffer, issuerKey: KeyObject): Buffer {
  return sequence(tbs, ECDSA_WITH_SHA256, bits(0, sign('sha256', tbs, { key: issuerKey, dsaEncoding: 'der' })));
}

const uint16 = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);
const uint24 = (value: number): Buffer => Buffer.from([value >> 16, (value >> 8) & 0xff, value & 0xff]);

// ---------------------------------------------------------------------------------------------
// A self-made Sigstore deployment

export interface SigstoreFixture {
  /** A v0.3 bundle (JSON shape) whose DSSE envelope holds `statement`. */
  bundle: Record<string, unknown>;
  /** The trusted root (JSON shape) that verifies it, and only it. */
  trustedRoot: Record<string, unknown>;
  signerIdentity: string;
}

export interface SigstoreOptions {
  payloadType?: string;
  /** Bundle media type; v0.1 bundles carry only the inclusion promise. */
  mediaType?: string;
  /** Signs a different payload than the one placed in the bundle. */
  tamperPayload?: boolean;
}

const ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * Builds a Sigstore bundle the way the public-good instance would for a GitHub Actions
 * workflow: a short-lived leaf certificate from the CA with an embedded SCT, the DSSE envelope
 * signed by the leaf key, and one dsse/0.0.1 tlog entry with an inclusion promise (SET) and a
 * one-leaf inclusion proof under a signed checkpoint. Every trust anchor is made here.
 */
export function makeSigstoreFixture(statement: unknown, options: SigstoreOptions = {}): SigstoreFixture {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctLog = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rekor = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const minutes = (count: number): Date => new Date(now.getTime() + count * 60_000);

  const caName = name('maestro-gate.test', 'maestro-gate test CA');
  const caCert = certificate(
    tbsCertificate(
      {
        issuer: caName,
        subject: caName,
        subjectKey: ca.publicKey,
        notBefore: minutes(-60 * 24),
        notAfter: minutes(60 * 24 * 365),
        extensions: [extension('2.5.29.15', true, bits(1, Buffer.from([0x06]))), extension('2.5.29.19', true, sequence(bool(true)))],
      },
      positiveSerial(),
    ),
    ca.privateKey,
  );

  const signerIdentity = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';
  const leafExtensions = [
    extension('2.5.29.15', true, bits(7, Buffer.from([0x80]))),
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.3'))),
    extension('2.5.29.17', true, sequence(der(0x86, Buffer.from(signerIdentity)))),
    extension('1.3.6.1.4.1.57264.1.8', false, utf8(ISSUER)),
  ];
  const leafSpec: CertificateSpec = { issuer: caName, subject: sequence(), subjectKey: leaf.publicKey, notBefore: minutes(-1), notAfter: minutes(10), extensions: leafExtensions };
  const serial = positiveSerial();

  // The SCT signs the certificate as it is without the SCT extension (RFC 6962 §3.2 precert).
  const ctLogId = createHash('sha256').update(spki(ctLog.publicKey)).digest();
  const timestamp = Buffer.alloc(8);
  timestamp.writeBigUInt64BE(BigInt(now.getTime()));
  const precert = tbsCertificate(leafSpec, serial);
  const issuerKeyHash = createHash('sha256').update(spki(ca.publicKey)).digest();
  const sctSigned = Buffer.concat([Buffer.from([0, 0]), timestamp, uint16(1), issuerKeyHash, uint24(precert.length), precert, uint16(0)]);
  const sctSignature = sign('sha256', sctSigned, { key: ctLog.privateKey, dsaEncoding: 'der' });
  const sct = Buffer.concat([Buffer.from([0]), ctLogId, timestamp, uint16(0), Buffer.from([4, 3]), uint16(sctSignature.length), sctSignature]);
  const sctList = Buffer.concat([uint16(sct.length + 2), uint16(sct.length), sct]);
  const leafCert = certificate(
    tbsCertificate({ ...leafSpec, extensions: [...leafExtensions, extension('1.3.6.1.4.1.11129.2.4.2', false, octets(sctList))] }, serial),
    ca.privateKey,
  );

  const payloadType = options.payloadType ?? IN_TOTO;
  const payload = Buffer.from(JSON.stringify(statement));
  const signedPayload = options.tamperPayload ? Buffer.from(JSON.stringify({ tampered: true })) : payload;
  const signature = sign('sha256', pae(payloadType, signedPayload), { key: leaf.privateKey, dsaEncoding: 'der' });
  const envelope = { payload: payload.toString('base64'), payloadType, signatures: [{ sig: signature.toString('base64'), keyid: '' }] };

  const leafPem = `-----BEGIN CERTIFICATE-----\n${leafCert.toString('base64')}\n-----END CERTIFICATE-----\n`;
  const body = Buffer.from(
    JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: createHash('sha256').update(JSON.stringify(envelope)).digest('hex') },
        payloadHash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
        signatures: [{ signature: signature.toString('base64'), verifier: Buffer.from(leafPem).toString('base64') }],
      },
    }),
  );
  const rekorId = createHash('sha256').update(spki(rekor.publicKey)).digest();
  const integratedTime = Math.floor(now.getTime() / 1000);
  // Keys in canonical (sorted) order, as Rekor signs them.
  const setPayload = JSON.stringify({ body: body.toString('base64'), integratedTime, logID: rekorId.toString('hex'), logIndex: 0 });
  const signedEntryTimestamp = sign('sha256', Buffer.from(setPayload), { key: rekor.privateKey, dsaEncoding: 'der' });
  // One-leaf tree: the root hash is the leaf hash, and the proof has no hashes.
  const rootHash = createHash('sha256').update(Buffer.concat([Buffer.from([0]), body])).digest();
  const origin = 'rekor.maestro-gate.test';
  const note = `${origin} - 1\n1\n${rootHash.toString('base64')}\n`;
  const noteSignature = sign('sha256', Buffer.from(note), { key: rekor.privateKey, dsaEncoding: 'der' });
  const checkpoint = `${note}\n\u2014 ${origin} ${Buffer.concat([rekorId.subarray(0, 4), noteSignature]).toString('base64')}\n`;

  const mediaType = options.mediaType ?? 'application/vnd.dev.sigstore.bundle.v0.3+json';
  const isV01 = mediaType.endsWith('version=0.1');
  const tlogEntry: Record<string, unknown> = {
    logIndex: '0',
    logId: { keyId: rekorId.toString('base64') },
    kindVersion: { kind: 'dsse', version: '0.0.1' },
    integratedTime: String(integratedTime),
    inclusionPromise: { signedEntryTimestamp: signedEntryTimestamp.toString('base64') },
    canonicalizedBody: body.toString('base64'),
  };
  if (!isV01) {
    tlogEntry.inclusionProof = { logIndex: '0', rootHash: rootHash.toString('base64'), treeSize: '1', hashes: [], checkpoint: { envelope: checkpoint } };
  }
  const material = mediaType.includes('v0.3') || mediaType.endsWith('version=0.3')
    ? { certificate: { rawBytes: leafCert.toString('base64') } }
    : { x509CertificateChain: { certificates: [{ rawBytes: leafCert.toString('base64') }] } };

  const bundle = {
    mediaType,
    verificationMaterial: { ...material, tlogEntries: [tlogEntry], timestampVerificationData: { rfc3161Timestamps: [] } },
    dsseEnvelope: envelope,
  };
  const validFor = { start: minutes(-60 * 24).toISOString() };
  const logKey = (key: KeyObject) => ({ rawBytes: spki(key).toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: `https://${origin}`, hashAlgorithm: 'SHA2_256', publicKey: logKey(rekor.publicKey), logId: { keyId: rekorId.toString('base64') } }],
    certificateAuthorities: [
      { subject: { organization: 'maestro-gate.test', commonName: 'maestro-gate test CA' }, uri: 'https://ca.maestro-gate.test', certChain: { certificates: [{ rawBytes: caCert.toString('base64') }] }, validFor },
    ],
    ctlogs: [{ baseUrl: 'https://ct.maestro-gate.test', hashAlgorithm: 'SHA2_256', publicKey: logKey(ctLog.publicKey), logId: { keyId: ctLogId.toString('base64') } }],
    timestampAuthorities: [],
  };
  return { bundle, trustedRoot, signerIdentity };
}
