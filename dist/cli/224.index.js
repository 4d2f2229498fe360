export const id = 224;
export const ids = [224,3];
export const modules = {

/***/ 56224:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IN_TOTO_STATEMENT_TYPES: () => (/* reexport */ evidence_statement/* IN_TOTO_STATEMENT_TYPES */.ze),
  MAX_STATEMENT_LINES: () => (/* binding */ MAX_STATEMENT_LINES),
  SLSA_PROVENANCE_TYPES: () => (/* reexport */ evidence_statement/* SLSA_PROVENANCE_TYPES */.Ov),
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
// EXTERNAL MODULE: ./src/evidence/statement.ts
var evidence_statement = __webpack_require__(63240);
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
        details.signer_identity = (0,evidence_statement/* clip */.$Q)(own.signer);
        // A key in trusted_keys may have signed it beside the certificate; otherwise no key can:
        // a Fulcio certificate's key is made for one signature and thrown away.
        const trustedPath = context.keys.length > 0 ? (0,dsse/* findVerifyingKey */.Ah)(envelope, context.keys) : null;
        if (trustedPath !== null)
            return { kind: 'verified', description: `verified with ${trustedPath}` };
        // slsa-github-generator v1: a Fulcio certificate in the signature and no log entry, so no
        // trusted root can vouch for it offline, and trusted_keys never could.
        const signer = own.signer === null ? '' : ` (${(0,evidence_statement/* clip */.$Q)(own.signer)})`;
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
    return { kind: 'unverifiable', why: `signed by a key${keyid ? ` (keyid ${(0,dsse/* quoteEvidenceValue */.R5)(keyid, 40)})` : ''} that the policy does not name: add the signer's public key (PEM) to trusted_keys to verify it` };
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
        details.signer_identity = (0,evidence_statement/* clip */.$Q)(own.kind === 'matches' ? own.signer : null);
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
    details.signer_identity = (0,evidence_statement/* clip */.$Q)(result.signer);
    details.signer_issuer = (0,evidence_statement/* clip */.$Q)(result.issuer);
    // A valid chain only proves that *someone* signed; the policy says who may.
    if (!signerAllowed(result.signer, result.issuer, context.trust.identities)) {
        return {
            kind: 'bad',
            why: `signed by ${(0,evidence_statement/* clip */.$Q)(result.signer) ?? 'an unknown identity'} (issuer ${(0,evidence_statement/* clip */.$Q)(result.issuer) ?? 'unknown'}), which is not in policy.sigstore_identities: add that identity if it may sign releases, or use provenance from an allowed workflow`,
        };
    }
    return { kind: 'verified', description: `verified with the Sigstore trusted root${result.signer ? `, signer ${(0,evidence_statement/* clip */.$Q)(result.signer)}` : ''}` };
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
        return failure(`file too large (${file.bytes.length} bytes, at most ${limits/* DEFAULT_MAX_EVIDENCE_BYTES */.f5}): ${EXPECTED}, a few KiB; point evidence.slsa_provenance at the provenance file`, (0,evidence_statement/* emptyDetails */.Yx)(null));
    }
    const parsed = parseDocuments(file.bytes);
    if (parsed.kind === 'error')
        return failure(parsed.reason, (0,evidence_statement/* emptyDetails */.Yx)(null));
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
        return rejected(`not an in-toto Statement, DSSE envelope or Sigstore bundle (the JSON is not an object): ${EXPECTED}; point evidence.slsa_provenance at the provenance your builder wrote`, (0,evidence_statement/* emptyDetails */.Yx)(null));
    const requireSignatures = context.trust.requireSignatures;
    if ((0,sigstore.announcesSigstoreBundle)(value)) {
        const details = (0,evidence_statement/* emptyDetails */.Yx)('sigstore-bundle');
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
        const statement = (0,evidence_statement/* decodePayload */.D)(envelope.envelope.payload);
        if (!statement.ok)
            return rejected(`${statement.reason}: ${EXPECTED_BUNDLE}`, details);
        return judgeStatement(statement.value, details, subject, requireSignatures, () => bundleSignatureStatus(parsedBundle.value, envelope.envelope, context, details));
    }
    if (Object.hasOwn(value, 'payloadType') || (Object.hasOwn(value, 'payload') && Object.hasOwn(value, 'signatures'))) {
        const details = (0,evidence_statement/* emptyDetails */.Yx)('dsse');
        const envelope = (0,dsse/* parseDsseEnvelope */.nj)(value);
        if (!envelope.ok)
            return rejected(`${envelope.reason}: ${EXPECTED_ENVELOPE}`, details);
        details.signed = envelope.envelope.signatures.length > 0;
        const statement = (0,evidence_statement/* decodePayload */.D)(envelope.envelope.payload);
        if (!statement.ok)
            return rejected(`${statement.reason}: ${EXPECTED_ENVELOPE}`, details);
        return judgeStatement(statement.value, details, subject, requireSignatures, () => envelopeSignatureStatus(envelope.envelope, context, details));
    }
    return judgeStatement(value, (0,evidence_statement/* emptyDetails */.Yx)('statement'), subject, requireSignatures, () => ({ kind: 'unsigned' }));
}
/**
 * Judges the statement (a decoded DSSE payload, or plain), then, only when its content passes,
 * its signature: crypto is spent only on statements that would otherwise verify.
 */
function judgeStatement(statement, details, subject, requireSignatures, checkSignature) {
    const contentProblem = (0,evidence_statement/* checkStatement */.It)(statement, subject, details);
    if (contentProblem !== null)
        return rejected(contentProblem, details);
    const status = checkSignature();
    const version = evidence_statement/* SLSA_PROVENANCE_TYPES */.Ov[details.predicate_type ?? ''] ?? '';
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
        return { ok: false, reason: `unsupported Sigstore bundle mediaType ${(0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteEvidenceValue */ .R5)(String(mediaType))}` };
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
function verifySigstoreBundle(value, trust, options) {
    try {
        const signer = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL(trust, options).verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(value.bundle));
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
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError(`sigstore trusted root has mediaType ${(0,_dsse_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteEvidenceValue */ .R5)(String(mediaType))}, not a Sigstore trusted root`);
    }
    let material;
    try {
        material = (0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toTrustMaterial */ .jO)(_sigstore_protobuf_specs__WEBPACK_IMPORTED_MODULE_1__.TrustedRoot.fromJSON(json));
    }
    catch (error) {
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError(`sigstore trusted root does not parse: ${error.message}`);
    }
    // GitHub's own instance (private repositories) has timestamp authorities and no log.
    if (material.certificateAuthorities.length === 0 || (material.tlogs.length === 0 && material.timestampAuthorities.length === 0)) {
        throw new _dsse_js__WEBPACK_IMPORTED_MODULE_3__.TrustMaterialError('sigstore trusted root names no certificate authority, or neither a transparency log nor a timestamp authority');
    }
    trustedRoots.set(json, material);
    return material;
}


/***/ })

};
