export const id = 34;
export const ids = [34];
export const modules = {

/***/ 87034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseYaml: () => (/* binding */ parseYaml),
/* harmony export */   yamlTokensOver: () => (/* binding */ yamlTokensOver)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(55664);
/**
 * The YAML path: the `yaml` package's document API, locked to the 1.2 core schema, with every
 * key rule checked on the node tree before the data is built.
 */



/**
 * True when `source` holds more than `limit` significant tokens (scalars, indicators, anchors;
 * not spaces, newlines or comments). The lexer streams its tokens and keeps none, so this costs
 * about a microsecond per token and no memory, and stops at the limit.
 */
function yamlTokensOver(source, limit) {
    let count = 0;
    for (const token of new yaml__WEBPACK_IMPORTED_MODULE_0__/* .Lexer */ .JG().lex(source)) {
        const first = token.charCodeAt(0);
        // Control characters below 0x20 mark token kinds (document, scalar, flow end): not values.
        if (first > 32 && first !== 35 /* # */ && ++count > limit)
            return true;
    }
    return false;
}
function parseYaml(file, source) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(source, {
            version: '1.2',
            schema: 'core',
            merge: false,
            // The package compares each new key with every earlier one, quadratic in a wide mapping
            // (a 4 MiB map of 350,000 keys ran for minutes); checkStructure finds duplicates with a Set.
            uniqueKeys: false,
            // YAML 1.1 tags (!!set, !!binary, !!omap) would load as Set, Uint8Array or Map objects.
            resolveKnownTags: false,
            prettyErrors: false,
            strict: true,
            lineCounter,
        });
    }
    catch (error) {
        return [parserCrash(file, error)];
    }
    const at = (offset) => {
        const { line, col } = lineCounter.linePos(offset ?? 0);
        return { line, column: col };
    };
    const issues = [];
    for (const error of doc.errors) {
        if (error.code === 'RESOURCE_EXHAUSTION') {
            // The package catches its own stack overflow on hostile nesting and reports it once per
            // level it unwinds through; one issue is enough, and the engine's wording teaches nothing.
            if (!issues.some((issue) => issue.code === _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.TooDeep)) {
                issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.TooDeep, file, ...at(error.pos[0]), path: '', message: 'nesting is too deep to parse' });
            }
        }
        else if (error.code === 'MULTIPLE_DOCS') {
            issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ParseError, file, ...at(error.pos[0]), path: '', message: 'a manifest holds one YAML document; remove this `---` and what follows, or split it into another file' });
        }
        else {
            // The package's message may quote the source line; keep only the sentence before it.
            issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ParseError, file, ...at(error.pos[0]), path: '', message: firstSentence(error.message) });
        }
    }
    const declared = doc.directives?.yaml.explicit ? doc.directives.yaml.version : undefined;
    if (declared !== undefined && declared !== '1.2') {
        issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ParseError, file, ...at(0), path: '', message: `%YAML ${declared} is not supported; manifests are YAML 1.2` });
    }
    if (issues.length > 0)
        return issues;
    if (doc.contents === null || ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(doc.contents) && doc.contents.value === null)) {
        return [{ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.EmptyManifest, file, line: 1, column: 1, path: '', message: 'manifest is empty; expected a mapping with `run` and `artifacts`' }];
    }
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(doc.contents)) {
        const kind = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(doc.contents) ? 'a list' : 'a single value';
        return [{ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.NotAMapping, file, ...at(doc.contents.range?.[0]), path: '', message: `manifest is ${kind}; expected a mapping with \`run\` and \`artifacts\`` }];
    }
    issues.push(...checkStructure(file, doc, at));
    if (issues.length > 0)
        return issues;
    let data;
    try {
        data = doc.toJS({ maxAliasCount: _parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_ALIAS_COUNT */ .w4 });
    }
    catch (error) {
        if (error instanceof ReferenceError && /alias/i.test(error.message)) {
            return [{ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.AliasLimit, file, line: 1, column: 1, path: '', message: `aliases are used more than the limit of ${_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_ALIAS_COUNT */ .w4} times` }];
        }
        return [parserCrash(file, error)];
    }
    return {
        data,
        form: 'yaml',
        locate: (keyPath, key) => at(findOffset(doc, keyPath, key)),
        locateAll: (requests) => requests.map(({ keyPath, key }) => at(findOffset(doc, keyPath, key))),
    };
}
/**
 * One iterative walk over the node tree (recursion would overflow on hostile nesting): keys must
 * be plain scalars, unique once written as text, never `<<` or a prototype name; nesting stays
 * under MAX_DEPTH and aliases expand to at most MAX_ALIAS_EXPANSION nodes in all.
 */
