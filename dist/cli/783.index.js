export const id = 783;
export const ids = [783,240,3];
export const modules = {

/***/ 69240:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ah: () => (/* binding */ findVerifyingKey),
/* harmony export */   JC: () => (/* binding */ preAuthEncoding),
/* harmony export */   TrustMaterialError: () => (/* binding */ TrustMaterialError),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   hQ: () => (/* binding */ ownField),
/* harmony export */   lc: () => (/* binding */ verifierForKey),
/* harmony export */   nj: () => (/* binding */ parseDsseEnvelope),
/* harmony export */   parseTrustedKeys: () => (/* binding */ parseTrustedKeys),
/* harmony export */   u4: () => (/* binding */ isRecord)
/* harmony export */ });
/* unused harmony exports IN_TOTO_PAYLOAD_TYPE, MAX_DSSE_SIGNATURES, decodeBase64 */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * DSSE envelopes (Dead Simple Signing Envelope, as in-toto attestations use them): strict
 * parsing and offline signature verification against the PEM public keys a policy trusts.
 * Nothing here touches the network or the file system.
 */


const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/**
 * More signatures than any real signer set needs. The bound keeps the work per envelope at
 * `signatures × trusted keys` verifications, whatever an attacker writes into the file.
 */
const MAX_DSSE_SIGNATURES = 16;
/** The trust material in the policy is unusable (a PEM that is not a public key, a trusted root that does not parse). */
class TrustMaterialError extends Error {
    name = 'TrustMaterialError';
    code = _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.InvalidValue;
}
// Standard and URL-safe alphabets both occur in the wild (the DSSE spec accepts either),
// padding optional. Buffer.from(…, 'base64') alone would skip junk characters silently.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** Decodes strict base64 (standard or URL-safe); null for anything else, including a lone leftover character. */
function decodeBase64(text) {
    if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1)
        return null;
    return Buffer.from(text, 'base64');
}
/**
 * The DSSE pre-authentication encoding: what a signer actually signs. Lengths are byte counts,
 * so a payload type with non-ASCII characters cannot shift the boundaries.
 */
function preAuthEncoding(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}
/**
 * Reads a parsed DSSE envelope. Promises: the payload type is in-toto, the payload is decoded
 * from strict base64, and at most {@link MAX_DSSE_SIGNATURES} signatures are kept; any other
 * shape yields a short reason instead of a throw.
 */
