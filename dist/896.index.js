export const id = 896;
export const ids = [896];
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

/***/ 35896:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultPolicyRef: () => (/* binding */ defaultPolicyRef),
  loadPolicyFromGitHub: () => (/* binding */ loadPolicyFromGitHub)
});

// UNUSED EXPORTS: DEFAULT_POLICY_TIMEOUT_MS, PolicyReadCode, PolicyReadError, RAW_MEDIA_TYPE, gitBlobSha, loadPolicyFromGit, readGitFile, readGitHubFile

// EXTERNAL MODULE: ./src/policy/load.ts + 2 modules
var load = __webpack_require__(32415);
// EXTERNAL MODULE: ./src/deliver/policy-errors.ts
var policy_errors = __webpack_require__(65191);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./src/files/locations.ts
var locations = __webpack_require__(5515);
// EXTERNAL MODULE: ./src/deliver/capped-body.ts
var capped_body = __webpack_require__(24881);
;// CONCATENATED MODULE: ./src/deliver/policy-github.ts
/**
 * One file of a repository at a ref, through the GitHub contents API, as raw bytes: no checkout
 * of the policy's repository is needed, and the ref is the one asked for, never the workspace.
 * Bounded in time (one deadline for the request and the body) and in size (counted while the
 * body streams, so an endless answer is cut at the cap).
 */



const policy_github_DEFAULT_POLICY_TIMEOUT_MS = 15_000;
const RAW_MEDIA_TYPE = 'application/vnd.github.raw+json';
const REPOSITORY_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** Enough of an error answer to quote GitHub's message, never more. */
const MAX_ERROR_BODY = 16 * 1024;
/**
 * `GET {apiUrl}/repos/{owner}/{repo}/contents/{path}?ref={ref}` with the raw media type. The
 * blob sha is computed from the bytes (git's `blob <size>\0` SHA-1): it is what the API's `sha`
 * field holds, and what a raw answer's ETag carries, but the ETag is not documented as such, and
 * computing it needs no second request. A JSON answer (a proxy or an API version that ignores
 * the media type) is accepted when it is a base64 file whose decoded size and sha agree.
 */
