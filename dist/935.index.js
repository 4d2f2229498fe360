export const id = 935;
export const ids = [935];
export const modules = {

/***/ 65191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ak: () => (/* binding */ gitBlobSha),
/* harmony export */   Hq: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_1__.Hq),
/* harmony export */   U4: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_1__.U4),
/* harmony export */   __: () => (/* binding */ checkRef),
/* harmony export */   hj: () => (/* binding */ POLICY_FILE_ROLE),
/* harmony export */   sg: () => (/* binding */ fetched)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * Why a trusted policy (or a trust file it names) could not be read. Each is an `error` outcome
 * for the caller, never a fallback to the manifest's own policy (SPEC §4a): the message names
 * the input to fix and how.
 */



const POLICY_FILE_ROLE = { label: 'policy file', input: 'policy' };
/**
 * Git's object id of a blob: the hash of `blob <size>\0<bytes>`, SHA-1 unless the repository
 * uses SHA-256 object names (`algorithm`).
 */
function gitBlobSha(bytes, algorithm = 'sha1') {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
function fetched(bytes, blobSha) {
    return { bytes, sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex'), blob_sha: blobSha };
}
/** A ref as a value we may put in a URL or a git argument: no option look-alike, no control character. */
function checkRef(ref) {
    if (ref.trim() === '' || ref.startsWith('-') || /[\u0000-\u001f\u007f:\s]/.test(ref)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyReadError */ .Hq(_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PolicyReadCode */ .U4.InvalidInput, 'policy-ref', `policy-ref ${JSON.stringify(ref)} is not a git ref: give a commit sha, a branch or a tag (no spaces, no ':', not starting with '-')`);
    }
}


/***/ }),

/***/ 70935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadPolicyFromWorkspace: () => (/* binding */ loadPolicyFromWorkspace)
/* harmony export */ });
/* harmony import */ var _files_confined_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73051);
/* harmony import */ var _files_read_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49823);
/* harmony import */ var _policy_load_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(32415);
/* harmony import */ var _policy_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(65191);
/**
 * A policy file in the workspace, for events with no base commit to read it at (a push to a
 * protected branch, a release, a schedule: the workspace holds reviewed code then). Read through
 * the same confinement as evidence (no `..`, no symlink out, regular files only, bounded), and its
 * trust files from the workspace beside it.
 */




async function loadPolicyFromWorkspace(workspace, policyPath) {
    const read = async (path, label) => {
        try {
            return await (0,_files_read_js__WEBPACK_IMPORTED_MODULE_1__/* .readConfinedFile */ .p)(workspace, path, _policy_load_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_POLICY_BYTES */ .m);
        }
        catch (error) {
            if (!(error instanceof _files_confined_js__WEBPACK_IMPORTED_MODULE_0__/* .FileAccessError */ .nF))
                throw error;
            const code = error.code === 'FILE_NOT_FOUND' ? _policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyReadCode */ .U4.NotFound : error.code === 'FILE_TOO_LARGE' ? _policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyReadCode */ .U4.TooLarge : _policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyReadCode */ .U4.NotAFile;
            throw new _policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .PolicyReadError */ .Hq(code, 'policy', `${label}: ${error.message}; the policy input names a file in the workspace (relative, inside it)`);
        }
    };
    const file = await read(policyPath, 'policy file');
    const parsed = await (0,_policy_load_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePolicyFile */ ._)(file.bytes, { file: policyPath, maxBytes: _policy_load_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_POLICY_BYTES */ .m });
    const named = parsed.policy.trusted_keys.map((path, index) => ({ key: `trusted_keys[${index}]`, path }));
    if (parsed.policy.sigstore_trusted_root !== undefined)
        named.push({ key: 'sigstore_trusted_root', path: parsed.policy.sigstore_trusted_root });
    const trustFiles = [];
    for (const { key, path } of named) {
        const trust = await read(path, `${key} of ${policyPath}`);
        trustFiles.push({ key, path, bytes: trust.bytes, sha256: trust.sha256, blob_sha: (0,_policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .gitBlobSha */ .Ak)(trust.bytes) });
    }
    return {
        policy: parsed.policy,
        source: { kind: 'local-file', path: policyPath, sha256: parsed.sha256, blob_sha: (0,_policy_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .gitBlobSha */ .Ak)(file.bytes) },
        file: policyPath,
        locate: parsed.locate,
        trustFiles,
    };
}