function parseDsseEnvelope(value) {
    const payloadType = ownField(value, 'payloadType');
    if (typeof payloadType !== 'string')
        return { ok: false, reason: 'DSSE envelope has no payloadType' };
    if (payloadType !== IN_TOTO_PAYLOAD_TYPE)
        return { ok: false, reason: `payloadType ${quote(payloadType)} is not in-toto` };
    const encoded = ownField(value, 'payload');
    const payload = typeof encoded === 'string' ? decodeBase64(encoded) : null;
    if (payload === null || payload.length === 0)
        return { ok: false, reason: 'undecodable DSSE payload' };
    const rawSignatures = ownField(value, 'signatures') ?? [];
    if (!Array.isArray(rawSignatures))
        return { ok: false, reason: 'DSSE signatures is not a list' };
    if (rawSignatures.length > MAX_DSSE_SIGNATURES) {
        return { ok: false, reason: `too many DSSE signatures (${rawSignatures.length}, at most ${MAX_DSSE_SIGNATURES})` };
    }
    const signatures = [];
    for (const entry of rawSignatures) {
        if (!isRecord(entry))
            return { ok: false, reason: 'DSSE signature is not an object' };
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
function findVerifyingKey(envelope, keys) {
    const signed = preAuthEncoding(envelope.payloadType, envelope.payload);
    for (const signature of envelope.signatures) {
        if (signature.sig === null)
            continue;
        for (const key of keys) {
            if (key.verifies(signed, signature.sig))
                return key.path;
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
function parseTrustedKeys(keys) {
    return keys.map(({ path, pem }) => {
        // createPublicKey would happily derive a public key from a private one; a private key in
        // the repository is a leak to report, not a key to use.
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
            throw new TrustMaterialError(`${path}: is a private key; commit only the public key`);
        let key;
        try {
            key = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(pem);
        }
        catch (error) {
            throw new TrustMaterialError(`${path}: not a PEM public key (${error.message})`);
        }
        return { path, key, verifies: verifierForKey(path, key) };
    });
}
const EC_DIGEST = { 'prime256v1': 'sha256', 'secp384r1': 'sha384', 'secp521r1': 'sha512' };
/**
 * How a DSSE signature by `key` is checked. Throws {@link TrustMaterialError} naming `path` for
 * a key type, curve or size the gate does not accept.
 */
function verifierForKey(path, key) {
    switch (key.asymmetricKeyType) {
        case 'ec': {
            const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
            const digest = EC_DIGEST[curve];
            if (digest === undefined)
                throw new TrustMaterialError(`${path}: ECDSA curve ${curve} is not supported (use P-256, P-384 or P-521)`);
            return (data, signature) => safely(() => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(digest, data, { key, dsaEncoding: 'der' }, signature));
        }
        case 'ed25519':
            return (data, signature) => safely(() => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(null, data, key, signature));
        case 'rsa':
        case 'rsa-pss':
            if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
                throw new TrustMaterialError(`${path}: RSA keys shorter than 2048 bits are not accepted`);
            if (key.asymmetricKeyType === 'rsa-pss') {
                // An RSA-PSS key may pin its digest and minimum salt length; verification must use them.
                const digest = key.asymmetricKeyDetails?.hashAlgorithm ?? 'sha256';
                return (data, signature) => safely(() => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(digest, data, pssOptions(key), signature));
            }
            // Signers differ on padding and the signature does not say which was used: try both.
            return (data, signature) => safely(() => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', data, { key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PADDING }, signature)) ||
                safely(() => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', data, pssOptions(key), signature));
        default:
            throw new TrustMaterialError(`${path}: ${key.asymmetricKeyType ?? 'unknown'} keys are not supported (use ECDSA, Ed25519 or RSA)`);
    }
}
function pssOptions(key) {
    return { key, padding: node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PKCS1_PSS_PADDING, saltLength: key.asymmetricKeyDetails?.saltLength ?? node_crypto__WEBPACK_IMPORTED_MODULE_0__.constants.RSA_PSS_SALTLEN_AUTO };
}
// A malformed signature (bad DER, wrong length) makes node:crypto throw rather than return false.
function safely(check) {
    try {
        return check();
    }
    catch {
        return false;
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Own data only: a key named `constructor` or `toString` in attacker JSON must not reach the prototype. */
function ownField(record, key) {
    return Object.hasOwn(record, key) ? record[key] : undefined;
}
/** A value from the evidence file, shortened and stripped of control characters, for a reason string. */
function quote(text, max = 80) {
    const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
    return `'${clean.length > max ? `${clean.slice(0, max)}…` : clean}'`;
}


/***/ }),

/***/ 90783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IN_TOTO_STATEMENT_TYPES: () => (/* reexport */ IN_TOTO_STATEMENT_TYPES),
  MAX_STATEMENT_LINES: () => (/* binding */ MAX_STATEMENT_LINES),
  SLSA_PROVENANCE_TYPES: () => (/* reexport */ SLSA_PROVENANCE_TYPES),
  TrustMaterialError: () => (/* reexport */ dsse.TrustMaterialError),
  verifyProvenance: () => (/* binding */ verifyProvenance)
});

// EXTERNAL MODULE: ./src/evidence/dsse.ts
var dsse = __webpack_require__(69240);
// EXTERNAL MODULE: ./src/evidence/json.ts
var json = __webpack_require__(49839);
// EXTERNAL MODULE: ./src/evidence/limits.ts
var limits = __webpack_require__(21149);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/evidence/certificate.ts
/**
 * Signatures checked against the certificate that the evidence itself carries: the leaf of a
 * Sigstore bundle, or the `cert` that slsa-github-generator v1 writes next to each DSSE
 * signature. Needing no trust anchor, this check runs whatever the policy names, so that a
 * payload changed after signing is caught even when the policy trusts nobody.
 *
 * A match proves only that the bytes are the ones the certificate's key signed; who holds that
 * key is for the trust anchors to say. So a match is never "verified" on its own.
 */


/** Each DSSE signature that carries a `cert` must verify with that certificate's key. */
function checkEmbeddedCertificates(envelope) {
    const carrying = envelope.signatures.filter((signature) => signature.cert !== null);
    if (carrying.length === 0)
        return { kind: 'none' };
    let signer = null;
    for (const [index, signature] of carrying.entries()) {
        const check = verifyWith(envelope, signature.sig, signature.cert, 'the certificate it carries');
        if (check.kind === 'bad')
            return carrying.length > 1 ? { kind: 'bad', why: `signature ${index + 1}: ${check.why}` } : check;
        if (index === 0 && check.kind === 'matches')
            signer = check.signer;
    }
    return { kind: 'matches', signer };
}
/**
 * Every DSSE signature of a Sigstore bundle must verify with the bundle's own leaf certificate
 * (DER). A bundle without a signature has nothing to verify and fails.
 */
function checkBundleCertificate(envelope, certificate) {
    if (envelope.signatures.length === 0)
        return { kind: 'bad', why: 'Sigstore bundle has no DSSE signature' };
    let signer = null;
    for (const signature of envelope.signatures) {
        const check = verifyWith(envelope, signature.sig, certificate, "the bundle's own certificate");
        if (check.kind === 'bad')
            return check;
        if (check.kind === 'matches')
            signer ??= check.signer;
    }
    return { kind: 'matches', signer };
}
function verifyWith(envelope, sig, certificate, which) {
    let parsed;
    try {
        parsed = new external_node_crypto_.X509Certificate(certificate);
    }
    catch {
        return { kind: 'bad', why: `${which} is not an X.509 certificate` };
    }
    // A signature that cannot be checked against the key that claims it is treated as one that
    // fails: the alternative would let an unusual key type carry a tampered payload through.
    let verifies;
    try {
        verifies = (0,dsse/* verifierForKey */.lc)(which, parsed.publicKey);
    }
    catch (error) {
        if (!(error instanceof dsse.TrustMaterialError))
            throw error;
        return { kind: 'bad', why: `signature cannot be checked with ${which} (${error.message.slice(which.length + 2)})` };
    }
    if (sig === null)
        return { kind: 'bad', why: 'signature is not base64' };
    if (!verifies((0,dsse/* preAuthEncoding */.JC)(envelope.payloadType, envelope.payload), sig)) {
        return { kind: 'bad', why: `signature does not verify with ${which} (payload or signature changed after signing)` };
    }
    return { kind: 'matches', signer: subjectAlternativeName(parsed) };
}
/** The first SAN entry (a workflow URI or an e-mail address), without its `URI:` / `email:` tag. */
function subjectAlternativeName(certificate) {
    const names = certificate.subjectAltName;
    if (names === undefined || names === '')
        return null;
    const first = /^(?:URI|email|DNS):("(?:[^"\\]|\\.)*"|[^,]*)/.exec(names)?.[1];
    if (first === undefined)
        return null;
    return first.startsWith('"') ? first.slice(1, -1).replace(/\\(.)/g, '$1') : first;
}

// EXTERNAL MODULE: ./src/evidence/sigstore.ts
var sigstore = __webpack_require__(37003);
// EXTERNAL MODULE: ./src/gate/digests.ts
var gate_digests = __webpack_require__(89654);
;// CONCATENATED MODULE: ./src/evidence/statement.ts
/**
 * The in-toto Statement inside provenance evidence: its type, its SLSA predicate, and whether
 * its subject names the artifact, with what the report shows about the build (builder, source,
 * subjects). Pure: no signatures, no I/O.
 */



const IN_TOTO_STATEMENT_TYPES = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];
const SLSA_PROVENANCE_TYPES = {
    'https://slsa.dev/provenance/v0.2': 'v0.2',
    'https://slsa.dev/provenance/v1': 'v1',
};
/** Subject names copied into the report; a statement may list thousands. */
const MAX_SUBJECT_NAMES = 20;
/** Longest string copied from the evidence into the report. */
const MAX_DETAIL_CHARS = 512;
const NOT_CHECKED = 'not checked (statement rejected)';
const EXPECTED_STATEMENT = `expected an in-toto Statement (_type ${IN_TOTO_STATEMENT_TYPES.join(' or ')}); use the provenance exactly as the builder wrote it`;
/**
 * The DSSE payload as a JSON value, read as strictly as a file; a reason when it is not UTF-8
 * JSON or repeats a key.
 */
function decodePayload(payload) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    }
    catch {
        return { ok: false, reason: 'undecodable DSSE payload (not UTF-8 text)' };
    }
    const parsed = (0,json/* parseStrictJson */.RJ)(text);
    if (parsed.ok)
        return parsed;
    return { ok: false, reason: parsed.reason === 'not valid JSON' ? 'undecodable DSSE payload (not JSON)' : `DSSE payload: ${parsed.reason}` };
}
/**
 * Checks `_type`, `predicateType`, `subject` and the artifact's digest, in that order, filling
 * the details as it learns them. Returns the first problem, or null when the statement names
 * the artifact.
 */
function checkStatement(statement, subject, details) {
    if (!(0,dsse/* isRecord */.u4)(statement))
        return `payload is not an in-toto Statement (not a JSON object): ${EXPECTED_STATEMENT}`;
    const type = (0,dsse/* ownField */.hQ)(statement, '_type');
    if (type === undefined)
        return `missing _type (not an in-toto Statement): ${EXPECTED_STATEMENT}`;
    if (typeof type !== 'string' || !IN_TOTO_STATEMENT_TYPES.includes(type))
        return `wrong _type ${describeValue(type)}: ${EXPECTED_STATEMENT}`;
    details.statement_type = type;
    const predicateType = (0,dsse/* ownField */.hQ)(statement, 'predicateType');
    if (typeof predicateType !== 'string' || !Object.hasOwn(SLSA_PROVENANCE_TYPES, predicateType)) {
        const found = predicateType === undefined ? 'missing predicateType' : `unknown predicate type ${describeValue(predicateType)}`;
        return `${found}: expected SLSA provenance (predicateType ${Object.keys(SLSA_PROVENANCE_TYPES).join(' or ')}); point evidence.slsa_provenance at the build provenance, not another attestation`;
    }
    details.predicate_type = predicateType;
    const predicate = (0,dsse/* ownField */.hQ)(statement, 'predicate');
    if (!(0,dsse/* isRecord */.u4)(predicate))
        return 'SLSA provenance has no predicate object: expected the build description under predicate; use the provenance exactly as the builder wrote it';
    Object.assign(details, predicateType === 'https://slsa.dev/provenance/v1' ? describeV1(predicate) : describeV02(predicate));
    const subjects = (0,dsse/* ownField */.hQ)(statement, 'subject');
    if (!Array.isArray(subjects) || subjects.length === 0)
        return "no subject: expected the artifact in subject, with its sha256 (or sha512); use the provenance generated for this artifact";
    const entries = subjects.filter(dsse/* isRecord */.u4);
    details.subject_count = subjects.length;
    details.subject_names = entries
        .map((entry) => (0,dsse/* ownField */.hQ)(entry, 'name'))
        .filter((name) => typeof name === 'string')
        .slice(0, MAX_SUBJECT_NAMES)
        .map((name) => clip(name));
    // A local artifact that could not be hashed is never matched by its declared content_hash:
    // the manifest's author writes that, and a statement about other bytes would bind to it.
    if (subject.unavailable !== undefined) {
        return `artifact not hashed, so nothing to match the subject with: ${subject.unavailable}; make path_or_uri a readable file inside the workspace`;
    }
    return matchSubject(entries, subject);
}
/**
 * Null when a subject entry names the artifact, else why not. Each entry binds by its sha256,
 * or by its sha512 when it names no sha256 (SPEC §5: npm provenance names packages by sha512
 * only). The artifact's digest of that algorithm is the one the gate hashed (or, for a remote
 * URI, the declared content_hash).
 */
function matchSubject(entries, subject) {
    const wanted = { sha256: subject.sha256?.toLowerCase() ?? null, sha512: subject.sha512?.toLowerCase() ?? null };
    const digests = entries.map((entry) => (0,dsse/* ownField */.hQ)(entry, 'digest')).filter(dsse/* isRecord */.u4);
    const comparable = digests.flatMap((digest) => {
        for (const algorithm of ['sha256', 'sha512']) {
            const hex = (0,dsse/* ownField */.hQ)(digest, algorithm);
            if (typeof hex === 'string')
                return [{ algorithm, hex: hex.toLowerCase() }];
        }
        return [];
    });
    if (comparable.some(({ algorithm, hex }) => wanted[algorithm] === hex))
        return null;
    if (comparable.length === 0) {
        const algorithms = [...new Set(digests.flatMap((digest) => Object.keys(digest)))].slice(0, 4).map((name) => clip(name, 16));
        const named = algorithms.length > 0 ? `names only ${algorithms.join(', ')}` : 'names no digest';
        return `subject has no sha256 or sha512 digest (the statement ${named}): expected the artifact's sha256 or sha512; use provenance generated for the artifact's file`;
    }
    const known = comparable.find(({ algorithm }) => wanted[algorithm] !== null);
    if (known === undefined) {
        const algorithms = [...new Set(comparable.map(({ algorithm }) => algorithm))].join(' and ');
        return `artifact ${algorithms} unknown, so nothing to match the subject with: the statement names the artifact by ${algorithms}; make path_or_uri a workspace file (the gate hashes it), or declare a content_hash of that algorithm`;
    }
    const { algorithm, hex } = known;
    const sameAlgorithm = comparable.filter((entry) => entry.algorithm === algorithm).length;
    const more = sameAlgorithm > 1 ? ` (and ${sameAlgorithm - 1} more subject${sameAlgorithm > 2 ? 's' : ''})` : '';
    const artifact = wanted[algorithm];
    return (`subject digest differs: the statement names ${algorithm}:${clip(hex, 128)}${more}, the artifact is ${algorithm}:${artifact} ` +
        `(${(0,gate_digests/* whereDigestsDiffer */.R)(clip(hex, 128), artifact)}); the provenance describes other bytes: use the provenance built with this artifact, or point path_or_uri at the file it describes`);
}
/** SLSA v0.2: builder.id, buildType, invocation.configSource (uri@ref, digest), else the first material. */
function describeV02(predicate) {
    const configSource = pick(predicate, 'invocation', 'configSource');
    const material = firstRecord((0,dsse/* ownField */.hQ)(predicate, 'materials'));
    const source = splitGitUri(statement_text(configSource, 'uri') ?? statement_text(material, 'uri'));
    return {
        builder_id: clip(statement_text(pick(predicate, 'builder'), 'id')),
        build_type: clip(statement_text(predicate, 'buildType')),
        source_repository: clip(source.repository),
        source_ref: clip(source.ref),
        source_commit: clip(statement_text(pick(configSource, 'digest'), 'sha1') ?? statement_text(pick(material, 'digest'), 'sha1')),
    };
}
/**
 * SLSA v1: runDetails.builder.id, buildDefinition.buildType; the source from
 * externalParameters.workflow (GitHub Actions build types), else the first resolved dependency.
 */
function describeV1(predicate) {
    const definition = pick(predicate, 'buildDefinition');
    const workflow = pick(definition, 'externalParameters', 'workflow');
    const dependency = firstRecord((0,dsse/* ownField */.hQ)(definition ?? {}, 'resolvedDependencies'));
    const fromDependency = splitGitUri(statement_text(dependency, 'uri'));
    const digest = pick(dependency, 'digest');
    return {
        builder_id: clip(statement_text(pick(predicate, 'runDetails', 'builder'), 'id')),
        build_type: clip(statement_text(definition, 'buildType')),
        source_repository: clip(statement_text(workflow, 'repository') ?? fromDependency.repository),
        source_ref: clip(statement_text(workflow, 'ref') ?? fromDependency.ref),
        source_commit: clip(statement_text(digest, 'gitCommit') ?? statement_text(digest, 'sha1')),
    };
}
/** `git+https://github.com/o/r@refs/tags/v1` → repository `https://github.com/o/r`, ref `refs/tags/v1`. */
function splitGitUri(uri) {
    if (uri === null)
        return { repository: null, ref: null };
    const bare = uri.startsWith('git+') ? uri.slice(4) : uri;
    const at = bare.lastIndexOf('@');
    // An '@' before the path is user info (git@host), not a ref.
    if (at > bare.indexOf('/', bare.indexOf('//') + 2) && at > 0)
        return { repository: bare.slice(0, at), ref: bare.slice(at + 1) };
    return { repository: bare, ref: null };
}
/** Walks a fixed path of own object fields; a loop over a constant list, never over attacker depth. */
function pick(start, ...keys) {
    let current = start;
    for (const key of keys) {
        if (!(0,dsse/* isRecord */.u4)(current))
            return null;
        current = (0,dsse/* ownField */.hQ)(current, key);
    }
    return (0,dsse/* isRecord */.u4)(current) ? current : null;
}
function statement_text(record, key) {
    if (!record)
        return null;
    const value = (0,dsse/* ownField */.hQ)(record, key);
    return typeof value === 'string' && value !== '' ? value : null;
}
function firstRecord(list) {
    return Array.isArray(list) && (0,dsse/* isRecord */.u4)(list[0]) ? list[0] : null;
}
function clip(value, max = MAX_DETAIL_CHARS) {
    if (value === null)
        return null;
    const clean = value.replace(/[\u0000-\u001f\u007f]/g, '?');
    return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
/** A value from the file as a reason shows it: strings quoted and clipped, anything else by its type. */
function describeValue(value) {
    if (typeof value === 'string')
        return (0,dsse/* quote */.hD)(value);
    return `(${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value})`;
}
function emptyDetails(container) {
    return {
        container,
        statement_type: null,
        predicate_type: null,
        builder_id: null,
        build_type: null,
        source_repository: null,
        source_ref: null,
        source_commit: null,
        subject_names: [],
        subject_count: 0,
        signed: false,
        signature_verified: false,
        signature: NOT_CHECKED,
    };
}

;// CONCATENATED MODULE: ./src/evidence/signature.ts
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




/** What the policy needs to verify a Sigstore bundle; said wherever a bundle could not be verified for want of it. */
const HOW_TO_VERIFY_BUNDLES = 'set sigstore_trusted_root (the trusted root of the Sigstore instance that signed it) and sigstore_identities in the policy to verify it';
/** A DSSE envelope given on its own (or as one JSON line). */
function envelopeSignatureStatus(envelope, context, details) {
    if (envelope.signatures.length === 0)
        return { kind: 'unsigned' };
    const own = checkEmbeddedCertificates(envelope);
    if (own.kind === 'bad')
        return { kind: 'bad', why: `${own.why}; use the file exactly as the builder wrote it` };
    if (own.kind === 'matches') {
        details.signer_identity = clip(own.signer);
        // A key in trusted_keys may have signed it beside the certificate; otherwise no key can:
        // a Fulcio certificate's key is made for one signature and thrown away.
        const trustedPath = context.keys.length > 0 ? (0,dsse/* findVerifyingKey */.Ah)(envelope, context.keys) : null;
        if (trustedPath !== null)
            return { kind: 'verified', description: `verified with ${trustedPath}` };
        // slsa-github-generator v1: a Fulcio certificate in the signature and no log entry, so no
        // trusted root can vouch for it offline, and trusted_keys never could.
        const signer = own.signer === null ? '' : ` (${clip(own.signer)})`;
        return {
            kind: 'unverifiable',
            why: `the signature matches the certificate it carries${signer}, but nothing can vouch for that certificate offline: the envelope has no transparency-log entry, ` +
                'and trusted_keys cannot name a one-time Fulcio key; to verify it, have the builder write a Sigstore bundle (slsa-github-generator 2.1 or later, actions/attest-build-provenance) and set sigstore_trusted_root and sigstore_identities',
        };
    }
    if (context.keys.length > 0)
        return withTrustedKeys(envelope, context.keys, '');
    // With no key to try, a signature that is not even base64 can only be a broken or forged one.
    if (envelope.signatures.some((signature) => signature.sig === null))
        return { kind: 'bad', why: 'a DSSE signature is empty or not base64: the envelope is damaged; use the file exactly as the builder wrote it' };
    const keyid = envelope.signatures.find((signature) => signature.keyid !== null)?.keyid;
    return { kind: 'unverifiable', why: `signed by a key${keyid ? ` (keyid ${(0,dsse/* quote */.hD)(keyid, 40)})` : ''} that the policy does not name: add the signer's public key (PEM) to trusted_keys to verify it` };
}
/** A Sigstore bundle whose content is a DSSE envelope (already parsed from the same JSON). */
function bundleSignatureStatus(bundle, envelope, context, details) {
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
        if (own.kind === 'bad')
            return { kind: 'bad', why: `${own.why}; use the bundle exactly as it was signed` };
        details.signer_identity = clip(own.kind === 'matches' ? own.signer : null);
        return { kind: 'unverifiable', why: `the signature matches the bundle's own certificate, but the policy names no sigstore_trusted_root to say who issued it: ${HOW_TO_VERIFY_BUNDLES}` };
    }
    // The library checks the same signature, and the chain and log entry with it.
    const result = (0,sigstore.verifySigstoreBundle)(bundle, (0,sigstore.loadTrustedRoot)(context.trust.trustedRoot));
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
function withTrustedKeys(envelope, keys, note) {
    const path = (0,dsse/* findVerifyingKey */.Ah)(envelope, keys);
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
function signerAllowed(signer, issuer, identities) {
    if (signer === null || issuer === null)
        return false;
    return identities.some((identity) => identity.issuer === issuer && (identity.subject !== undefined ? identity.subject === signer : identity.subject_prefix !== undefined && signer.startsWith(identity.subject_prefix)));
}

;// CONCATENATED MODULE: ./src/evidence/provenance.ts
/**
 * SLSA provenance evidence (SPEC §5): an in-toto Statement, given plain, as JSON lines, in a
 * DSSE envelope or in a Sigstore bundle, whose predicate is SLSA provenance and whose subject
 * names the artifact's sha256. The statement is judged by ./statement.ts, its signature by
 * ./signature.ts (which says what "signed, not verified" and "bad signature" mean); this module
 * reads the file and picks the verdict.
 */








/** JSON lines beyond this are refused: each line may cost signature checks. */
const MAX_STATEMENT_LINES = 256;
const UNSIGNED = 'claims not cryptographically verified';
const INVALID = 'not valid JSON';
/** What a provenance file must be, as every reason about its shape says. */
const EXPECTED = 'expected an in-toto statement of SLSA provenance, plain, in a DSSE envelope or in a Sigstore bundle (JSON or JSON lines)';
const EXPECTED_ENVELOPE = 'expected a DSSE envelope whose payload is an in-toto statement (payloadType application/vnd.in-toto+json); use the file exactly as the builder wrote it';
const EXPECTED_BUNDLE = 'expected a Sigstore bundle (v0.1 to v0.3) holding a DSSE envelope of an in-toto statement; use the bundle as the builder (or gh attestation download) wrote it';
/**
 * Checks one provenance evidence file against the artifact it must describe. Promises: never
 * throws on the file's content (every defect is a `verified: false` with a short reason), never
 * touches the network, and bounds its work by the file size, {@link MAX_STATEMENT_LINES} and
 * the DSSE signature cap. Throws {@link TrustMaterialError} only when the policy's own trust
 * material (a PEM key, the Sigstore trusted root) is unusable.
 */
async function verifyProvenance(file, subject, trust) {
    // Trust material is checked before the file, so that a broken policy fails every run alike.
    const context = { trust, keys: trustedKeys(trust) };
    if (trust.trustedRoot !== undefined)
        (0,sigstore.loadTrustedRoot)(trust.trustedRoot);
    if (file.bytes.length > limits/* DEFAULT_MAX_EVIDENCE_BYTES */.f5) {
        return failure(`file too large (${file.bytes.length} bytes, at most ${limits/* DEFAULT_MAX_EVIDENCE_BYTES */.f5}): ${EXPECTED}, a few KiB; point evidence.slsa_provenance at the provenance file`, emptyDetails(null));
    }
    const parsed = parseDocuments(file.bytes);
    if (parsed.kind === 'error')
        return failure(parsed.reason, emptyDetails(null));
    if (parsed.kind === 'single') {
        const { verified, reason, details } = evaluateDocument(parsed.value, subject, context);
        return { verified, reason, details };
    }
    const outcomes = parsed.lines.map(({ number, value }) => asLine(evaluateDocument(value, subject, context), number, parsed.lines.length));
    return chooseLine(outcomes);
}
const parsedKeys = new WeakMap();
function trustedKeys(trust) {
    const cached = parsedKeys.get(trust.keys);
    if (cached)
        return cached;
    const keys = (0,dsse.parseTrustedKeys)(trust.keys);
    parsedKeys.set(trust.keys, keys);
    return keys;
}
/**
 * One JSON document, or JSON lines. A file that does not parse whole is read as JSON lines only
 * when its first line is a JSON document of its own, so that a truncated pretty-printed file is
 * reported as truncated rather than as a bad line 1.
 */
function parseDocuments(bytes) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        return { kind: 'error', reason: `not JSON (not UTF-8 text): ${EXPECTED}; point evidence.slsa_provenance at the provenance file` };
    }
    if (text.trim() === '')
        return { kind: 'error', reason: `empty file: ${EXPECTED}; write the provenance to this path before the gate runs` };
    const whole = (0,json/* parseStrictJson */.RJ)(text);
    if (whole.ok)
        return { kind: 'single', value: whole.value };
    // Parsed but refused (a repeated key, too deep, too many values): never retried as lines.
    if (whole.reason !== INVALID)
        return { kind: 'error', reason: `${whole.reason}: ${EXPECTED}; use the file exactly as the builder wrote it` };
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.trim() !== '');
    const looksJson = /^\s*[[{]/.test(text);
    const firstLine = (0,json/* parseStrictJson */.RJ)(lines[first] ?? '');
    if (!firstLine.ok && firstLine.reason === INVALID) {
        return { kind: 'error', reason: looksJson ? `truncated or invalid JSON: ${EXPECTED}; download or copy the provenance again` : `not JSON: ${EXPECTED}; point evidence.slsa_provenance at the provenance file` };
    }
    const numbered = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== '');
    if (numbered.length > MAX_STATEMENT_LINES) {
        return { kind: 'error', reason: `too many JSON lines (${numbered.length}, at most ${MAX_STATEMENT_LINES}): expected the statements of one release; keep only those for this release` };
    }
    const parsedLines = [];
    for (const { line, number } of numbered) {
        const parsed = (0,json/* parseStrictJson */.RJ)(line);
        if (!parsed.ok) {
            const what = parsed.reason === INVALID ? `truncated or invalid JSON (line ${number})` : `line ${number}: ${parsed.reason}`;
            return { kind: 'error', reason: `${what}: expected one JSON document per line; download or copy the provenance again` };
        }
        parsedLines.push({ number, value: parsed.value });
    }
    return { kind: 'lines', lines: parsedLines };
}
/**
 * Picks the verdict of a JSON-lines file. A line about this artifact whose signature fails
 * decides at once (tampering); otherwise the first line that verifies; otherwise the line that
 * came closest (named the artifact, then any well-formed statement, then the first line).
 */
function chooseLine(outcomes) {
    const decide = (outcome) => ({
        verified: outcome.verified,
        reason: `line ${outcome.details.line} of ${outcome.details.lines}: ${outcome.reason}`,
        details: outcome.details,
    });
    const tampered = outcomes.find((outcome) => outcome.namesArtifact && outcome.badSignature);
    if (tampered)
        return decide(tampered);
    const verified = outcomes.find((outcome) => outcome.verified);
    if (verified)
        return decide(verified);
    const closest = outcomes.find((outcome) => outcome.namesArtifact) ??
        outcomes.find((outcome) => outcome.details.predicate_type !== null && outcome.details.subject_count > 0) ??
        outcomes[0];
    return decide(closest);
}
/** Marks an outcome as one line of a JSON-lines file, keeping how that line was wrapped. */
function asLine(outcome, line, lines) {
    const { container, ...rest } = outcome.details;
    const lineContainer = container === null || container === 'jsonl' ? {} : { line_container: container };
    return { ...outcome, details: { container: 'jsonl', ...lineContainer, line, lines, ...rest } };
}
/**
 * Judges one JSON value by its shape: a Sigstore bundle announces itself by `mediaType`, a DSSE
 * envelope has `payloadType` (or `payload` and `signatures`), anything else is read as a plain
 * statement. Nothing nests further: a DSSE payload must be a statement, never another envelope.
 */
function evaluateDocument(value, subject, context) {
    if (!(0,dsse/* isRecord */.u4)(value))
        return rejected(`not an in-toto Statement, DSSE envelope or Sigstore bundle (the JSON is not an object): ${EXPECTED}; point evidence.slsa_provenance at the provenance your builder wrote`, emptyDetails(null));
    const requireSignatures = context.trust.requireSignatures;
    if ((0,sigstore.announcesSigstoreBundle)(value)) {
        const details = emptyDetails('sigstore-bundle');
        const parsedBundle = (0,sigstore.parseSigstoreBundle)(value);
        if (!parsedBundle.ok)
            return rejected(`${parsedBundle.reason}: ${EXPECTED_BUNDLE}`, details);
        // The statement is read from the same JSON the library parsed, with our own strict decoder.
        const rawEnvelope = (0,dsse/* ownField */.hQ)(value, 'dsseEnvelope');
        if (!(0,dsse/* isRecord */.u4)(rawEnvelope))
            return rejected(`Sigstore bundle has no dsseEnvelope: ${EXPECTED_BUNDLE}`, details);
        const envelope = (0,dsse/* parseDsseEnvelope */.nj)(rawEnvelope);
        if (!envelope.ok)
            return rejected(`${envelope.reason}: ${EXPECTED_BUNDLE}`, details);
        details.signed = true;
        const statement = decodePayload(envelope.envelope.payload);
        if (!statement.ok)
            return rejected(`${statement.reason}: ${EXPECTED_BUNDLE}`, details);
        return judgeStatement(statement.value, details, subject, requireSignatures, () => bundleSignatureStatus(parsedBundle.value, envelope.envelope, context, details));
    }
    if (Object.hasOwn(value, 'payloadType') || (Object.hasOwn(value, 'payload') && Object.hasOwn(value, 'signatures'))) {
        const details = emptyDetails('dsse');
        const envelope = (0,dsse/* parseDsseEnvelope */.nj)(value);
        if (!envelope.ok)
            return rejected(`${envelope.reason}: ${EXPECTED_ENVELOPE}`, details);
        details.signed = envelope.envelope.signatures.length > 0;
        const statement = decodePayload(envelope.envelope.payload);
        if (!statement.ok)
            return rejected(`${statement.reason}: ${EXPECTED_ENVELOPE}`, details);
        return judgeStatement(statement.value, details, subject, requireSignatures, () => envelopeSignatureStatus(envelope.envelope, context, details));
    }
    return judgeStatement(value, emptyDetails('statement'), subject, requireSignatures, () => ({ kind: 'unsigned' }));
}
/**
 * Judges the statement (a decoded DSSE payload, or plain), then, only when its content passes,
 * its signature: crypto is spent only on statements that would otherwise verify.
 */
function judgeStatement(statement, details, subject, requireSignatures, checkSignature) {
    const contentProblem = checkStatement(statement, subject, details);
    if (contentProblem !== null)
        return rejected(contentProblem, details);
    const status = checkSignature();
    const version = SLSA_PROVENANCE_TYPES[details.predicate_type ?? ''] ?? '';
    const claim = `SLSA provenance ${version} names the artifact`;
    const named = (verified, reason, badSignature = false) => ({ verified, reason, details, namesArtifact: true, badSignature });
    switch (status.kind) {
        case 'verified':
            details.signature_verified = true;
            details.signature = status.description;
            return named(true, `${claim}; signature ${status.description}`);
        case 'bad':
            details.signature = status.why;
            return named(false, status.why, true);
        case 'unverifiable':
            details.signature = `signed, not verified (${status.why})`;
            if (requireSignatures)
                return named(false, `signature not verified, and the policy requires signatures: ${status.why}`);
            return named(true, `${claim}; ${details.signature}`);
        case 'unsigned':
            details.signature = UNSIGNED;
            if (requireSignatures) {
                return named(false, 'unsigned, and the policy requires signatures: expected a DSSE envelope or Sigstore bundle from a trusted signer; sign the provenance (e.g. with actions/attest-build-provenance)');
            }
            return named(true, `${claim}; ${UNSIGNED}`);
    }
}
function rejected(reason, details) {
    return { verified: false, reason, details, namesArtifact: false, badSignature: false };
}
function failure(reason, details) {
    return { verified: false, reason, details };
}


/***/ }),

