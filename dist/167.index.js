export const id = 167;
export const ids = [167];
export const modules = {

/***/ 12167:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fastYaml: () => (/* binding */ fastYaml),
  yamlTokensAtMost: () => (/* reexport */ yamlTokensAtMost)
});

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(33243);
// EXTERNAL MODULE: ./src/manifest/json-scan.ts
var json_scan = __webpack_require__(88381);
// EXTERNAL MODULE: ./src/manifest/parse.ts + 1 modules
var parse = __webpack_require__(55664);
;// CONCATENATED MODULE: ./src/manifest/yaml-core.ts
/**
 * The YAML 1.2 core schema for js-yaml, written as the `yaml` package resolves plain scalars
 * (node_modules/yaml/dist/schema/core/*.js, schema/common/null.js), so that the fast path reads
 * `yes`, `on`, `1_000`, `0b1` and `.5.5` as strings, `0o10` as 8 and `010` as 10 exactly as the
 * loader does. js-yaml's own CORE_SCHEMA differs (it reads `1_000` as 1000 and `0o10` both ways,
 * depending on version), so none of its scalar types is used: FAILSAFE gives strings, sequences
 * and mappings, and every other plain scalar is resolved here.
 */

/**
 * In the `yaml` package's order: null, bool, octal, decimal and hexadecimal int, then
 * .inf/.nan, exponent and decimal floats; the first whose test matches decides.
 */
const RULES = [
    { test: /^(?:~|[Nn]ull|NULL)?$/, value: () => null },
    { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, value: (text) => text[0] === 't' || text[0] === 'T' },
    { test: /^0o[0-7]+$/, value: (text) => parseInt(text.substring(2), 8) },
    { test: /^[-+]?[0-9]+$/, value: (text) => parseInt(text, 10) },
    { test: /^0x[0-9a-fA-F]+$/, value: (text) => parseInt(text.substring(2), 16) },
    {
        test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        value: (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
    },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, value: (text) => parseFloat(text) },
    { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, value: (text) => parseFloat(text) },
];
/** First characters (all ASCII) of every non-string plain scalar above; the empty scalar is null too. */
const MAY_RESOLVE = new Uint8Array(128);
for (const char of '~nNtTfF0123456789+-.')
    MAY_RESOLVE[char.charCodeAt(0)] = 1;
/**
 * One implicit js-yaml type for all the rules: js-yaml calls `resolve` on every plain scalar and
 * `construct` right after it matched, so the value found by `resolve` is kept for `construct`.
 * Most plain scalars of a manifest (ids, URIs, hashes, key names) are told apart by their first
 * character without a regular expression.
 */
let resolved;
const coreScalar = new js_yaml/* default.Type */.Ay.Type('tag:yaml.org,2002:core-scalar', {
    kind: 'scalar',
    resolve: (data) => {
        if (typeof data !== 'string')
            return false;
        if (data.length > 0) {
            const first = data.charCodeAt(0);
            // Past the table (a character above ASCII) the entry is undefined: a string too.
            if (MAY_RESOLVE[first] !== 1)
                return false;
            // The two spellings of nearly every flag: the null rule cannot match them, the bool rule does.
            if (data === 'true' || data === 'false') {
                resolved = data === 'true';
                return true;
            }
        }
        for (const rule of RULES) {
            if (rule.test.test(data)) {
                resolved = rule.value(data);
                return true;
            }
        }
        return false;
    },
    construct: () => resolved,
});
/** FAILSAFE (str, seq, map) plus the core scalars above; no merge, binary, set, omap or timestamp. */
const CORE_SCHEMA_AS_YAML_READS_IT = js_yaml/* default.FAILSAFE_SCHEMA */.Ay.FAILSAFE_SCHEMA.extend({ implicit: [coreScalar] });

;// CONCATENATED MODULE: ./src/manifest/yaml-placements.ts
/**
 * The fast YAML path's record of where js-yaml read each key and value (yaml-fast.ts makes it as
 * js-yaml's parse events arrive, and locates positions with it).
 */
/**
 * Where each written key and value of every mapping and sequence starts, in the order written:
 * each collection is a number, the index of its record in flat arrays. An object and two arrays
 * per collection were a third of a million allocations at 100,000 artifacts, and most of the
 * collector's time on a large YAML manifest.
 *
 * Records are made as collections close, so they are in post-order: a collection's record comes
 * after its descendants', which fill the `size - 1` records just before it. A map from each
 * loaded object to its record cost a sixth of the read of a large manifest; the order alone
 * finds every record (isClean in yaml-fast.ts, and childRecord below).
 */
