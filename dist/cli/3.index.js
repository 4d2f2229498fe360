export const id = 3;
export const ids = [3];
export const modules = {

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