/***/ }),

/***/ 32415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m: () => (/* binding */ MAX_POLICY_BYTES),
  _: () => (/* binding */ parsePolicyFile)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/manifest/parse.ts + 1 modules
var parse = __webpack_require__(55664);
// EXTERNAL MODULE: ./src/manifest/zod-issues.ts
var zod_issues = __webpack_require__(63565);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 7 modules
var schemas = __webpack_require__(37541);
// EXTERNAL MODULE: ./src/files/locations.ts
var locations = __webpack_require__(5515);
// EXTERNAL MODULE: ./src/model/schema.ts + 1 modules
var schema = __webpack_require__(78397);
// EXTERNAL MODULE: ./src/policy/rules.ts
var rules = __webpack_require__(91821);
;// CONCATENATED MODULE: ./src/policy/schema.ts
/**
 * The trusted policy file (SPEC §4a): the manifest's `policy:` shape, owned by the people who
 * own the rules, plus `manifest_waivers`, the rules a manifest may still waive for itself.
 * Waivers are the manifest's (`has_artifacts` is no rule at all, so no policy can pass a run
 * with nothing to release).
 *
 * Strict like the manifest: an unknown key is an error. Paths in it (`trusted_keys`,
 * `sigstore_trusted_root`) name files in the policy's own repository, read at the same ref as
 * the policy file, never files in the workspace the pull request controls.
 */




/**
 * Rules a policy may let manifests waive. `run_succeeded` never: the run's own status is the one
 * thing the judged change must not talk its way past.
 */
const MANIFEST_WAIVABLE_RULES = schema/* WAIVABLE_RULES */.Sr.filter((rule) => rule !== 'run_succeeded');
const ManifestWaivableRule = schemas/* enum */.k5n(MANIFEST_WAIVABLE_RULES);
/** A file in the policy's repository: relative, `/`-separated, no `..`, never a URI. */
const RepositoryPath = schemas/* string */.YjP()
    .trim()
    .min(1, 'must not be empty')
    .superRefine((value, context) => {
    const location = (0,locations/* classifyLocation */.e)(value);
    if (location.kind === 'unsafe')
        context.addIssue({ code: 'custom', message: `${(0,parse/* quoteForIssue */.HR)(value)} ${location.reason.replace('workspace', "policy's repository")}` });
    if (location.kind === 'remote') {
        context.addIssue({ code: 'custom', message: `${(0,parse/* quoteForIssue */.HR)(value)} is a URI; name a file in the policy's repository (read at the policy's ref; URIs are never fetched)` });
    }
});
const policyShape = schema/* Policy */.PE.shape;
const PolicyFile = schemas/* strictObject */.rej({
    version: schemas/* literal */.euz(1).optional(),
    ...policyShape,
    /** PEM public keys: files in the policy's repository. */
    trusted_keys: schemas/* array */.YOg(RepositoryPath).default([]),
    /** A Sigstore trusted_root.json: a file in the policy's repository. */
    sigstore_trusted_root: RepositoryPath.optional(),
    /** Rules a manifest may waive for itself; every other manifest waiver has no effect. */
    manifest_waivers: schemas/* array */.YOg(ManifestWaivableRule)
        .refine((rules) => new Set(rules).size === rules.length, 'must not repeat a rule')
        .default([]),
})
    .superRefine((policy, context) => {
    if (policy.sigstore_trusted_root !== undefined && policy.sigstore_identities.length === 0) {
        context.addIssue({ code: 'custom', path: ['sigstore_trusted_root'], message: 'needs sigstore_identities: a trusted root alone accepts a bundle signed by anyone' });
    }
});
/** The keys a policy file accepts, for messages. */
const POLICY_FILE_KEYS = Object.keys(PolicyFile.shape);


;// CONCATENATED MODULE: ./src/policy/issues.ts


/** A zod issue of a policy file, worded as the manifest's are, located in the policy file's text. */
function describePolicyIssue(file, parsed, issue) {
    const notAllowed = (input) => (typeof input === 'string' && Object.hasOwn(rules/* NEVER_MANIFEST_WAIVABLE */.j, input) ? `: ${rules/* NEVER_MANIFEST_WAIVABLE */.j[input]}` : '');
    return (0,zod_issues/* wordZodIssue */.Hv)(issue, { root: PolicyFile, notAllowed }).map(({ code, keyPath, key, path, message }) => ({ code, file, ...parsed.locate(keyPath, key), path, message }));
}