class Placements {
    /** Per record: its first key in `names` (-1 for a sequence), its first offset, how many entries. */
    firstName = [];
    firstOffset = [];
    count = [];
    /** Per record: the object js-yaml loaded, and how many records its subtree holds (itself included). */
    loaded = [];
    size = [];
    /** Keys as loaded (`String` of the scalar), in text order. */
    names = [];
    /** Offsets: key, value, key, value, … for a mapping; item, item, … for a sequence. */
    offsets = [];
    /** The records of each entry's value (-1 for a scalar), of the collections a lookup passed through. */
    children = new Map();
    /** The index of `name` among the keys of mapping `record`, or -1. */
    keyIndex(record, name) {
        const first = this.firstName[record];
        if (first === -1)
            return -1;
        for (let index = 0; index < this.count[record]; index += 1)
            if (this.names[first + index] === name)
                return index;
        return -1;
    }
    /**
     * Each collection among the entries of `record` (loaded as `value`), from the last entry back,
     * with its entry's index and the record it has: the last one's is just before `record`, each
     * earlier one's just before the subtree of the one after it. False when the records run out.
     */
    eachChild(record, value, each) {
        const first = this.firstName[record];
        let at = record - 1;
        for (let index = this.count[record] - 1; index >= 0; index -= 1) {
            const child = first === -1 ? value[index] : value[this.names[first + index]];
            if (typeof child !== 'object' || child === null)
                continue;
            if (at < 0)
                return false;
            each(child, index, at);
            at -= this.size[at];
        }
        return true;
    }
    /** The record of entry `entry` of `record` (loaded as `value`), or -1 for a scalar there. */
    childRecord(record, value, entry) {
        let records = this.children.get(record);
        if (records === undefined) {
            const found = new Int32Array(this.count[record]).fill(-1);
            this.eachChild(record, value, (_, index, child) => {
                found[index] = child;
            });
            this.children.set(record, (records = found));
        }
        return records[entry];
    }
}

;// CONCATENATED MODULE: ./src/manifest/yaml-text.ts
/**
 * What the fast YAML path (yaml-fast.ts) reads off the text itself, without js-yaml: where a
 * node's first character is, and a cheap upper bound on the loader's token count.
 */
/** `[` or `{`: the first character of a flow collection. */
function isFlowStart(code) {
    return code === 91 /* [ */ || code === 123 /* { */;
}
/** Past spaces and tabs: where the loader places an empty value (before a comment or line end). */
function skipBlanks(source, offset) {
    let at = offset;
    for (let code = source.charCodeAt(at); code === 32 || code === 9; code = source.charCodeAt(at))
        at += 1;
    return at;
}
/** Past spaces, line breaks and comments: where a node's first character is written. */
function skipSeparation(source, offset) {
    let at = offset;
    for (;;) {
        const code = source.charCodeAt(at);
        if (code === 32 || code === 9 || code === 10 || code === 13)
            at += 1;
        else if (code === 35 /* # */) {
            const end = source.indexOf('\n', at);
            if (end === -1)
                return source.length;
            at = end + 1;
        }
        else
            return at;
    }
}
/** Characters at which the `yaml` lexer may end one token and start the next without a space. */
const SPLITS = new Uint8Array(128);
for (const char of '-?:,[]{}#&*!|>\'"%@`')
    SPLITS[char.charCodeAt(0)] = 1;
/** The lexer also reads a byte order mark as a token of its own, wherever it is. */
function splits(code) {
    return code < 128 ? SPLITS[code] === 1 : code === 0xfeff;
}
/**
 * An upper bound on what yaml.ts's `yamlTokensOver` counts (tokens that start with a character
 * above a space, not `#`), in one pass without the lexer: every such token starts after a space
 * or control character, or next to a character at which the lexer splits. Only a text whose
 * bound is over the limit needs the lexer's exact count.
 */
function yamlTokensAtMost(source) {
    let count = 0;
    let previous = 10;
    for (let index = 0; index < source.length; index += 1) {
        const code = source.charCodeAt(index);
        if (code > 32 && code !== 35 && (previous <= 32 || splits(previous) || splits(code)))
            count += 1;
        previous = code;
    }
    return count;
}