/***/ 37003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SIGSTORE_BUNDLE_MEDIA_TYPES: () => (/* binding */ SIGSTORE_BUNDLE_MEDIA_TYPES),
/* harmony export */   announcesSigstoreBundle: () => (/* binding */ announcesSigstoreBundle),
/* harmony export */   loadTrustedRoot: () => (/* binding */ loadTrustedRoot),
/* harmony export */   parseSigstoreBundle: () => (/* binding */ parseSigstoreBundle),
/* harmony export */   verifySigstoreBundle: () => (/* binding */ verifySigstoreBundle)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19654);
/* harmony import */ var _sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54187);
/* harmony import */ var _dsse_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(69240);
/**
 * Sigstore bundles that carry an in-toto statement: which media types we accept, structural
 * validation, and offline verification (certificate chain, SCTs, transparency-log inclusion,
 * signature) against a trusted root that the policy names. The trusted root is never fetched.
 */




const SIGSTORE_BUNDLE_MEDIA_TYPES = [
    'application/vnd.dev.sigstore.bundle+json;version=0.1',
    'application/vnd.dev.sigstore.bundle+json;version=0.2',
    'application/vnd.dev.sigstore.bundle+json;version=0.3',
    'application/vnd.dev.sigstore.bundle.v0.3+json',
];
const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\+json;version=0\.\d+|\.v0\.\d+\+json)$/;
// Real bundles hold one Fulcio certificate (or a chain of two or three) of about 2 KiB and one
// tlog entry. The bounds keep the ASN.1 and Merkle work an attacker can ask of us small.
const MAX_CERTIFICATE_BYTES = 16 * 1024;
const MAX_CERTIFICATES = 4;
const MAX_TLOG_ENTRIES = 4;
const MAX_RFC3161_TIMESTAMPS = 4;
const MAX_INCLUSION_HASHES = 64;
/** True when the object announces itself as a Sigstore bundle, whatever its version. */
function announcesSigstoreBundle(record) {
    const mediaType = (0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .ownField */ .hQ)(record, 'mediaType');
    return typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle');
}
/**
 * Validates a parsed bundle as @sigstore/bundle does for its media type (v0.1 needs inclusion
 * promises, v0.2+ inclusion proofs), then checks that it holds a DSSE envelope and stays within
 * small size bounds. Never throws on attacker data: every problem becomes a reason.
 */