function checkStructure(file, doc, at) {
    const issues = [];
    const stack = [{ node: doc.contents, path: [] }];
    let expansion = 0;
    while (stack.length > 0) {
        const { node, path } = stack.pop();
        const children = [];
        if (path.length > _parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_DEPTH */ .lr) {
            issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.TooDeep, file, ...at(node.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)(path.slice(0, 3)), message: `nesting is deeper than ${_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_DEPTH */ .lr} levels` });
            return issues;
        }
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node)) {
            expansion += expandedSize(doc, node, _parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_ALIAS_EXPANSION */ .yg - expansion);
            if (expansion > _parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_ALIAS_EXPANSION */ .yg) {
                issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.AliasLimit, file, ...at(node.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)(path), message: `aliases expand to more than ${_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_ALIAS_EXPANSION */ .yg} nodes; write the values out or share less` });
                return issues;
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            // `1:` and `"1":` are different YAML keys but the same property once loaded: never last-wins.
            const names = new Set();
            for (const pair of node.items) {
                const key = pair.key;
                if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) {
                    issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ParseError, file, ...at(key?.range?.[0] ?? node.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)(path), message: 'keys must be plain strings' });
                    continue;
                }
                const name = String(key.value);
                if (names.has(name)) {
                    issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.DuplicateKey, file, ...at(key.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)([...path, name]), message: `duplicate key ${(0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteForIssue */ .HR)(name)}: each key may appear only once in a mapping` });
                    continue;
                }
                names.add(name);
                if (name === '<<') {
                    issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.MergeKey, file, ...at(key.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)(path), message: 'merge keys (`<<`) are not supported; write the keys out' });
                    continue;
                }
                if (_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .FORBIDDEN_KEYS */ .p5.has(name)) {
                    issues.push({ code: _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ForbiddenKey, file, ...at(key.range?.[0]), path: (0,_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .formatKeyPath */ .K7)(path), message: `key '${name}' is not allowed anywhere in a manifest` });
                    continue;
                }
                children.push({ node: pair.value, path: [...path, name] });
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node)) {
            node.items.forEach((item, index) => children.push({ node: item, path: [...path, index] }));
        }
        // Reversed onto the stack, so nodes are visited in reading order and the alias blamed for
        // the expansion limit is the first one past it.
        for (let index = children.length - 1; index >= 0; index -= 1)
            stack.push(children[index]);
    }
    // Report in the order the user reads the file.
    return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
/** Nodes that `alias` stands for, nested aliases included; stops counting once past `budget`. */
function expandedSize(doc, alias, budget) {
    let count = 0;
    const stack = [alias.resolve(doc)];
    while (stack.length > 0 && count <= budget) {
        const node = stack.pop();
        count += 1;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
            stack.push(node.resolve(doc));
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
            for (const pair of node.items)
                stack.push(pair.key, pair.value);
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node))
            stack.push(...node.items);
    }
    return count;
}
/** Offset of the node at `keyPath` (or of the key `key` in the map there); the deepest found. */
function findOffset(doc, keyPath, key) {
    let node = doc.contents;
    let offset = node?.range?.[0];
    for (const segment of keyPath) {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
            node = node.resolve(doc);
        let next;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            next = node.items.find((pair) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(pair) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(pair.key) && String(pair.key.value) === String(segment))?.value;
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(node) && typeof segment === 'number') {
            next = node.items[segment];
        }
        if (next === undefined || next === null)
            return offset;
        node = next;
        offset = node.range?.[0] ?? offset;
    }
    if (key !== undefined) {
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node))
            node = node.resolve(doc);
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node)) {
            const pair = node.items.find((item) => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(item.key) && String(item.key.value) === key);
            const keyNode = pair?.key;
            if (keyNode?.range)
                return keyNode.range[0];
        }
    }
    return offset;
}
function firstSentence(message) {
    const cut = message.search(/ at line \d+|\n/);
    return cut === -1 ? message : message.slice(0, cut);
}
function parserCrash(file, error) {
    // The yaml package recurses on some inputs; a stack overflow is a hostile file, not our bug.
    const message = error instanceof RangeError ? `nesting is too deep to parse` : `cannot be parsed (${error instanceof Error ? error.message : String(error)})`;
    return { code: error instanceof RangeError ? _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.TooDeep : _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ErrorCode */ .O4.ParseError, file, line: 1, column: 1, path: '', message };
}


/***/ })

};