;// CONCATENATED MODULE: ./src/manifest/yaml-fast.ts
/**
 * The fast YAML path: js-yaml reads the text (some ten to twenty times faster than the `yaml`
 * document API, a fraction of its memory), scalars resolved by the 1.2 core schema as the loader
 * resolves them (yaml-core.ts). It only ever accepts: any text that uses what the loader alone
 * decides (tags, anchors, aliases, directives, explicit or merge keys) is left to the loader,
 * and so is any text js-yaml refuses, whose data breaks a key rule, or that uses a spot where
 * js-yaml is laxer than YAML 1.2 (found by the differential tests: tabs in indentation, lines of
 * one scalar or of a flow collection in block context, long implicit keys, content after `---`),
 * so that every rejection and every message comes from yaml.ts unchanged. Positions come from js-yaml's parse events,
 * recorded in the same pass, at the offsets the loader's document gives.
 */






// parse.ts loads this module, and the bound with it, only for YAML.

/**
 * True when the text may use what only the loader decides: `!` tags, `&` anchors, `*` aliases,
 * `?` explicit keys (each where it could start a token: at a line start or after a space or a
 * flow indicator), `%` directives, and `<<` anywhere. A hit inside a quoted string or a comment
 * is a false positive, which costs speed and nothing else. indexOf per character: a regular
 * expression over the whole text costs several times more.
 */