;// CONCATENATED MODULE: ./src/policy/load.ts
/**
 * From the bytes of a policy file to a validated PolicyFile, or to every problem at once, each
 * located at its line and column. The bytes come from src/deliver/policy.ts (the contents API or
 * `git`) or from a workspace file; this module touches neither the network nor the disk.
 */





/** Policies are a few dozen lines; a megabyte is a mistake or an attack, refused before parsing. */
const MAX_POLICY_BYTES = 1024 * 1024;
/**
 * Parses a policy file (YAML 1.2 or JSON) with the manifest's parser, so it is held to the same
 * rules: no duplicate keys, no merge keys, bounded aliases and nesting, strict keys. Throws a
 * ManifestError with every issue, naming `source.file`.
 */
async function parsePolicyFile(bytes, source) {
    const { file } = source;
    const maxBytes = source.maxBytes ?? MAX_POLICY_BYTES;
    const fail = (issues) => {
        throw new errors/* ManifestError */.Sh(issues);
    };
    if (bytes.length > maxBytes) {
        fail([{ code: errors/* ErrorCode */.O4.FileTooLarge, file, path: '', message: `policy file is ${bytes.length} bytes, over the limit of ${maxBytes} bytes` }]);
    }
    const text = decodeUtf8(file, bytes);
    const parsed = await (0,parse/* parseManifestText */.k_)(file, text);
    if (Array.isArray(parsed))
        fail(parsed.map(asPolicyIssue));
    const document = parsed;
    // One policy file per run: zod's eval-built fast path would cost more to build than it saves.
    const result = PolicyFile.safeParse(document.data, { reportInput: true, jitless: true });
    if (!result.success) {
        const issues = result.error.issues.flatMap((issue) => describePolicyIssue(file, document, issue));
        fail(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
    }
    return {
        policy: result.data,
        sha256: (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'),
        locate: (keyPath) => document.locate(keyPath),
    };
}
/** The parser speaks of manifests; the same problem in a policy file says so. */
function asPolicyIssue(issue) {
    if (issue.code === errors/* ErrorCode */.O4.EmptyManifest) {
        return { ...issue, message: 'policy file is empty; expected a mapping of policy keys (write {} for the default policy)' };
    }
    if (issue.code === errors/* ErrorCode */.O4.NotAMapping)
        return { ...issue, message: issue.message.replace(/^manifest is (.*);.*$/, 'policy file is $1; expected a mapping of policy keys') };
    return { ...issue, message: issue.message.replace(/\bmanifest\b/g, 'policy file') };
}
function decodeUtf8(file, bytes) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    }
    catch {
        const offset = firstInvalidUtf8Byte(bytes);
        const { line, column } = positionOf((from) => bytes.indexOf(10, from), offset);
        throw new errors/* ManifestError */.Sh([{ code: errors/* ErrorCode */.O4.NotUtf8, file, line, column, path: '', message: `policy file is not valid UTF-8 (byte ${offset})` }]);
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
        const { line, column } = positionOf((from) => text.indexOf('\n', from), nul);
        throw new errors/* ManifestError */.Sh([{ code: errors/* ErrorCode */.O4.NulByte, file, line, column, path: '', message: 'policy file contains a NUL byte' }]);
    }
    return text;
}
/**
 * 1-based line and column of `index`, given where the next newline after an offset is. In bytes
 * for a buffer that is not valid text (it has no characters to count), in UTF-16 units for text.
 */
function positionOf(nextNewline, index) {
    let line = 1;
    let lineStart = 0;
    for (let at = nextNewline(0); at !== -1 && at < index; at = nextNewline(at + 1)) {
        line += 1;
        lineStart = at + 1;
    }
    return { line, column: index - lineStart + 1 };
}
/** Offset of the lead byte of the first ill-formed UTF-8 sequence (a strict decoder's view). */
function firstInvalidUtf8Byte(bytes) {
    let index = 0;
    while (index < bytes.length) {
        const lead = bytes[index];
        const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
        if (length === 0 || index + length > bytes.length)
            return index;
        try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(index, index + length));
        }
        catch {
            return index;
        }
        index += length;
    }
    return index;
}


/***/ })

};
