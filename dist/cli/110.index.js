export const id = 110;
export const ids = [110];
export const modules = {

/***/ 84110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyRisk: () => (/* binding */ verifyRisk)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _json_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(49839);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(21149);
/**
 * Verifies a risk assessment: the file is non-empty and, when it is JSON or YAML, parses. Its
 * top-level `level`, `approver` and `expires` are shown when present, and an assessment whose
 * `expires` has passed fails. Any other file (Markdown, text, PDF…) only has to be non-empty.
 */




/** Longest `level`/`approver`/`expires` value shown; longer values are cut with "…". */
const MAX_SHOWN = 200;
/** Aliases a YAML risk assessment may expand: a handful is plenty, billions is an attack. */
const MAX_YAML_ALIASES = 16;
/**
 * Checks one risk-assessment file against `now`. Never throws for bad input. Reasons: "empty
 * file", "not valid JSON", "not valid YAML", "expired on YYYY-MM-DD", "expires is not a date…".
 * `details.format` is json, yaml, text or binary; `level`, `approver` and `expires` are added
 * when the parsed document has them at its top level.
 */
function verifyRisk(file, now) {
    if (file.bytes.length === 0)
        return fail('empty file');
    const text = decodeUtf8(file.bytes);
    const format = structuredFormat(file.path);
    if (format === undefined) {
        const kind = text !== undefined && !BINARY_CONTROL.test(text) ? 'text' : 'binary';
        if (text?.trim() === '')
            return fail('empty file', { format: kind });
        return { verified: true, reason: `non-empty ${kind} file`, details: { format: kind } };
    }
    // facts.ts refuses such a file before reading it; this keeps the promise for any other caller.
    if (format === 'yaml' && file.bytes.length > _limits_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_YAML_RISK_BYTES */ .RO)
        return fail((0,_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .yamlTooLarge */ .hl)(file.bytes.length), { format });
    if (text !== undefined && text.trim() === '')
        return fail('empty file', { format });
    const parsed = text === undefined ? { ok: false } : format === 'json' ? (0,_json_js__WEBPACK_IMPORTED_MODULE_3__/* .parseStrictJson */ .RJ)(text) : parseYaml(text);
    if (!parsed.ok)
        return fail(parsed.reason ?? (format === 'json' ? 'not valid JSON' : 'not valid YAML'), { format });
    if (parsed.value === null || parsed.value === undefined)
        return fail('has no content', { format });
    const valid = format === 'json' ? 'valid JSON' : 'valid YAML';
    const details = { format };
    const top = isRecord(parsed.value) ? parsed.value : {};
    for (const key of ['level', 'approver']) {
        const value = shownScalar(top[key]);
        if (value !== undefined)
            details[key] = value;
    }
    const expires = top.expires;
    if (expires === undefined || expires === null)
        return { verified: true, reason: valid, details };
    details.expires = shownScalar(expires) ?? '(not a scalar)';
    const expiry = parseExpiry(expires);
    if (expiry === undefined)
        return fail('expires is not a date (use YYYY-MM-DD or an RFC 3339 date-time)', details);
    if (now.getTime() >= expiry.endsAt.getTime())
        return fail(`expired on ${expiry.day}`, details);
    return { verified: true, reason: `${valid}, expires on ${expiry.day}`, details };
}
function fail(reason, details = {}) {
    return { verified: false, reason, details };
}
function structuredFormat(filePath) {
    const extension = node_path__WEBPACK_IMPORTED_MODULE_0___default().posix.extname(filePath).toLowerCase();
    if (extension === '.json')
        return 'json';
    if (extension === '.yml' || extension === '.yaml')
        return 'yaml';
    return undefined;
}
// NUL and the C0 controls that never appear in prose: their presence marks a binary file.
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001f]/;
/** The text of `bytes` when valid UTF-8; a leading byte-order mark is dropped (RFC 8259 §8.1). */
function decodeUtf8(bytes) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        return undefined;
    }
}
/**
 * YAML 1.2 core schema: `expires: 2025-01-31` stays a string we parse ourselves (1.1 would make
 * it a Date in the runner's time zone), `no` stays a string. Duplicate keys and more than a few
 * aliases are errors; several documents in one file are an error too.
 */
function parseYaml(text) {
    try {
        // The library's own `uniqueKeys` compares each key with every earlier one: 20 000 keys took
        // 2.6 s and a 64 MiB file would not finish. hasDuplicateKeys does the same check in one pass.
        const document = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false });
        if (document.errors.length > 0)
            return { ok: false };
        const duplicate = firstDuplicateKey(document);
        if (duplicate !== null)
            return { ok: false, reason: `not valid YAML (duplicate key ${duplicate})` };
        return { ok: true, value: document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
    }
    catch {
        // toJS throws past maxAliasCount; a pathological nesting depth throws RangeError.
        return { ok: false };
    }
}
/**
 * The first key a mapping repeats, quoted for a reason, or null; with the equality the
 * library's `uniqueKeys` uses: scalar keys with the same value; other keys (aliases,
 * collections) only when they are the same node, which never happens in a parsed file. Aliases
 * are not followed, so cycles cannot loop.
 */
function firstDuplicateKey(document) {
    const pending = [document.contents];
    while (pending.length > 0) {
        const node = pending.pop();
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node)) {
            for (const item of node.items)
                pending.push(item);
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(node)) {
            const keys = new Set();
            for (const { key, value } of node.items) {
                if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(key)) {
                    const identity = `${typeof key.value}:${String(key.value)}`;
                    if (keys.has(identity))
                        return `'${shownScalar(String(key.value)) ?? ''}'`;
                    keys.add(identity);
                }
                pending.push(key, value);
            }
        }
    }
    return null;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A scalar from the file, fit for a report cell: strings trimmed and cut, numbers and booleans as text. */
function shownScalar(value) {
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (typeof value !== 'string')
        return undefined;
    const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
    return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
/**
 * When an assessment stops counting. A bare date is valid through that whole day in UTC; a
 * date-time must carry its offset (without one, the instant depends on where the gate runs).
 * `day` is the UTC calendar day shown in "expired on …".
 */
function parseExpiry(value) {
    if (typeof value !== 'string')
        return undefined;
    const trimmed = value.trim();
    const date = DATE.exec(trimmed);
    if (date) {
        const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
        if (!isCalendarDate(year, month, day))
            return undefined;
        return { endsAt: new Date(Date.UTC(year, month - 1, day + 1)), day: trimmed };
    }
    const dateTime = DATE_TIME.exec(trimmed);
    if (!dateTime)
        return undefined;
    const [year, month, day, hour, minute, second] = dateTime.slice(1, 7).map((part) => Number(part ?? 0));
    if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
        return undefined;
    // Date parses ISO 8601's upper-case form only; RFC 3339 also allows 't', 'z' and a space.
    const endsAt = new Date(`${trimmed.slice(0, 10)}T${trimmed.slice(11).toUpperCase()}`);
    if (Number.isNaN(endsAt.getTime()))
        return undefined;
    return { endsAt, day: endsAt.toISOString().slice(0, 10) };
}
/** True for a real day: rejects 2025-02-30 and month 13, which Date would roll over silently. */
function isCalendarDate(year, month, day) {
    const probe = new Date(Date.UTC(year, month - 1, day));
    return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}


/***/ })

};