function parseSigstoreBundle(record) {
    const mediaType = (0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .ownField */ .hQ)(record, 'mediaType');
    if (typeof mediaType !== 'string' || !SIGSTORE_BUNDLE_MEDIA_TYPES.includes(mediaType)) {
        return { ok: false, reason: `unsupported Sigstore bundle mediaType ${(0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(String(mediaType))}` };
    }
    let bundle;
    try {
        bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__/* .bundleFromJSON */ .vw)(record);
    }
    catch (error) {
        const what = error instanceof _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__/* .ValidationError */ .yI && error.fields.length > 0 ? error.fields.join(', ') : error.message;
        return { ok: false, reason: `invalid Sigstore bundle (${what})` };
    }
    if (bundle.content.$case !== 'dsseEnvelope') {
        return { ok: false, reason: 'Sigstore bundle signs a message digest, not an in-toto statement (no dsseEnvelope)' };
    }
    const material = bundle.verificationMaterial;
    const certificates = material.content.$case === 'x509CertificateChain'
        ? material.content.x509CertificateChain.certificates
        : material.content.$case === 'certificate'
            ? [material.content.certificate]
            : [];
    if (certificates.length > MAX_CERTIFICATES || certificates.some((cert) => cert.rawBytes.length > MAX_CERTIFICATE_BYTES)) {
        return { ok: false, reason: 'invalid Sigstore bundle (certificate chain too large)' };
    }
    const timestamps = material.timestampVerificationData?.rfc3161Timestamps ?? [];
    const proofTooLong = material.tlogEntries.some((entry) => (entry.inclusionProof?.hashes.length ?? 0) > MAX_INCLUSION_HASHES);
    if (material.tlogEntries.length > MAX_TLOG_ENTRIES || timestamps.length > MAX_RFC3161_TIMESTAMPS || proofTooLong) {
        return { ok: false, reason: 'invalid Sigstore bundle (too many transparency-log entries or timestamps)' };
    }
    const leaf = certificates[0]?.rawBytes;
    if (material.content.$case !== 'publicKey' && (leaf === undefined || leaf.length === 0)) {
        return { ok: false, reason: 'invalid Sigstore bundle (no signing certificate)' };
    }
    return {
        ok: true,
        value: { bundle, material: material.content.$case === 'publicKey' ? 'public-key' : 'certificate', certificate: leaf === undefined ? null : Buffer.from(leaf) },
    };
}
/**
 * Verifies a certificate-signed bundle against the trust material, offline: the certificate
 * chains to a trusted CA at the log's time, carries a valid SCT, the tlog entry is included
 * (promise or proof) and matches, and the DSSE signature verifies. The signer's identity is
 * returned for the report; no identity policy is applied here.
 */