async function readGitHubFile(location, role) {
    const { repository, path, ref } = location;
    if (!REPOSITORY_PATTERN.test(repository)) {
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, 'policy-repository', `policy-repository ${JSON.stringify(repository)} is not owner/name (e.g. my-org/policies)`);
    }
    const where = (0,locations/* classifyLocation */.e)(path);
    if (where.kind !== 'local') {
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, role.input, `${role.label} ${JSON.stringify(path)} is not a path in ${repository}: give a relative path with '/' (no '..', no URI)`);
    }
    (0,policy_errors/* checkRef */.__)(ref);
    if (location.token === '')
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, 'github-token', 'github-token is empty: the policy is read through the GitHub API; pass a token (the default is `${{ github.token }}`)');
    const what = `${role.label} ${where.path} in ${repository} at ${ref}`;
    const timeoutMs = location.timeoutMs ?? policy_github_DEFAULT_POLICY_TIMEOUT_MS;
    const url = `${location.apiUrl.replace(/\/+$/, '')}/repos/${repository}/contents/${where.path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`;
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = () => new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.Timeout, role.input, `reading ${what} took longer than ${timeoutMs / 1000} s: ${location.apiUrl} is slow or unreachable; run the job again`);
    let response;
    try {
        response = await fetch(url, {
            headers: { accept: RAW_MEDIA_TYPE, authorization: `Bearer ${location.token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'maestro-gate' },
            signal,
        });
    }
    catch (error) {
        if (signal.aborted)
            throw timedOut();
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.Unreachable, role.input, `cannot reach ${location.apiUrl} to read ${what} (${describeCause(error)})`);
    }
    try {
        if (!response.ok)
            throw await statusError(response, what, role, repository);
        const bytes = await readCapped(response, location.maxBytes, what, role);
        const type = response.headers.get('content-type') ?? '';
        // A raw answer is the file; only a JSON answer can be the API's description of it instead.
        if (/^application\/(vnd\.github[^;]*\+)?json\b/i.test(type) && !/\braw\b/i.test(type))
            return fromJsonAnswer(bytes, location.maxBytes, what, role);
        return (0,policy_errors/* fetched */.sg)(bytes, (0,policy_errors/* gitBlobSha */.Ak)(bytes));
    }
    catch (error) {
        if (error instanceof policy_errors/* PolicyReadError */.Hq)
            throw error;
        if (signal.aborted)
            throw timedOut();
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.Unreachable, role.input, `reading ${what} from ${location.apiUrl} failed (${describeCause(error)})`);
    }
}
/** The body, refused as soon as it passes `maxBytes`, with a message for a policy or trust file. */
function readCapped(response, maxBytes, what, role) {
    return (0,capped_body/* readCappedBody */.m)(response, maxBytes, (size) => new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.TooLarge, role.input, `${what} is ${size}, over the limit of ${maxBytes} bytes: a policy or trust file this large is a mistake; name the right file`));
}
/** The contents API's JSON: a file in base64 is decoded and checked; a listing or a link is refused. */
function fromJsonAnswer(body, maxBytes, what, role) {
    let answer;
    try {
        answer = JSON.parse(body.toString('utf8'));
    }
    catch {
        // A JSON content type on bytes that are not JSON: the file itself, served raw.
        return (0,policy_errors/* fetched */.sg)(body, (0,policy_errors/* gitBlobSha */.Ak)(body));
    }
    const notAFile = (kind) => new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.NotAFile, role.input, `${what} is ${kind}, not a file: name the file itself (e.g. .github/maestro-policy.yml)`);
    if (Array.isArray(answer))
        throw notAFile('a directory');
    const entry = (typeof answer === 'object' && answer !== null ? answer : {});
    if (typeof entry.type !== 'string' || typeof entry.sha !== 'string') {
        // Not the API's description of a file: a JSON file served raw under a JSON content type.
        return (0,policy_errors/* fetched */.sg)(body, (0,policy_errors/* gitBlobSha */.Ak)(body));
    }
    if (entry.type === 'dir')
        throw notAFile('a directory');
    if (entry.type === 'symlink')
        throw notAFile(`a symbolic link${typeof entry.target === 'string' ? ` to ${JSON.stringify(entry.target)}` : ''}`);
    if (entry.type !== 'file')
        throw notAFile(`a ${entry.type}`);
    const size = typeof entry.size === 'number' ? entry.size : Number.NaN;
    if (size > maxBytes)
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.TooLarge, role.input, `${what} is ${size} bytes, over the limit of ${maxBytes} bytes: name the right file`);
    const unexpected = (why) => new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.UnexpectedAnswer, role.input, `the GitHub API answered for ${what} with JSON where the raw file was asked for, and ${why}; check that ${'`'}GITHUB_API_URL${'`'} is the GitHub API`);
    if (entry.encoding !== 'base64' || typeof entry.content !== 'string')
        throw unexpected(`its encoding is ${JSON.stringify(entry.encoding)}, not base64`);
    const text = entry.content.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
        throw unexpected('its content is not valid base64');
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== size)
        throw unexpected(`its content decodes to ${bytes.length} bytes where its size says ${String(entry.size)}`);
    const blobSha = (0,policy_errors/* gitBlobSha */.Ak)(bytes);
    if (entry.sha.toLowerCase() !== blobSha)
        throw unexpected(`its content does not hash to its sha ${entry.sha}`);
    return (0,policy_errors/* fetched */.sg)(bytes, blobSha);
}
async function statusError(response, what, role, repository) {
    const said = await githubMessage(response);
    const status = response.status;
    const headers = response.headers;
    if (status === 404) {
        return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.NotFound, role.input, `${what} was not found (404${said}): check the path (${role.input}) and the ref (policy-ref) exist in ${repository}; a private repository the token cannot see answers 404 too: give github-token \`contents: read\` on ${repository}`);
    }
    if (status === 401) {
        return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.Unauthorized, 'github-token', `the GitHub API refused the token while reading ${what} (401${said}): github-token is invalid or expired; pass a valid token`);
    }
    const rateLimited = status === 429 || (status === 403 && (headers.get('x-ratelimit-remaining') === '0' || headers.has('retry-after')));
    if (rateLimited) {
        const reset = Number(headers.get('x-ratelimit-reset'));
        const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : headers.has('retry-after') ? ` for ${headers.get('retry-after')} s` : '';
        return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.RateLimited, 'github-token', `the GitHub API rate limit stops reading ${what}${when} (${status}${said}): run the job again later, or use a token with a higher limit`);
    }
    if (status === 403) {
        return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.Forbidden, 'github-token', `the token may not read ${what} (403${said}): give github-token \`contents: read\` on ${repository} (\`permissions: contents: read\` in the workflow; for another repository, a token or GitHub App installed on it)`);
    }
    if (status >= 500)
        return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.ServerError, role.input, `the GitHub API failed while reading ${what} (${status}${said}): run the job again`);
    return new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.UnexpectedAnswer, role.input, `the GitHub API answered ${status} for ${what}${said ? ` (${said.slice(2)})` : ''}`);
}
/** `: <message>` from a GitHub error answer, one line and short; empty when there is none. */
async function githubMessage(response) {
    try {
        const body = await readCapped(response, MAX_ERROR_BODY, 'error answer', { label: '', input: 'policy' });
        const message = JSON.parse(body.toString('utf8')).message;
        return typeof message === 'string' && message.trim() !== '' ? `: ${message.replace(/\s+/g, ' ').trim().slice(0, 200)}` : '';
    }
    catch {
        await response.body?.cancel().catch(() => undefined);
        return '';
    }
}
function describeCause(error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = cause?.code;
    const message = cause instanceof Error ? cause.message : String(cause);
    return typeof code === 'string' ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/deliver/policy-git.ts
/**
 * One file of the local repository at a ref, as committed (the CLI's `--policy-ref`): what
 * `git show REF:PATH` prints for a file, never the work tree. `git` runs through execFile with
 * an argument list (no shell), bounded in time and in output.
 */




/**
 * Resolves `REF:PATH` to a blob with `git rev-parse` (its id is the blob sha) and reads it with
 * `git cat-file blob`: the same bytes as `git show REF:PATH`, from plumbing that no textconv
 * driver, pager or diff setting in the repository's config can change. The size is asked first,
 * so an oversized blob is refused unread; the read itself is capped as well.
 */
async function policy_git_readGitFile(location, role) {
    checkRef(location.ref);
    const where = classifyLocation(location.path);
    if (where.kind !== 'local') {
        throw new PolicyReadError(PolicyReadCode.InvalidInput, role.input, `${role.label} ${JSON.stringify(location.path)} is not a path in the repository: give a relative path with '/' (no '..', no URI)`);
    }
    const { ref, maxBytes } = location;
    const timeoutMs = location.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS;
    const what = `${role.label} ${where.path} at ${ref}`;
    const run = (args, cap = 64 * 1024) => git(location.cwd, args, cap, timeoutMs, what);
    const commit = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    if (!commit.ok) {
        if (/not a git repository/i.test(commit.stderr)) {
            throw new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot read ${what}: ${location.cwd} is not inside a git repository (policy-ref reads the file as committed; drop it to read the file in the folder)`);
        }
        throw new PolicyReadError(PolicyReadCode.RefNotFound, 'policy-ref', `cannot read ${what}: the ref '${ref}' is not a commit in this repository; fetch it (git fetch origin ${ref}) or give another policy-ref`);
    }
    const object = await run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit.stdout.toString('utf8').trim()}:${where.path}`]);
    if (!object.ok)
        throw new PolicyReadError(PolicyReadCode.NotFound, role.input, `${what} was not found: no such file in that commit; check the path (${role.input}) and policy-ref`);
    const blobSha = object.stdout.toString('utf8').trim();
    const type = (await run(['cat-file', '-t', blobSha])).stdout.toString('utf8').trim();
    if (type !== 'blob')
        throw new PolicyReadError(PolicyReadCode.NotAFile, role.input, `${what} is ${type === 'tree' ? 'a directory' : `a ${type || 'missing object'}`}, not a file: name the file itself`);
    const size = Number((await run(['cat-file', '-s', blobSha])).stdout.toString('utf8').trim());
    const tooLarge = () => new PolicyReadError(PolicyReadCode.TooLarge, role.input, `${what} is ${size} bytes, over the limit of ${maxBytes} bytes: name the right file`);
    if (!Number.isFinite(size) || size > maxBytes)
        throw tooLarge();
    const content = await run(['cat-file', 'blob', blobSha], maxBytes);
    if (content.overflow)
        throw tooLarge();
    if (!content.ok)
        throw new PolicyReadError(PolicyReadCode.GitFailed, role.input, `git could not read ${what}: ${firstLine(content.stderr)}`);
    // The bytes must be the object named: a check that costs one hash and catches a broken pipe.
    if (gitBlobSha(content.stdout, blobSha.length === 64 ? 'sha256' : 'sha1') !== blobSha) {
        throw new PolicyReadError(PolicyReadCode.GitFailed, role.input, `git returned bytes for ${what} that do not hash to ${blobSha}; run again`);
    }
    return fetched(content.stdout, blobSha);
}
function git(cwd, args, cap, timeoutMs, what) {
    return new Promise((resolve, reject) => {
        execFile('git', args, 
        // GIT_* from the caller could point git at another repository or object store.
        { cwd, encoding: 'buffer', maxBuffer: cap, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, env: gitEnvironment() }, (error, stdout, stderr) => {
            const stderrText = stderr.toString('utf8');
            if (error === null)
                return resolve({ ok: true, stdout, stderr: stderrText });
            const failure = error;
            if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
                return resolve({ ok: false, stdout, stderr: stderrText, overflow: true });
            if (failure.code === 'ENOENT')
                return reject(new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot read ${what}: git is not installed or not on PATH`));
            if (failure.killed)
                return reject(new PolicyReadError(PolicyReadCode.Timeout, 'policy-ref', `git took longer than ${timeoutMs / 1000} s to read ${what}`));
            if (typeof failure.code === 'string')
                return reject(new PolicyReadError(PolicyReadCode.GitFailed, 'policy-ref', `cannot run git in ${cwd} to read ${what} (${failure.code})`));
            resolve({ ok: false, stdout, stderr: stderrText });
        });
    });
}
function gitEnvironment() {
    const env = {};
    for (const [name, value] of Object.entries(process.env)) {
        if (!name.startsWith('GIT_'))
            env[name] = value;
    }
    return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}
function firstLine(text) {
    return (text.split('\n').find((line) => line.trim() !== '') ?? 'no message').trim().slice(0, 300);
}

;// CONCATENATED MODULE: ./src/deliver/policy.ts
/**
 * The trusted policy (SPEC §4a), read where the judged change cannot reach it: through the
 * GitHub contents API at a ref (the Action), or from the local repository as committed at a ref
 * (the CLI). The trust files it names are read from the same repository at the same ref. Every
 * failure is a PolicyReadError (or a ManifestError for a policy that does not validate): an
 * `error` outcome, never a fallback to the manifest's own policy.
 */







/** Reads, parses and validates the policy from GitHub, then each trust file it names. */
async function loadPolicyFromGitHub(options) {
    const maxBytes = options.maxBytes ?? load/* MAX_POLICY_BYTES */.m;
    const read = (path, role) => readGitHubFile({ ...options, path, maxBytes }, role);
    const file = options.repository === options.currentRepository ? options.path : `${options.repository}:${options.path}`;
    const policyBytes = await read(options.path, policy_errors/* POLICY_FILE_ROLE */.hj);
    const parsed = await (0,load/* parsePolicyFile */._)(policyBytes.bytes, { file, maxBytes });
    return {
        policy: parsed.policy,
        source: { kind: 'trusted', repository: options.repository, path: options.path, ref: options.ref, blob_sha: policyBytes.blob_sha, sha256: policyBytes.sha256 },
        file,
        locate: parsed.locate,
        trustFiles: await readTrustFiles(parsed.policy, file, read),
    };
}
/** The CLI's `--policy-ref`: the policy as committed in the local repository, then its trust files. */
async function loadPolicyFromGit(options) {
    const maxBytes = options.maxBytes ?? MAX_POLICY_BYTES;
    const read = (path, role) => readGitFile({ ...options, path, maxBytes }, role);
    const policyBytes = await read(options.path, POLICY_FILE_ROLE);
    const parsed = await parsePolicyFile(policyBytes.bytes, { file: options.path, maxBytes });
    return {
        policy: parsed.policy,
        source: { kind: 'local-file', path: options.path, ref: options.ref, blob_sha: policyBytes.blob_sha, sha256: policyBytes.sha256 },
        file: options.path,
        locate: parsed.locate,
        trustFiles: await readTrustFiles(parsed.policy, options.path, read),
    };
}
/** Keys and the trusted root, one after another: there are a handful, and a failure names the first. */
async function readTrustFiles(policy, file, read) {
    const named = policy.trusted_keys.map((path, index) => ({ key: `trusted_keys[${index}]`, path }));
    if (policy.sigstore_trusted_root !== undefined)
        named.push({ key: 'sigstore_trusted_root', path: policy.sigstore_trusted_root });
    const files = [];
    for (const { key, path } of named) {
        // The reader's message says where it looked (repository and ref), never the workspace.
        const role = { label: `${key} of ${file}`, input: 'policy' };
        const found = await read(path, role);
        files.push({ key, path, bytes: found.bytes, sha256: found.sha256, blob_sha: found.blob_sha });
    }
    return files;
}
/** Events whose payload names the pull request, and so its base commit. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];
/**
 * Events that often run on a pull request's code without naming a base commit the policy could
 * be read at (a workflow that checks out the head of `workflow_run` or an `issue_comment`
 * command): the workspace may be the pull request's own, so the policy's ref must be given.
 */
const AMBIGUOUS_EVENTS = ['workflow_run', 'issue_comment', 'repository_dispatch'];
/**
 * The ref the policy is read at when `policy-ref` is not given: on pull-request events the base
 * commit, so a change to the policy in the pull request itself has no effect until it is merged;
 * in a merge queue the queue's base commit; on push, release, schedule and manual events
 * undefined (the caller reads the workspace file, which holds reviewed code there). A
 * pull-request payload without a base sha, or an event that may run on pull-request code, is an
 * error: falling back to the workspace would let the pull request write its own rules.
 */
function defaultPolicyRef(eventName, eventPayload) {
    const isSha = (value) => typeof value === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
    if (eventName === 'merge_group') {
        const sha = field(field(eventPayload, 'merge_group'), 'base_sha');
        if (isSha(sha))
            return sha.toLowerCase();
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, 'policy-ref', 'the merge_group event payload has no merge_group.base_sha to read the policy at; set policy-ref to the protected branch, e.g. main');
    }
    if (AMBIGUOUS_EVENTS.includes(eventName)) {
        throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, 'policy-ref', `on ${eventName} events the workspace may hold a pull request's code, so the policy is not read from it; set policy-ref to the protected branch that holds the reviewed policy, e.g. main`);
    }
    if (!PULL_REQUEST_EVENTS.includes(eventName))
        return undefined;
    const pullRequest = field(eventPayload, 'pull_request');
    const sha = field(field(pullRequest, 'base'), 'sha');
    if (isSha(sha))
        return sha.toLowerCase();
    throw new policy_errors/* PolicyReadError */.Hq(policy_errors/* PolicyReadCode */.U4.InvalidInput, 'policy-ref', `the ${eventName} event payload has no pull_request.base.sha to read the policy at; set policy-ref to the commit or branch that holds the reviewed policy`);
}
function field(value, key) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key) ? value[key] : undefined;
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