function needsLoader(source) {
    if (source.includes('<<') || source.startsWith('%') || source.includes('\n%') || source.includes('\r%'))
        return true;
    // Content after `---` on its line, a comment glued to a quote or bracket: js-yaml reads them,
    // YAML 1.2 (and the loader) refuses them.
    if (/^---[ \t]+[^\s#]/m.test(source) || /["'\]}]#/.test(source))
        return true;
    // A tab in a line's indentation: js-yaml lets some through, YAML 1.2 never does. A lone
    // carriage return is a line break to js-yaml, and rare enough to leave to the loader.
    if ((source.includes('\t') && /^ *\t/m.test(source)) || (source.includes('\r') && /\r(?!\n)/.test(source)))
        return true;
    for (const char of '!&*?') {
        for (let at = source.indexOf(char); at !== -1; at = source.indexOf(char, at + 1)) {
            const before = at === 0 ? 10 : source.charCodeAt(at - 1);
            if (before <= 32 || before === 44 || before === 91 || before === 93 || before === 123 || before === 125)
                return true;
        }
    }
    return false;
}
/** Kinds of a node as js-yaml reports it on closing: `null` kind is an empty node. */
const EMPTY = 0;
const SCALAR = 1;
const SEQUENCE = 2;
const MAPPING = 3;
/** A node's kind as js-yaml names it (-1 for a kind it never reports here). */
function kindCode(kind) {
    if (kind === 'scalar')
        return SCALAR;
    if (kind === 'mapping')
        return MAPPING;
    if (kind === 'sequence')
        return SEQUENCE;
    return kind === null ? EMPTY : -1;
}
/** The manifest read by js-yaml, or `undefined` when the loader must read it. */
function fastYaml(source) {
    if (needsLoader(source))
        return undefined;
    const recorder = new Recorder(source);
    let data;
    try {
        // `maxDepth` is js-yaml 4.3's (not yet in @types/js-yaml): deeper than MAX_DEPTH is the
        // loader's issue to word, so stop long before the stack does.
        const options = {
            schema: CORE_SCHEMA_AS_YAML_READS_IT,
            maxDepth: parse/* MAX_DEPTH */.lr + 2,
            listener: (event, state) => recorder.event(event, state.position, state.kind, state.result),
        };
        data = js_yaml/* default.load */.Ay.load(source, options);
    }
    catch {
        // Syntax, duplicate keys, depth, anything: the loader words it and places it.
        return undefined;
    }
    const root = recorder.root();
    if (root === undefined || !isClean(data, recorder.placed))
        return undefined;
    // Only the placements outlive the read, not the recorder's stacks.
    const { placed } = recorder;
    const at = (keyPath, key) => offsetOf(data, root, placed, keyPath, key);
    return {
        data,
        form: 'yaml',
        locate: (keyPath, key) => (0,json_scan/* positionsOf */.q$)(source, [at(keyPath, key)])[0],
        locateAll: (requests) => (0,json_scan/* positionsOf */.q$)(source, requests.map(({ keyPath, key }) => at(keyPath, key))),
    };
}
/**
 * Builds, from js-yaml's open/close events, where every key and value starts. Children of the
 * open nodes live on one flat stack (no allocation per scalar); a closing mapping or sequence
 * takes its children off it. A collection whose children do not pair up with its data (an empty
 * `-` item, a `{a}` flow key without value, a flow pair `[a: 1]`), or whose key is not a scalar,
 * a prototype or a merge key, makes the whole text `unsure`, and the loader reads it instead.
 */
class Recorder {
    source;
    placed = new Placements();
    unsure = false;
    depth = 0;
    /** The document is one flow collection: no line of it is block context. */
    flowRoot = false;
    opens = [];
    bases = [];
    /** Records made before each open node: those made since are its subtree's. */
    recordsBefore = [];
    top = 0;
    starts = [];
    kinds = [];
    results = [];
    /** No line break lies from `newlineFrom` up to `newlineAt`, where one is (or the text ends). */
    newlineFrom = 0;
    newlineAt = -1;
    constructor(source) {
        this.source = source;
    }
    event(event, position, kind, result) {
        if (event === 'open') {
            if (this.depth === 0)
                this.flowRoot = isFlowStart(this.source.charCodeAt(skipSeparation(this.source, position)));
            this.opens[this.depth] = position;
            this.bases[this.depth] = this.top;
            this.recordsBefore[this.depth] = this.placed.count.length;
            this.depth += 1;
            return;
        }
        this.depth -= 1;
        const open = this.opens[this.depth];
        const base = this.bases[this.depth];
        const code = kindCode(kind);
        const count = this.top - base;
        // js-yaml reads a block mapping's would-be first key inside the node; when no `:` follows,
        // that child is the node itself (same result): keep it as it is.
        if (count === 1 && code >= SEQUENCE && this.results[base] === result)
            return;
        if (code === -1 || (code === EMPTY && result !== null))
            this.unsure = true;
        const start = code === EMPTY ? this.emptyAt(open) : skipSeparation(this.source, open);
        if (code === MAPPING)
            this.placeMapping(result, base, count);
        else if (code === SEQUENCE)
            this.placeSequence(result, base, count);
        // A scalar or a flow collection over several lines must be indented as YAML 1.2 says (no
        // tabs, deeper than its parent, no more-indented leading blank lines in a block scalar):
        // js-yaml is laxer than the loader there, and manifests seldom write them, so they go to
        // the loader. Only a flow collection at the root, where every line is flow, is exempt, and
        // so is what it holds.
        if (code === SCALAR || (code >= SEQUENCE && !this.flowRoot && isFlowStart(this.source.charCodeAt(start)))) {
            if (this.newlineAfter(start) < position)
                this.unsure = true;
        }
        this.starts[base] = start;
        this.kinds[base] = code;
        this.results[base] = result;
        this.top = base + 1;
    }
    /**
     * The first line break at or after `offset` (the text's length when there is none). A key and
     * its value are mostly on one line: the break found for the key serves the value too, where
     * each used to search the rest of its line again.
     */
    newlineAfter(offset) {
        if (offset < this.newlineFrom || offset > this.newlineAt) {
            const found = this.source.indexOf('\n', offset);
            this.newlineFrom = offset;
            this.newlineAt = found === -1 ? this.source.length : found;
        }
        return this.newlineAt;
    }
    /**
     * Where the loader places an empty value: after the `:` and the spaces that follow on its
     * line. js-yaml opens the node there in a block mapping but past line breaks in a flow one, so
     * the colon is found by stepping back over them; anything else there (a comment) is unsure.
     */
    emptyAt(open) {
        let back = open;
        for (let code = this.source.charCodeAt(back - 1); code === 32 || code === 9 || code === 10 || code === 13; code = this.source.charCodeAt(back - 1))
            back -= 1;
        if (this.source.charCodeAt(back - 1) !== 58 /* : */)
            this.unsure = true;
        return skipBlanks(this.source, back);
    }
    /** Where the document's single node starts, or `undefined` when the text is unsure. */
    root() {
        if (this.unsure || this.top !== 1 || this.depth !== 0)
            return undefined;
        return this.starts[0];
    }
    placeMapping(result, base, count) {
        const { placed } = this;
        this.record(result);
        placed.firstName.push(placed.names.length);
        placed.firstOffset.push(placed.offsets.length);
        placed.count.push(Math.ceil(count / 2));
        for (let index = base; index < base + count; index += 2) {
            const key = this.results[index];
            // `~:` or `[a]:` load as the keys "null" and "a"; the loader refuses both.
            if (this.kinds[index] !== SCALAR || (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean'))
                this.unsure = true;
            // YAML 1.2 ends an implicit key within 1024 characters; js-yaml does not check.
            if ((this.starts[index + 1] ?? 0) - this.starts[index] > 1000)
                this.unsure = true;
            const name = String(key);
            if (parse/* FORBIDDEN_KEYS */.p5.has(name) || name === '<<')
                this.unsure = true;
            placed.names.push(name);
            placed.offsets.push(this.starts[index], this.starts[index + 1] ?? -1);
        }
        if (count % 2 !== 0)
            this.unsure = true;
        // A block mapping composes exactly a key and a value per entry (explicit `?` keys never get
        // here); a flow mapping may write a key without a value, so its pairs are counted.
        else if (this.source.charCodeAt(skipSeparation(this.source, this.opens[this.depth])) === 123 /* { */ && count / 2 !== Object.keys(result).length)
            this.unsure = true;
    }
    placeSequence(result, base, count) {
        if (count !== result.length)
            this.unsure = true;
        const { placed } = this;
        this.record(result);
        placed.firstName.push(-1);
        placed.firstOffset.push(placed.offsets.length);
        placed.count.push(count);
        for (let index = base; index < base + count; index += 1)
            placed.offsets.push(this.starts[index]);
    }
    /** Starts the record of the collection closing now (`placeMapping` or `placeSequence` fills it). */
    record(result) {
        const { placed } = this;
        placed.loaded.push(result);
        placed.size.push(placed.count.length - this.recordsBefore[this.depth] + 1);
    }
}
/**
 * Proof that the data is what the loader would give: plain mappings and sequences only, each
 * one placed by the recorder with the keys it holds (nothing built behind its back), no value
 * nested past MAX_DEPTH. Any doubt sends the text to the loader.
 *
 * Each collection's last entry is visited first, which is the records' post-order reversed: the
 * nth collection visited must be the object of the nth record from the end, at the record its
 * parent's entries give it (so that childRecord can trust them), and every record is reached.
 */
function isClean(data, placed) {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
        return false;
    const records = placed.loaded.length;
    let collections = 0;
    const values = [data];
    const depths = [0];
    const expected = [records - 1];
    let depth = 0;
    const push = (child, _entry, record) => {
        values.push(child);
        depths.push(depth + 1);
        expected.push(record);
    };
    while (values.length > 0) {
        const value = values.pop();
        depth = depths.pop();
        const record = expected.pop();
        if (record !== records - 1 - collections || placed.loaded[record] !== value || depth >= parse/* MAX_DEPTH */.lr)
            return false;
        collections += 1;
        if (placed.firstName[record] !== -1 && Object.getPrototypeOf(value) !== Object.prototype)
            return false;
        const base = values.length;
        if (!placed.eachChild(record, value, push))
            return false;
        // Pushed from the last entry back: turned round, so that the last is taken first.
        reverseFrom(values, base);
        reverseFrom(expected, base);
    }
    return collections === records;
}
function reverseFrom(items, from) {
    for (let low = from, high = items.length - 1; low < high; low += 1, high -= 1) {
        const item = items[low];
        items[low] = items[high];
        items[high] = item;
    }
}
/**
 * The loader's findOffset (yaml.ts) on the recorded starts: the node at `keyPath`, or the key
 * `key` of the mapping there; where the path leaves the data, the deepest node found.
 */
function offsetOf(data, root, placed, keyPath, key) {
    let value = data;
    // isClean found the data's object in the last record.
    let record = placed.loaded.length - 1;
    let offset = root;
    for (const segment of keyPath) {
        if (record === -1)
            return offset;
        const first = placed.firstOffset[record];
        let entry;
        if (placed.firstName[record] !== -1) {
            entry = placed.keyIndex(record, String(segment));
            if (entry === -1)
                return offset;
            offset = placed.offsets[first + 2 * entry + 1];
        }
        else {
            if (typeof segment !== 'number' || !(segment >= 0 && segment < placed.count[record]))
                return offset;
            entry = segment;
            offset = placed.offsets[first + segment];
        }
        const child = placed.childRecord(record, value, entry);
        if (child !== -1)
            value = placed.loaded[child];
        record = child;
    }
    if (key !== undefined && record !== -1) {
        const index = placed.keyIndex(record, key);
        if (index !== -1)
            return placed.offsets[placed.firstOffset[record] + 2 * index];
    }
    return offset;
}


/***/ })

};