function verifySigstoreBundle(value, trust) {
    try {
        const signer = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL(trust).verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(value.bundle));
        return { verified: true, signer: signer.identity?.subjectAlternativeName ?? null, issuer: signer.identity?.extensions?.issuer ?? null };
    }
    catch (error) {
        // VerificationError carries a code; an ASN.1 or other parse error from a hostile
        // certificate is just as much a failed verification.
        const code = (0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .isRecord */ .u4)(error) && typeof error.code === 'string' ? `${error.code}: ` : '';
        return { verified: false, reason: `${code}${error instanceof Error ? error.message : String(error)}` };
    }
}
const trustedRoots = new WeakMap();
/**
 * Turns the parsed `trusted_root.json` from the policy into trust material, once per object.
 * Throws {@link TrustMaterialError} when it is not a Sigstore trusted root: that is a
 * configuration error for the whole run, not a property of one evidence file.
 */
function loadTrustedRoot(json) {
    if (!(0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .isRecord */ .u4)(json))
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError('sigstore trusted root is not a JSON object');
    const cached = trustedRoots.get(json);
    if (cached)
        return cached;
    const mediaType = (0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .ownField */ .hQ)(json, 'mediaType');
    if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError(`sigstore trusted root has mediaType ${(0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .quote */ .hD)(String(mediaType))}, not a Sigstore trusted root`);
    }
    let material;
    try {
        material = (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toTrustMaterial */ .jO)(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__.TrustedRoot.fromJSON(json));
    }
    catch (error) {
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError(`sigstore trusted root does not parse: ${error.message}`);
    }
    if (material.certificateAuthorities.length === 0 || material.tlogs.length === 0) {
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError('sigstore trusted root names no certificate authority or no transparency log');
    }
    trustedRoots.set(json, material);
    return material;
}


/***/ })

};
