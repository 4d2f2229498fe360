export const id = 567;
export const ids = [567];
export const modules = {

/***/ 86567:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exportCommand: () => (/* binding */ exportCommand),
  serveCommand: () => (/* binding */ serveCommand)
});

// UNUSED EXPORTS: EXPORT_USAGE, SERVE_USAGE

// EXTERNAL MODULE: ./src/core/policy.ts
var core_policy = __webpack_require__(32721);
// EXTERNAL MODULE: ./src/cli/policy.ts + 1 modules
var policy = __webpack_require__(70213);
// EXTERNAL MODULE: ./src/cli/args.ts + 1 modules
var cli_args = __webpack_require__(42006);
// EXTERNAL MODULE: ./src/cli/help.ts
var help = __webpack_require__(87911);
// EXTERNAL MODULE: ./src/environment.ts
var environment = __webpack_require__(92678);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(65655);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
// EXTERNAL MODULE: ./node_modules/fastify/fastify.js
var fastify = __webpack_require__(16703);
var fastify_default = /*#__PURE__*/__webpack_require__.n(fastify);
// EXTERNAL MODULE: ./src/store/store.ts
var store_store = __webpack_require__(81644);
;// CONCATENATED MODULE: ./src/serve/docs-page.ts
/**
 * The interactive docs at `/docs`: one small page, its script and its style, all served by the
 * service itself. It reads `/openapi.json`, lists every operation and sends requests from a
 * form, so it works offline and behind any proxy: nothing is loaded from a CDN. Every value
 * reaches the page through `textContent`, never as HTML.
 */
const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Maestro Conductor API · maestro-gate serve</title>
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/docs.js" defer></script>
</head>
<body>
<header>
<h1 id="title">Maestro Conductor API</h1>
<p id="description">Loading <a href="/openapi.json">/openapi.json</a>…</p>
</header>
<main id="operations"></main>
<noscript><p>This page needs JavaScript to send requests; the API is described in <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</body>
</html>
`;
const DOCS_STYLE = `body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 0 16px 48px; color: #1f2328; }
header { border-bottom: 1px solid #d0d7de; margin-bottom: 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; text-transform: capitalize; }
details { border: 1px solid #d0d7de; border-radius: 6px; margin: 8px 0; }
summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: baseline; }
.method { font: 600 12px ui-monospace, monospace; min-width: 56px; text-align: center; padding: 2px 6px; border-radius: 4px; color: #fff; }
.GET { background: #0969da; } .POST { background: #1a7f37; } .PATCH { background: #9a6700; }
.path { font-family: ui-monospace, monospace; }
.body { padding: 4px 12px 12px; }
label { display: block; margin: 8px 0 2px; font-weight: 600; font-size: 13px; }
input, textarea { width: 100%; box-sizing: border-box; font: 13px ui-monospace, monospace; padding: 6px; border: 1px solid #d0d7de; border-radius: 4px; }
textarea { min-height: 140px; }
button { margin-top: 10px; padding: 6px 14px; border: 1px solid #1a7f37; background: #1f883d; color: #fff; border-radius: 6px; cursor: pointer; }
pre { background: #f6f8fa; padding: 10px; overflow: auto; border-radius: 6px; font-size: 12.5px; max-height: 420px; }
.status { font-weight: 600; margin-top: 10px; }
.muted { color: #59636e; font-size: 13px; }
`;
const DOCS_SCRIPT = `'use strict';
(function () {
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function resolve(spec, schema) {
    while (schema && schema.$ref) {
      var name = schema.$ref.split('/').pop();
      schema = spec.components.schemas[name];
    }
    return schema || {};
  }
  function operationView(spec, path, method, op) {
    var details = el('details');
    var summary = el('summary');
    summary.appendChild(el('span', method.toUpperCase(), 'method ' + method.toUpperCase()));
    summary.appendChild(el('span', path, 'path'));
    summary.appendChild(el('span', op.summary || '', 'muted'));
    details.appendChild(summary);
    var body = el('div', undefined, 'body');
    if (op.description) body.appendChild(el('p', op.description, 'muted'));
    var inputs = [];
    (op.parameters || []).forEach(function (parameter) {
      body.appendChild(el('label', parameter.name + ' (' + parameter.in + (parameter.required ? ', required' : '') + ')'));
      var input = el('input');
      input.placeholder = parameter.description || '';
      body.appendChild(input);
      inputs.push({ parameter: parameter, input: input });
    });
    var textarea = null;
    if (op.requestBody) {
      var schema = resolve(spec, op.requestBody.content['application/json'].schema);
      body.appendChild(el('label', 'Request body (JSON)'));
      if (schema.description) body.appendChild(el('p', schema.description, 'muted'));
      textarea = el('textarea');
      textarea.value = JSON.stringify((schema.examples && schema.examples[0]) || {}, null, 2);
      body.appendChild(textarea);
      var schemaView = el('details');
      schemaView.appendChild(el('summary', 'Schema'));
      schemaView.appendChild(el('pre', JSON.stringify(schema, null, 2)));
      body.appendChild(schemaView);
    }
    var button = el('button', 'Send');
    var status = el('div', '', 'status');
    var output = el('pre');
    output.hidden = true;
    button.addEventListener('click', function () {
      var url = path;
      var query = new URLSearchParams();
      for (var i = 0; i < inputs.length; i++) {
        var entry = inputs[i];
        if (entry.parameter.in === 'path') url = url.replace('{' + entry.parameter.name + '}', encodeURIComponent(entry.input.value));
        else if (entry.input.value !== '') query.append(entry.parameter.name, entry.input.value);
      }
      var text = query.toString();
      if (text) url += '?' + text;
      var init = { method: method.toUpperCase(), headers: {} };
      if (textarea) {
        init.headers['content-type'] = 'application/json';
        init.body = textarea.value;
      }
      status.textContent = init.method + ' ' + url + ' …';
      fetch(url, init).then(function (response) {
        return response.text().then(function (payload) {
          status.textContent = init.method + ' ' + url + ' → ' + response.status + ' ' + response.statusText;
          var shown = payload;
          try { shown = JSON.stringify(JSON.parse(payload), null, 2); } catch (e) { /* not JSON: shown as sent */ }
          output.textContent = shown;
          output.hidden = false;
        });
      }, function (error) {
        status.textContent = 'Request failed: ' + error;
      });
    });
    body.appendChild(button);
    body.appendChild(status);
    body.appendChild(output);
    details.appendChild(body);
    return details;
  }
  fetch('/openapi.json').then(function (response) { return response.json(); }).then(function (spec) {
    document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
    document.getElementById('description').textContent = spec.info.description || '';
    var main = document.getElementById('operations');
    var byTag = {};
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        var op = spec.paths[path][method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push(operationView(spec, path, method, op));
      });
    });
    Object.keys(byTag).forEach(function (tag) {
      main.appendChild(el('h2', tag.replace(/-/g, ' ')));
      byTag[tag].forEach(function (view) { main.appendChild(view); });
    });
  }, function (error) {
    document.getElementById('description').textContent = 'Cannot load /openapi.json: ' + error;
  });
})();
`;
/** Only this origin's own files: the page cannot be framed, nor load or send anything elsewhere. */
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./src/serve/guard.ts
/**
 * Who may talk to the service. The API has no authentication and binds to loopback, so the
 * caller to fear is a web page in the user's own browser: it can send "simple" cross-origin
 * POSTs (no preflight, the response unread, the write done all the same), and through DNS
 * rebinding it can make its own name resolve to 127.0.0.1 and then read the API as same-origin.
 *
 * So every request must name this server in its Host (rebinding cannot fake that: the browser
 * sends the attacker's name), and a request that changes state must come from no page at all
 * (curl, scripts: no Origin), from a page this server served, or from an origin the operator
 * allowed with `--cors`.
 */


const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Names under which this machine reaches itself: never an attacker's DNS name. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
/** A Host header as RFC 9110 has it: a name, an IPv4 address or a bracketed IPv6 one, and a port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i;
/** Browsers send `same-origin`, `same-site`, `cross-site` or `none` (a navigation the user typed). */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);
/** Returns the refusal for a request that may not reach the API, or null. */
function createGuard(options) {
    const wildcard = WILDCARD_HOSTS.has(options.host);
    const names = new Set([...LOOPBACK_NAMES, ...(wildcard ? [] : [hostName(options.host)])]);
    const anyOrigin = options.corsOrigins.includes('*');
    const corsOrigins = new Set(options.corsOrigins);
    const knownHost = (header, port) => {
        const match = HOST_HEADER.exec(header);
        if (!match || port === undefined)
            return false;
        const name = match[1].toLowerCase();
        if (Number(match[2] ?? 80) !== port)
            return false;
        // Bound to every address, the server is reached by whichever one the client used; an IP
        // literal cannot be rebound, so any of them is this machine.
        return names.has(name) || (wildcard && (0,external_node_net_.isIP)(name.replace(/^\[|\]$/g, '')) !== 0);
    };
    let listening;
    return (method, headers) => {
        // Asked once it is known: each ask is a getsockname(2).
        const port = (listening ??= options.port());
        const host = headers.host ?? '';
        if (!knownHost(host, port)) {
            const expected = [...names].map((name) => `${name}:${port ?? '?'}`).join(', ');
            return {
                status: 403,
                detail: `Host '${show(host)}' is not this server (expected ${expected}${wildcard ? ' or an IP address of this machine' : ''}); a name that resolves here by accident or by DNS rebinding may not use the API`,
            };
        }
        if (!STATE_CHANGING.has(method))
            return null;
        const origin = headers.origin;
        if (origin !== undefined) {
            if (origin.toLowerCase() === `http://${host.toLowerCase()}` || anyOrigin || corsOrigins.has(origin))
                return null;
            return {
                status: 403,
                detail: `Origin '${show(origin)}' may not change data here: only pages served by this server (http://${show(host)}) or origins allowed with --cors`,
            };
        }
        const site = headers['sec-fetch-site'];
        if (site !== undefined && !OWN_FETCH_SITES.has(site)) {
            return { status: 403, detail: `A ${show(site)} request (Sec-Fetch-Site) may not change data here: only pages served by this server or origins allowed with --cors` };
        }
        return null;
    };
}
/** The bound address as it appears in a Host header: IPv6 in brackets, lowercase. */
function hostName(host) {
    const name = host.toLowerCase();
    return (0,external_node_net_.isIP)(name) === 6 ? `[${name}]` : name;
}
/** A header value echoed in a refusal: cut short, invisible characters made visible. */
function show(value) {
    return (0,report_escape/* escapeLogText */.dD)(value, { maxLength: 100 });
}

;// CONCATENATED MODULE: ./src/serve/messages.ts
/**
 * The service's 404 text, `Run <id> not found`, with the id as a client can read it: an id is
 * whatever the client sent (10,000 characters, a NUL, a bidi override), and echoing it whole
 * would hand a terminal or a log viewer whatever the sender wanted. Ids the service itself made
 * are short and plain, so for them the text is the service's, unchanged.
 */

const SHOWN_ID_LENGTH = 120;
const NOT_FOUND = /^(Run|Artifact|Disclosure pack) ([\s\S]*) not found$/;
function notFoundDetail(error) {
    const match = NOT_FOUND.exec(error.message);
    if (!match)
        return (0,report_escape/* truncate */.xv)((0,report_escape/* escapeLogText */.dD)(error.message, { maxLength: 2 * SHOWN_ID_LENGTH }), 2 * SHOWN_ID_LENGTH);
    return `${match[1]} ${showId(match[2])} not found`;
}
/** An id echoed in a message: invisible characters escaped, then cut to SHOWN_ID_LENGTH (with `…`). */
function showId(id) {
    // Cut again after escaping: an id of NULs is six times longer escaped.
    return (0,report_escape/* truncate */.xv)((0,report_escape/* escapeLogText */.dD)(id, { maxLength: SHOWN_ID_LENGTH }), SHOWN_ID_LENGTH);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 5 modules
var schemas = __webpack_require__(17994);
// EXTERNAL MODULE: ./src/files/locations.ts
var locations = __webpack_require__(5515);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: ./src/model/schema.ts + 1 modules
var schema = __webpack_require__(78397);
;// CONCATENATED MODULE: ./src/serve/compliance-answer.ts
/**
 * The compliance report as `GET /maestro/runs/{id}/manifest` answers it. By default it is the
 * service's shape, which its clients read and which keeps the body as small as the service's
 * (a run of 100 artifacts: 60 kB, against 137 kB for our full report). Our fields are added
 * wherever they change what the service's fields say: an artifact whose verdict is not the plain
 * "all three flags declared" (a waiver, failed bytes or evidence, another policy) keeps its whole
 * entry, and failures, waivers and a non-default policy are kept at the top. So a waiver in force
 * or an integrity failure is never hidden (SPEC §4). `?detail=full` answers the whole report,
 * as `manifest.json` holds it.
 */


const MANIFEST_DETAILS = ['service', 'full'];
/** `full` in the service's shape; its entries are in the order of `gate.artifacts`, as `buildComplianceReport` makes them. */
function serviceComplianceReport(full, gate) {
    const report = {
        run_id: full.run_id,
        run_name: full.run_name,
        run_status: full.run_status,
        release_gate_passed: full.release_gate_passed,
        release_gate_message: full.release_gate_message,
        artifacts: full.artifacts.map((entry, index) => {
            const evaluation = gate.artifacts[index];
            // Lists of another order or length cannot be matched up: every entry then stays whole.
            if (evaluation === undefined || evaluation.artifact_id !== entry.artifact_id || !saysAsTheService(evaluation))
                return entry;
            const { artifact_id, kind, sbom_present, slsa_provenance_present, risk_assessment_present, compliant } = entry;
            return { artifact_id, kind, sbom_present, slsa_provenance_present, risk_assessment_present, compliant };
        }),
        summary: full.summary,
    };
    if (full.failures.length > 0)
        report.failures = full.failures;
    if (full.waived_rules.length > 0)
        report.waived_rules = full.waived_rules;
    if (full.waivers.length > 0)
        report.waivers = full.waivers;
    if (full.policy_source.kind !== 'manifest' || !(0,external_node_util_.isDeepStrictEqual)(full.policy, schema/* DEFAULT_POLICY */.zj) || full.trust_files.length > 0) {
        report.policy = full.policy;
        report.policy_source = full.policy_source;
        report.trust_files = full.trust_files;
    }
    return report;
}
/** The service's six fields tell the whole story: compliant exactly when all three flags are declared, nothing waived or failed. */
function saysAsTheService(evaluation) {
    const allDeclared = schema/* COMPLIANCE_FLAGS */.o_.every((flag) => evaluation[flag]);
    return evaluation.compliant === allDeclared && !evaluation.integrity_failed && evaluation.waived.length === 0;
}

;// CONCATENATED MODULE: ./src/serve/schemas.ts
/**
 * The service's request and response bodies, as zod schemas built from the model's own pieces
 * (`ManifestRun`, `ManifestArtifact`, `ArtifactMetadata`…), so that the API accepts exactly the
 * values a manifest accepts and an exported run always validates. These schemas validate
 * requests, validate journal records on replay, and generate `/openapi.json`.
 *
 * Request bodies are strict, like manifests: the Python service silently ignored unknown keys,
 * so `{"stauts": "succeeded"}` was a no-op that looked like a success; here it is a 422.
 */




const Timestamp = schema/* ManifestRun */.BS.shape.finished_at.unwrap();
const Cost = schema/* ManifestRun */.BS.shape.cost_estimate.unwrap();
// Stored entities (responses, and journal records on replay): the model's own schemas.

// ---------------------------------------------------------------------------------------------
// Requests (the service's CreateRunRequest, UpdateRunRequest, …)
const CreateRunRequest = schemas/* strictObject */.rej({
    name: schema/* ManifestRun */.BS.shape.name,
    owner: schema/* ManifestRun */.BS.shape.owner,
    // pydantic's `float | None = None`: an explicit null means "not given".
    cost_estimate: Cost.nullable().optional(),
    related_entity_ids: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
    related_decision_ids: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
    metadata: schema/* FreeForm */.ly.default({}),
})
    .meta({
    description: 'A new run. Its id is generated, its status is `pending` and its `started_at` is now.',
    examples: [{ name: 'Production deployment check', owner: 'devops@example.com', cost_estimate: 5.0, related_entity_ids: [], related_decision_ids: [], metadata: {} }],
});
const UpdateRunRequest = schemas/* strictObject */.rej({
    status: schema/* RunStatus */.i2.nullable().optional(),
    finished_at: Timestamp.nullable().optional(),
    cost_actual: Cost.nullable().optional(),
    metadata: schema/* FreeForm */.ly.nullable().optional(),
})
    .meta({
    description: 'Fields to change; a field that is absent or null is left as it is. `metadata` replaces the whole map.',
    examples: [{ status: 'succeeded', cost_actual: 4.25, finished_at: '2025-11-22T10:00:00Z' }],
});
const CreateArtifactRequest = schemas/* strictObject */.rej({
    run_id: schemas/* string */.YjP(),
    kind: schema/* ArtifactKind */.b3,
    path_or_uri: schema/* ManifestArtifact */.sm.shape.path_or_uri,
    content_hash: schemas/* string */.YjP().nullable().optional(),
    metadata_json: schema/* ArtifactMetadata */.K5.prefault({}),
})
    .superRefine((request, context) => {
    // The rules a manifest applies to the same fields, so that an exported run validates and a
    // local file is judged as `check` would judge it.
    const location = (0,locations/* classifyLocation */.e)(request.path_or_uri);
    if (location.kind === 'unsafe') {
        context.addIssue({ code: 'custom', path: ['path_or_uri'], message: `'${request.path_or_uri}' ${location.reason}` });
    }
    // A digest of a remote URI is never checked, so any text is kept as the service kept it; a
    // local file's digest is checked, so it must be one we can check.
    const hash = request.content_hash;
    if (location.kind === 'local' && hash !== undefined && hash !== null && !schema/* CONTENT_HASH_PATTERN */.Wb.test(hash)) {
        context.addIssue({ code: 'custom', path: ['content_hash'], message: 'a local artifact\'s content_hash must be sha256:<64 hex digits> or sha512:<128 hex digits>' });
    }
})
    .meta({
    description: 'An artifact of an existing run. `path_or_uri` is a URI (never fetched) or a path relative to the workspace the service was started in, whose bytes are checked against `content_hash` as `maestro-gate check` does.',
    examples: [
        {
            run_id: 'RUN_ID',
            kind: 'other',
            path_or_uri: 's3://releases/bundle-v1.0.0.tgz',
            content_hash: `sha256:${'0'.repeat(64)}`,
            metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true },
        },
    ],
});
const CreateDisclosurePackRequest = schemas/* strictObject */.rej({
    run_id: schemas/* string */.YjP(),
    summary: schema/* ManifestDisclosurePack */.C6.shape.summary,
    artifact_ids: schemas/* array */.YOg(schemas/* string */.YjP()).default([]),
    metadata: schema/* FreeForm */.ly.default({}),
})
    .meta({
    description: 'A disclosure pack of an existing run; every artifact it names must be an artifact of that run.',
    examples: [{ run_id: 'RUN_ID', summary: 'Release bundle with SBOM, SLSA provenance and risk assessment', artifact_ids: ['ARTIFACT_ID'], metadata: {} }],
});
const ListRunsQuery = schemas/* object */.Ikc({
    owner: schemas/* string */.YjP().optional().meta({ description: 'Only runs of this owner.' }),
    status: schema/* RunStatus */.i2.optional().meta({ description: 'Only runs in this status.' }),
});
const ListArtifactsQuery = schemas/* object */.Ikc({
    run_id: schemas/* string */.YjP().optional().meta({ description: 'Only artifacts of this run.' }),
});
const ManifestQuery = schemas/* object */.Ikc({
    format: schemas/* enum */.k5n(['json', 'yaml']).default('json').meta({ description: '`yaml` returns the run as a maestro.yml that `maestro-gate validate` accepts.' }),
    detail: schemas/* enum */.k5n(MANIFEST_DETAILS)
        .default('service')
        .meta({
        description: "`service` (the default): the compliance report in the service's shape, with our fields only where they change what it says (waivers, failed bytes or evidence, another policy). `full`: the whole report, as `manifest.json` holds it.",
    }),
});
const RunIdParams = schemas/* object */.Ikc({ run_id: schemas/* string */.YjP() });
const ArtifactIdParams = schemas/* object */.Ikc({ artifact_id: schemas/* string */.YjP() });
const PackIdParams = schemas/* object */.Ikc({ pack_id: schemas/* string */.YjP() });
// ---------------------------------------------------------------------------------------------
// Other responses
const ReleaseGateSchema = schemas/* object */.Ikc({
    run_id: schemas/* string */.YjP(),
    passed: schemas/* boolean */.zMY(),
    message: schemas/* string */.YjP(),
    details: schema/* FreeForm */.ly,
})
    .meta({ description: 'The verdict of the release gate, as `release-gate.json` holds it.' });
const ComplianceArtifactSchema = schemas/* looseObject */._H3({
    artifact_id: schemas/* string */.YjP(),
    kind: schema/* ArtifactKind */.b3,
    sbom_present: schemas/* boolean */.zMY(),
    slsa_provenance_present: schemas/* boolean */.zMY(),
    risk_assessment_present: schemas/* boolean */.zMY(),
    compliant: schemas/* boolean */.zMY(),
});
const ComplianceReportSchema = schemas/* looseObject */._H3({
    run_id: schemas/* string */.YjP(),
    run_name: schemas/* string */.YjP(),
    run_status: schema/* RunStatus */.i2,
    release_gate_passed: schemas/* boolean */.zMY(),
    release_gate_message: schemas/* string */.YjP(),
    artifacts: schemas/* array */.YOg(ComplianceArtifactSchema),
    summary: schemas/* object */.Ikc({ total_artifacts: schemas/* number */.aig().int(), compliant_artifacts: schemas/* number */.aig().int() }),
})
    .meta({
    description: "The compliance report: the service's fields, and ours (reasons, evidence, waivers) for every artifact they change, or for all with `?detail=full`, as `compliance-report.json` holds it.",
});
const RunManifestSchema = schemas/* object */.Ikc({
    run: schema/* Run */.KF,
    artifacts: schemas/* array */.YOg(schema/* Artifact */.FV),
    disclosure_pack: schema/* DisclosurePack */.RG.nullable(),
    compliance_report: ComplianceReportSchema,
})
    .meta({ description: 'A run with its artifacts, its disclosure pack and its compliance report, as `manifest.json` holds it.' });
const HealthSchema = schemas/* object */.Ikc({ status: schemas/* literal */.euz('ok'), service: schemas/* literal */.euz('maestro'), version: schemas/* string */.YjP(), storage: schemas/* enum */.k5n(['memory', 'journal']) });
const NotFoundSchema = schemas/* object */.Ikc({ detail: schemas/* string */.YjP() }).meta({ description: 'The entity named in the path or the body does not exist.' });
const ValidationIssueSchema = schemas/* object */.Ikc({
    loc: schemas/* array */.YOg(schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()])),
    msg: schemas/* string */.YjP(),
    type: schemas/* string */.YjP(),
    ctx: schema/* FreeForm */.ly.optional(),
});
const ValidationErrorSchema = schemas/* object */.Ikc({ detail: schemas/* array */.YOg(ValidationIssueSchema) })
    .meta({ description: 'The request was not valid: one entry per problem, located as FastAPI locates it (`["body", "name"]`).' });

;// CONCATENATED MODULE: ./src/serve/journal.ts
/**
 * The service's optional durability: every write, as one JSON line appended to
 * `<data>/journal.jsonl` and fsync'd before the write is acknowledged; on start, the lines are
 * replayed through the same store operations that made them.
 *
 * Writes that arrive together share one write(2) and one fsync (group commit), so durability
 * costs one disk flush per burst, not one per request. A write or fsync that fails (a full disk,
 * an I/O error) is rolled back: the file is cut back to the length it had before the burst, so
 * that no line of a refused write, whole or torn, is replayed later, and the next append starts
 * on a line of its own. A crash can only tear the last line (it lacks its newline): that line
 * was never acknowledged, so it is reported and cut off, never half-applied. Any other bad line
 * is corruption, and the service refuses to start on it rather than guess.
 *
 * Ids never name files: the journal's path is fixed, ids live only inside its lines.
 */





const JOURNAL_FILE = 'journal.jsonl';
const LOCK_FILE = 'serve.pid';
const NEWLINE = 0x0a;
const JournalRecord = schemas/* discriminatedUnion */.gMt('op', [
    schemas/* strictObject */.rej({ op: schemas/* literal */.euz('run.create'), run: schema/* Run */.KF }),
    schemas/* strictObject */.rej({ op: schemas/* literal */.euz('run.update'), run_id: schemas/* string */.YjP(), update: UpdateRunRequest, at: schemas/* string */.YjP() }),
    schemas/* strictObject */.rej({ op: schemas/* literal */.euz('artifact.create'), artifact: schema/* Artifact */.FV }),
    schemas/* strictObject */.rej({ op: schemas/* literal */.euz('disclosure_pack.create'), disclosure_pack: schema/* DisclosurePack */.RG }),
]);
/** The journal cannot be read, written or locked; the message says which file and why. */
class JournalError extends Error {
    name = 'JournalError';
}
class Journal {
    handle;
    file;
    lockFile;
    /** Bytes of the file that hold acknowledged lines: where a failed append is cut back to. */
    #length;
    #pending = [];
    #flushing = null;
    #failure = null;
    #closed = false;
    constructor(handle, file, lockFile, length) {
        this.handle = handle;
        this.file = file;
        this.lockFile = lockFile;
        this.#length = length;
    }
    /**
     * Takes the data folder (one server per folder), replays its journal through `apply` in
     * order, cuts off a torn last line, and opens the journal for appending.
     */
    static async open(dataDir, apply) {
        const dir = external_node_path_default().resolve(dataDir);
        await (0,promises_.mkdir)(dir, { recursive: true });
        const lockFile = await lock(dir);
        try {
            const file = external_node_path_default().join(dir, JOURNAL_FILE);
            const { existed, replayed, tornBytes } = await replay(file, apply);
            // O_APPEND: every write lands at the end, whatever the offset.
            const handle = await (0,promises_.open)(file, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_APPEND, 0o600);
            let length;
            try {
                if (!existed)
                    await syncDirectory(dir);
                length = (await handle.stat()).size;
            }
            catch (error) {
                await handle.close();
                throw error;
            }
            return { journal: new Journal(handle, file, lockFile, length), replayed, tornBytes };
        }
        catch (error) {
            await unlock(lockFile);
            throw error;
        }
    }
    /** Resolves once the record is on disk (written and fsync'd). */
    append(record) {
        if (this.#failure)
            return Promise.reject(this.#failure);
        if (this.#closed)
            return Promise.reject(new JournalError(`${this.file} is closed`));
        return new Promise((resolve, reject) => {
            this.#pending.push({ bytes: Buffer.from(`${JSON.stringify(record)}\n`, 'utf8'), resolve, reject });
            this.#flushing ??= this.#flush().finally(() => {
                this.#flushing = null;
            });
        });
    }
    /**
     * The error that stopped the journal for good, if any (a failed append that could not be
     * rolled back): after one, nothing more is written. A rolled-back failure leaves this null.
     */
    get failure() {
        return this.#failure;
    }
    /** Waits for pending writes, then releases the file and the folder. */
    async close() {
        if (this.#closed)
            return;
        this.#closed = true;
        await this.#flushing;
        await this.handle.close().catch(() => undefined);
        await unlock(this.lockFile);
    }
    async #flush() {
        while (this.#pending.length > 0 && this.#failure === null) {
            const batch = this.#pending.splice(0);
            const bytes = Buffer.concat(batch.map((entry) => entry.bytes));
            try {
                let written = 0;
                while (written < bytes.length) {
                    const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
                    written += bytesWritten;
                }
                await this.handle.sync();
                this.#length += bytes.length;
                for (const entry of batch)
                    entry.resolve();
            }
            catch (error) {
                // Entries queued behind a failed write were applied by the service after the failed
                // ones and may depend on them: they are refused with them.
                const failure = await this.#rollBack(error);
                for (const entry of [...batch, ...this.#pending.splice(0)])
                    entry.reject(failure);
            }
        }
    }
    /**
     * Cuts the file back to its acknowledged lines after a failed write or fsync. A short write
     * leaves whole lines of the burst on disk, and bytes whose fsync failed may still reach it:
     * without the cut a restart would replay writes that were answered with an error. Only if the
     * cut itself fails is the journal stopped for good, since its tail is then unknown.
     */
    async #rollBack(cause) {
        const code = errorCode(cause);
        try {
            await this.handle.truncate(this.#length);
            await this.handle.sync();
        }
        catch (rollback) {
            const failure = new JournalError(`cannot write ${this.file} (${code}), nor cut it back to its last acknowledged line (${errorCode(rollback)}): bytes after offset ${this.#length} were never acknowledged; truncate the file to ${this.#length} bytes before restarting`);
            this.#failure = failure;
            return failure;
        }
        return new JournalError(`cannot write ${this.file} (${code}); the write was not kept, and the service stopped accepting writes`);
    }
}
function errorCode(error) {
    return error?.code ?? String(error);
}
async function replay(file, apply) {
    let bytes;
    try {
        bytes = await (0,promises_.readFile)(file);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { existed: false, replayed: 0, tornBytes: 0 };
        throw new JournalError(`cannot read ${file} (${error.code ?? String(error)})`);
    }
    // Everything after the last newline is a line whose write never completed.
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    const tornBytes = bytes.length - end;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let replayed = 0;
    let start = 0;
    let lineNumber = 0;
    while (start < end) {
        const stop = bytes.indexOf(NEWLINE, start);
        lineNumber += 1;
        const where = `${file}:${lineNumber}`;
        let record;
        try {
            const parsed = JournalRecord.safeParse(JSON.parse(decoder.decode(bytes.subarray(start, stop))));
            if (!parsed.success)
                throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; '));
            record = parsed.data;
        }
        catch (error) {
            throw new JournalError(`${where}: not a journal record (${error.message}); the journal is damaged, so the service will not guess. Move the file aside to start empty.`);
        }
        try {
            apply(record);
        }
        catch (error) {
            throw new JournalError(`${where}: cannot be replayed (${error.message}); were the same manifests given as when it was written?`);
        }
        replayed += 1;
        start = stop + 1;
    }
    if (tornBytes > 0) {
        // Cut the torn line off before appending, so that the next record starts on a line of its own.
        const handle = await (0,promises_.open)(file, 'r+');
        try {
            await handle.truncate(end);
            await handle.sync();
        }
        finally {
            await handle.close();
        }
    }
    return { existed: true, replayed, tornBytes };
}
/** Data folders locked by this process: its own pid in a lock file says nothing about them. */
const lockedHere = new Set();
/**
 * One server per data folder: two would each replay, then append records the other never
 * applied. A lock left by a killed server (its pid is gone) is taken over; so is one holding
 * this process's own pid for a folder this process did not lock, as after a container restart,
 * where the server has the same pid every time.
 */
async function lock(dir) {
    const lockFile = external_node_path_default().join(dir, LOCK_FILE);
    if (lockedHere.has(lockFile))
        throw new JournalError(`${dir} is in use by another maestro-gate serve (pid ${process.pid}, this process)`);
    for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
            await (0,promises_.writeFile)(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
            lockedHere.add(lockFile);
            return lockFile;
        }
        catch (error) {
            if (error.code !== 'EEXIST') {
                throw new JournalError(`cannot use ${dir} for data (${error.code ?? String(error)})`);
            }
        }
        const pid = Number((await (0,promises_.readFile)(lockFile, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
            throw new JournalError(`${dir} is in use by another maestro-gate serve (pid ${pid}); stop it, or delete ${lockFile} if it is not running`);
        }
        await (0,promises_.unlink)(lockFile).catch(() => undefined);
    }
    throw new JournalError(`cannot lock ${dir}: ${lockFile} keeps reappearing`);
}
async function unlock(lockFile) {
    lockedHere.delete(lockFile);
    await (0,promises_.unlink)(lockFile).catch(() => undefined);
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: the process exists but belongs to someone else.
        return error.code === 'EPERM';
    }
}
/** A new file's name is durable only once its folder is fsync'd. */
async function syncDirectory(dir) {
    // Windows cannot open a folder for fsync; NTFS journals the new name itself.
    if (process.platform === 'win32')
        return;
    const handle = await (0,promises_.open)(dir, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}

// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(98439);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
;// CONCATENATED MODULE: ./src/serve/openapi.ts
/**
 * `/openapi.json`, generated from the operation table and the zod schemas with
 * `z.toJSONSchema`; nothing in it is written by hand. Request bodies are described as a client
 * writes them (defaults optional), responses as the service returns them (every field present).
 */



/** Schemas shown by name under `components.schemas`, with the names FastAPI gave them. */
const COMPONENTS = [
    ['CreateRunRequest', CreateRunRequest, 'input'],
    ['UpdateRunRequest', UpdateRunRequest, 'input'],
    ['CreateArtifactRequest', CreateArtifactRequest, 'input'],
    ['CreateDisclosurePackRequest', CreateDisclosurePackRequest, 'input'],
    ['Run', schema/* Run */.KF, 'output'],
    ['Artifact', schema/* Artifact */.FV, 'output'],
    ['DisclosurePack', schema/* DisclosurePack */.RG, 'output'],
    ['ReleaseGateResult', ReleaseGateSchema, 'output'],
    ['RunManifest', RunManifestSchema, 'output'],
    ['Health', HealthSchema, 'output'],
    ['HTTPNotFound', NotFoundSchema, 'output'],
    ['HTTPValidationError', ValidationErrorSchema, 'output'],
];
function jsonSchema(schema, io) {
    // OpenAPI 3.1 is already draft 2020-12: a `$schema` in every component would only be noise.
    const generated = json_schema_processors/* toJSONSchema */.bl(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
    delete generated.$schema;
    return generated;
}
function buildOpenApi(operations) {
    const names = new Map(COMPONENTS.map(([name, schema]) => [schema, name]));
    const ref = (schema, io) => {
        const name = names.get(schema);
        if (name !== undefined)
            return { $ref: `#/components/schemas/${name}` };
        // Lists of a named schema stay references too.
        const element = schema._zod.def;
        if (element.type === 'array' && element.element && names.has(element.element))
            return { type: 'array', items: ref(element.element, io) };
        return jsonSchema(schema, io);
    };
    const paths = {};
    for (const op of operations) {
        const parameters = [
            ...parametersOf(op.params, 'path'),
            ...parametersOf(op.query, 'query'),
        ];
        const responses = {};
        for (const [status, spec] of Object.entries(op.responses)) {
            const content = {};
            if (spec.schema)
                content['application/json'] = { schema: ref(spec.schema, 'output') };
            if (spec.yaml)
                content['application/yaml'] = { schema: { type: 'string', description: 'A maestro.yml (with ?format=yaml)' } };
            responses[status] = { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
        }
        (paths[op.path] ??= {})[op.method.toLowerCase()] = {
            operationId: op.operationId,
            summary: op.summary,
            ...(op.description ? { description: op.description } : {}),
            tags: [op.tag],
            ...(parameters.length > 0 ? { parameters } : {}),
            ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body, 'input') } } } } : {}),
            responses,
        };
    }
    return {
        openapi: '3.1.0',
        info: {
            title: 'Maestro Conductor API (maestro-gate serve)',
            version: version/* VERSION */.x,
            description: 'Run, artifact and disclosure pack tracking with the release gate of the maestro-gate Action: the same store, the same gate and the same reports.',
        },
        paths,
        components: { schemas: Object.fromEntries(COMPONENTS.map(([name, schema, io]) => [name, jsonSchema(schema, io)])) },
    };
}
function parametersOf(schema, where) {
    if (!schema)
        return [];
    return Object.entries(schema.shape).map(([name, field]) => {
        const { description, ...fieldSchema } = jsonSchema(field, 'input');
        const optional = field.safeParse(undefined).success;
        return { name, in: where, required: where === 'path' || !optional, schema: fieldSchema, ...(description ? { description } : {}) };
    });
}

;// CONCATENATED MODULE: ./src/serve/operations.ts




const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8';
/** Keeps each handler typed by its own schemas while the table holds them all alike. */
function operation(spec) {
    return spec;
}
const notFound = (what) => ({ description: `${what} not found: \`{"detail": "${what} <id> not found"}\``, schema: NotFoundSchema });
const invalid = { description: 'Validation error', schema: ValidationErrorSchema };
const OPERATIONS = [
    operation({
        method: 'POST',
        path: '/maestro/runs',
        operationId: 'create_run',
        summary: 'Create a run',
        tag: 'runs',
        body: CreateRunRequest,
        responses: { 201: { description: 'The run, with its generated id and status `pending`', schema: schema/* Run */.KF }, 422: invalid },
        handle: async (service, { body }) => ({ status: 201, json: await service.createRun(body) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/runs',
        operationId: 'list_runs',
        summary: 'List runs, newest first',
        tag: 'runs',
        query: ListRunsQuery,
        responses: { 200: { description: 'Runs matching the filters', schema: schema/* Run */.KF.array() }, 422: invalid },
        handle: async (service, { query }) => ({ status: 200, json: service.listRuns(query) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/runs/{run_id}',
        operationId: 'get_run',
        summary: 'Get a run',
        tag: 'runs',
        params: RunIdParams,
        responses: { 200: { description: 'The run', schema: schema/* Run */.KF }, 404: notFound('Run') },
        handle: async (service, { params }) => ({ status: 200, json: service.getRun(params.run_id) }),
    }),
    operation({
        method: 'PATCH',
        path: '/maestro/runs/{run_id}',
        operationId: 'update_run',
        summary: "Update a run's status, finished_at, cost_actual or metadata",
        tag: 'runs',
        params: RunIdParams,
        body: UpdateRunRequest,
        responses: { 200: { description: 'The updated run', schema: schema/* Run */.KF }, 404: notFound('Run'), 422: invalid },
        handle: async (service, { params, body }) => ({ status: 200, json: await service.updateRun(params.run_id, body) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/runs/{run_id}/manifest',
        operationId: 'get_run_manifest',
        summary: 'Get a run with its artifacts, disclosure pack and compliance report',
        description: "The compliance report is in the service's shape, with our fields (reasons, evidence, waivers, policy) only where they change what it says; with `?detail=full`, the whole report, as `manifest.json` holds it. With `?format=yaml`, the run as a `maestro.yml` that `maestro-gate validate` accepts and `maestro-gate check` judges as this service does.",
        tag: 'runs',
        params: RunIdParams,
        query: ManifestQuery,
        responses: { 200: { description: 'The run manifest', schema: RunManifestSchema, yaml: true }, 404: notFound('Run'), 422: invalid },
        handle: async (service, { params, query }) => query.format === 'yaml'
            ? { status: 200, text: service.exportYaml(params.run_id), contentType: YAML_CONTENT_TYPE }
            : { status: 200, contentType: 'application/json; charset=utf-8', ...(await service.manifestAnswer(params.run_id, query.detail)) },
    }),
    operation({
        method: 'GET',
        path: '/maestro/runs/{run_id}/release-gate',
        operationId: 'check_run_release_gate',
        summary: 'Evaluate the release gate of a run',
        description: 'The same gate as the maestro-gate Action: the run must have succeeded and at least one artifact must declare SBOM, SLSA provenance and risk assessment. As the service did, an unknown run is answered 200 with `passed: false` and the message `Run <id> not found`.',
        tag: 'runs',
        params: RunIdParams,
        responses: { 200: { description: 'The verdict', schema: ReleaseGateSchema } },
        handle: async (service, { params }) => {
            try {
                return { status: 200, json: await service.releaseGate(params.run_id) };
            }
            catch (error) {
                if (!(error instanceof store_store/* NotFoundError */.m_))
                    throw error;
                return { status: 200, json: { run_id: params.run_id, passed: false, message: notFoundDetail(error), details: { run_id: params.run_id } } };
            }
        },
    }),
    operation({
        method: 'POST',
        path: '/maestro/artifacts',
        operationId: 'create_artifact',
        summary: 'Attach an artifact to a run',
        tag: 'artifacts',
        body: CreateArtifactRequest,
        responses: { 201: { description: 'The artifact, with its generated id', schema: schema/* Artifact */.FV }, 404: notFound('Run'), 422: invalid },
        handle: async (service, { body }) => ({ status: 201, json: await service.createArtifact(body) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/artifacts',
        operationId: 'list_artifacts',
        summary: 'List artifacts, newest first',
        tag: 'artifacts',
        query: ListArtifactsQuery,
        responses: { 200: { description: 'Artifacts matching the filter', schema: schema/* Artifact */.FV.array() }, 422: invalid },
        handle: async (service, { query }) => ({ status: 200, json: service.listArtifacts(query.run_id) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/artifacts/{artifact_id}',
        operationId: 'get_artifact',
        summary: 'Get an artifact',
        tag: 'artifacts',
        params: ArtifactIdParams,
        responses: { 200: { description: 'The artifact', schema: schema/* Artifact */.FV }, 404: notFound('Artifact') },
        handle: async (service, { params }) => ({ status: 200, json: service.getArtifact(params.artifact_id) }),
    }),
    operation({
        method: 'POST',
        path: '/maestro/disclosure-packs',
        operationId: 'create_disclosure_pack',
        summary: 'Create a disclosure pack for a run',
        tag: 'disclosure-packs',
        body: CreateDisclosurePackRequest,
        responses: {
            201: { description: 'The disclosure pack, with its generated id', schema: schema/* DisclosurePack */.RG },
            404: { description: 'The run or one of the artifacts was not found', schema: NotFoundSchema },
            422: invalid,
        },
        handle: async (service, { body }) => ({ status: 201, json: await service.createDisclosurePack(body) }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/disclosure-packs',
        operationId: 'list_disclosure_packs',
        summary: 'List disclosure packs, newest first',
        tag: 'disclosure-packs',
        responses: { 200: { description: 'Every disclosure pack', schema: schema/* DisclosurePack */.RG.array() } },
        handle: async (service) => ({ status: 200, json: service.listDisclosurePacks() }),
    }),
    operation({
        method: 'GET',
        path: '/maestro/disclosure-packs/{pack_id}',
        operationId: 'get_disclosure_pack',
        summary: 'Get a disclosure pack',
        tag: 'disclosure-packs',
        params: PackIdParams,
        responses: { 200: { description: 'The disclosure pack', schema: schema/* DisclosurePack */.RG }, 404: notFound('Disclosure pack') },
        handle: async (service, { params }) => ({ status: 200, json: service.getDisclosurePack(params.pack_id) }),
    }),
    operation({
        method: 'GET',
        path: '/health',
        operationId: 'health',
        summary: 'Health check',
        tag: 'service',
        responses: { 200: { description: 'The service is up', schema: HealthSchema } },
        handle: async (service) => ({ status: 200, json: { status: 'ok', service: 'maestro', version: version/* VERSION */.x, storage: service.journaled ? 'journal' : 'memory' } }),
    }),
];

// EXTERNAL MODULE: ./src/manifest/parse.ts + 1 modules
var parse = __webpack_require__(55664);
;// CONCATENATED MODULE: ./src/serve/validation.ts

/** The request was invalid; `issues` become the 422 `detail`. */
class RequestValidationError extends Error {
    issues;
    name = 'RequestValidationError';
    constructor(issues) {
        super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
        this.issues = issues;
    }
}
/**
 * Keys a manifest refuses anywhere, refused here too so an exported run still loads: the
 * loader's own set, plus the merge key `<<` that its YAML reader refuses as syntax.
 */
const FORBIDDEN_KEYS = new Set([...parse/* FORBIDDEN_KEYS */.p5, '<<']);
/**
 * A manifest nests a run's fields at most two levels deeper than a request body does
 * (`artifacts[i].metadata_json…` against `metadata_json…`), and refuses anything past MAX_DEPTH.
 */
const MAX_BODY_DEPTH = parse/* MAX_DEPTH */.lr - 2;
/** Parses `value` with `schema`, or throws every problem at once, located under `location`. */
function parseRequest(schema, value, location) {
    if (location === 'body')
        checkStructure(value);
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success)
        return result.data;
    throw new RequestValidationError(result.error.issues.flatMap((issue) => describeIssue(issue, location)));
}
/**
 * One iterative walk (hostile nesting must not reach the stack) for what zod cannot see:
 * prototype keys, which `z.record` silently drops, and nesting deeper than a manifest allows.
 */
function checkStructure(value) {
    const stack = [{ node: value, loc: ['body'] }];
    const issues = [];
    while (stack.length > 0) {
        const { node, loc } = stack.pop();
        if (typeof node !== 'object' || node === null)
            continue;
        if (loc.length - 1 > MAX_BODY_DEPTH) {
            throw new RequestValidationError([{ loc: loc.slice(0, 3), msg: `Value is nested deeper than ${MAX_BODY_DEPTH} levels`, type: 'value_error' }]);
        }
        if (Array.isArray(node)) {
            node.forEach((item, index) => stack.push({ node: item, loc: [...loc, index] }));
            continue;
        }
        for (const [key, item] of Object.entries(node)) {
            if (FORBIDDEN_KEYS.has(key)) {
                issues.push({ loc: [...loc, key], msg: `Value error, key '${key}' is not allowed anywhere in a request`, type: 'value_error' });
            }
            else {
                stack.push({ node: item, loc: [...loc, key] });
            }
        }
    }
    if (issues.length > 0)
        throw new RequestValidationError(issues);
}
const TYPE_NAMES = {
    string: { type: 'string_type', msg: 'Input should be a valid string' },
    number: { type: 'float_type', msg: 'Input should be a valid number' },
    int: { type: 'int_type', msg: 'Input should be a valid integer' },
    boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
    array: { type: 'list_type', msg: 'Input should be a valid list' },
    object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
    record: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
};
function describeIssue(issue, location) {
    const path = issue.path.filter((segment) => typeof segment !== 'symbol');
    const loc = [location, ...path];
    switch (issue.code) {
        case 'invalid_type': {
            if (issue.input === undefined)
                return [{ loc, msg: 'Field required', type: 'missing' }];
            if (path.length === 0 && location === 'body' && issue.expected === 'object') {
                return [{ loc, msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' }];
            }
            const known = TYPE_NAMES[issue.expected];
            return [known ? { loc, msg: known.msg, type: known.type } : { loc, msg: `Input should be ${issue.expected}`, type: `${issue.expected}_type` }];
        }
        case 'invalid_value': {
            if (issue.input === undefined)
                return [{ loc, msg: 'Field required', type: 'missing' }];
            const expected = listOf(issue.values.map((value) => `'${String(value)}'`));
            return [{ loc, msg: `Input should be ${expected}`, type: 'enum', ctx: { expected } }];
        }
        case 'unrecognized_keys':
            return issue.keys.map((key) => ({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }));
        case 'too_small':
            if (issue.origin === 'string') {
                return [{ loc, msg: `String should have at least ${String(issue.minimum)} character${Number(issue.minimum) === 1 ? '' : 's'}`, type: 'string_too_short', ctx: { min_length: issue.minimum } }];
            }
            if (issue.origin === 'array')
                return [{ loc, msg: `List should have at least ${String(issue.minimum)} item(s)`, type: 'too_short', ctx: { min_length: issue.minimum } }];
            return issue.inclusive
                ? [{ loc, msg: `Input should be greater than or equal to ${String(issue.minimum)}`, type: 'greater_than_equal', ctx: { ge: issue.minimum } }]
                : [{ loc, msg: `Input should be greater than ${String(issue.minimum)}`, type: 'greater_than', ctx: { gt: issue.minimum } }];
        case 'too_big':
            if (issue.origin === 'string')
                return [{ loc, msg: `String should have at most ${String(issue.maximum)} characters`, type: 'string_too_long', ctx: { max_length: issue.maximum } }];
            return [{ loc, msg: `Input should be less than or equal to ${String(issue.maximum)}`, type: 'less_than_equal', ctx: { le: issue.maximum } }];
        case 'invalid_format':
            if (issue.format === 'datetime')
                return [{ loc, msg: 'Input should be a valid datetime (ISO 8601, e.g. 2025-11-22T10:00:00Z)', type: 'datetime_parsing' }];
            return [{ loc, msg: `String should match pattern: ${issue.message}`, type: 'string_pattern_mismatch' }];
        default:
            return [{ loc, msg: `Value error, ${issue.message}`, type: 'value_error' }];
    }
}
/** `'a', 'b' or 'c'`, as pydantic lists enum members. */
function listOf(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

;// CONCATENATED MODULE: ./src/serve/app.ts
/**
 * The HTTP face of the service, on Fastify: routing by a radix tree, a body limit enforced
 * while reading, and no per-request work beyond the route's own. Bodies are read as bytes and
 * parsed here, so that every bad body (not JSON, not UTF-8, not an object) is the service's 422,
 * and every error is answered as `{"detail": …}`, never with a stack trace.
 */












const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** A body that is not JSON: the service takes nothing else (and a form is what a hostile page can send). */
class UnsupportedMediaTypeError extends Error {
}
/** A request body as received: parsed per route, so its errors are the route's 422. */
class RawBody {
    contentType;
    bytes;
    constructor(contentType, bytes) {
        this.contentType = contentType;
        this.bytes = bytes;
    }
}
function buildApp(options) {
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const logError = options.logError ?? ((text) => process.stderr.write(`${text}\n`));
    const { service } = options;
    let fatal = null;
    let closing = false;
    const corsOrigins = options.corsOrigins ?? [];
    const guard = createGuard({
        host: options.host ?? '127.0.0.1',
        port: () => app.server.address()?.port,
        corsOrigins,
    });
    const answerFrameworkError = (error, request, reply) => {
        // These answers skip the hooks: the header the onSend hook adds is set here.
        reply.header('x-content-type-options', 'nosniff');
        const refusal = guard(request.method, request.headers);
        if (refusal)
            return reply.code(refusal.status).send({ detail: refusal.detail });
        if (error.code === 'FST_ERR_BAD_URL') {
            return reply.code(400).send({ detail: `The path ${(0,report_escape/* escapeLogText */.dD)(request.url, { maxLength: SHOWN_ID_LENGTH })} is not valid percent-encoded UTF-8` });
        }
        if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
            return reply.code(414).send({ detail: 'A path parameter is too long' });
        return reply.code(400).send({ detail: 'Bad Request' });
    };
    const app = fastify_default()({
        logger: false,
        bodyLimit: maxBodyBytes,
        // A client that never finishes its request must not hold a socket forever.
        requestTimeout: 30_000,
        // Fastify's own 503 while closing has its own shape; the hook below answers in the service's.
        return503OnClosing: false,
        forceCloseConnections: 'idle',
        // Node caps the request line and headers at 16 KiB, which bounds every id already: any id
        // that arrives reaches its route and is answered as the service answers an unknown id.
        routerOptions: { ignoreTrailingSlash: true, maxParamLength: 64 * 1024 },
        // A path the router cannot decode, refused in the service's shape (after the Host check).
        frameworkErrors: (error, request, reply) => void answerFrameworkError(error, request, reply),
        clientErrorHandler: answerClientError,
        // A request without Host is refused by the guard, in the service's shape, not by node's bare 400.
        http: { requireHostHeader: false },
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
        done(null, new RawBody(request.headers['content-type'] ?? '', bytes));
    });
    app.addHook('preClose', (done) => {
        closing = true;
        done();
    });
    // First of all hooks, before the body is read: a foreign Host or Origin gets nothing, not even
    // a 404 that tells which paths exist.
    app.addHook('onRequest', (request, reply, done) => {
        const refusal = guard(request.method, request.headers);
        if (refusal)
            return void reply.code(refusal.status).send({ detail: refusal.detail });
        if (closing)
            return void reply.code(503).header('connection', 'close').send({ detail: 'maestro-gate serve is stopping; retry once it is back' });
        done();
    });
    if (corsOrigins.length > 0)
        installCors(app, corsOrigins);
    for (const op of OPERATIONS) {
        app.route({
            method: op.method,
            url: op.path.replace(/\{(\w+)\}/g, ':$1'),
            handler: async (request, reply) => {
                // After a failed journal write the store holds a change the disk does not: answer nothing from it.
                const failure = fatal ?? service.failure ?? null;
                if (failure)
                    throw failure;
                if (op.body)
                    refuseNonJson(request);
                return answer(request, reply, await op.handle(service, validatedInput(op, request)));
            },
        });
    }
    const openApi = JSON.stringify(buildOpenApi(OPERATIONS));
    app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openApi));
    app.get('/docs', async (_request, reply) => reply.header('content-security-policy', DOCS_CSP).type('text/html; charset=utf-8').send(DOCS_HTML));
    app.get('/docs/docs.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(DOCS_SCRIPT));
    app.get('/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(DOCS_STYLE));
    // On the way out, so that every answer carries it, errors and 404s included. A callback hook:
    // an async one costs a promise per request on the hottest path.
    app.addHook('onSend', (_request, reply, payload, done) => {
        reply.header('x-content-type-options', 'nosniff');
        done(null, payload);
    });
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not Found' }));
    app.setErrorHandler(async (error, request, reply) => {
        if (error instanceof RequestValidationError)
            return reply.code(422).send({ detail: error.issues });
        if (error instanceof store_store/* NotFoundError */.m_)
            return reply.code(404).send({ detail: notFoundDetail(error) });
        if (error instanceof UnsupportedMediaTypeError)
            return reply.code(415).send({ detail: error.message });
        if (error instanceof store_store/* ConflictError */.fK)
            return reply.code(409).send({ detail: error.message });
        if (error instanceof JournalError) {
            if (!fatal) {
                fatal = error;
                logError(`maestro-gate serve: ${error.message}`);
                options.onFatal?.(error);
            }
            return reply.code(503).send({ detail: error.message });
        }
        if (error instanceof errors/* ManifestError */.Sh) {
            // A preloaded manifest names a file (a key, a trusted root) that cannot be read now.
            return reply.code(500).send({ detail: `Cannot evaluate the release gate: ${error.message}` });
        }
        const status = error.statusCode;
        if (status === 413)
            return reply.code(413).send({ detail: `Request body is larger than ${maxBodyBytes} bytes` });
        if (status !== undefined && status >= 400 && status < 500)
            return reply.code(status).send({ detail: external_node_http_.STATUS_CODES[status] ?? 'Bad Request' });
        logError(`maestro-gate serve: ${request.method} ${request.url} failed: ${error.stack ?? error.message}`);
        return reply.code(500).send({ detail: 'Internal Server Error' });
    });
    return app;
}
function validatedInput(op, request) {
    const issues = [];
    const attempt = (parse) => {
        try {
            return parse();
        }
        catch (error) {
            if (!(error instanceof RequestValidationError))
                throw error;
            issues.push(...error.issues);
            return undefined;
        }
    };
    // Every problem of the request at once, in FastAPI's order: path, query, body.
    const params = op.params ? attempt(() => parseRequest(op.params, request.params, 'path')) : {};
    const query = op.query ? attempt(() => parseRequest(op.query, request.query, 'query')) : {};
    const body = op.body ? attempt(() => parseRequest(op.body, decodeBody(request.body), 'body')) : undefined;
    if (issues.length > 0)
        throw new RequestValidationError(issues);
    return { params, query, body };
}
/**
 * A body-taking route reads JSON only. A type that is not JSON (or none, with a body) is 415:
 * `text/plain`, forms and multipart are what a page on another origin can send without asking.
 */
function refuseNonJson(request) {
    const header = request.headers['content-type'];
    const mediaType = (header ?? '').split(';', 1)[0].trim().toLowerCase();
    const hasBody = request.body instanceof RawBody && request.body.bytes.length > 0;
    if (header === undefined ? !hasBody : mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType))
        return;
    const sent = header === undefined ? 'no Content-Type' : `Content-Type ${(0,report_escape/* escapeLogText */.dD)(mediaType, { maxLength: SHOWN_ID_LENGTH })}`;
    throw new UnsupportedMediaTypeError(`The body must be JSON, sent with Content-Type: application/json (got ${sent})`);
}
/** The body as JSON, or the 422 FastAPI gives for a body that is not. A missing body is `undefined`. */
function decodeBody(body) {
    if (!(body instanceof RawBody) || body.bytes.length === 0)
        return undefined;
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
    }
    catch {
        throw new RequestValidationError([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: 'the body is not valid UTF-8' } }]);
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        const message = error.message;
        const position = /position (\d+)/.exec(message)?.[1];
        throw new RequestValidationError([
            { loc: position === undefined ? ['body'] : ['body', Number(position)], msg: 'JSON decode error', type: 'json_invalid', ctx: { error: message } },
        ]);
    }
}
/**
 * Errors node's parser raises before there is a request (a request line or headers over the
 * 16 KiB cap, a malformed request), answered in the service's shape rather than fastify's.
 */
function answerClientError(error, socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed)
        return;
    const [status, detail] = error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line and headers are larger than this server accepts (16 KiB): is an id that long?']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'The request took too long to arrive']
            : [400, 'The request is not valid HTTP'];
    const body = JSON.stringify({ detail });
    if (socket.writable) {
        socket.write(`HTTP/1.1 ${status} ${external_node_http_.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy(error);
}
async function answer(request, reply, result) {
    reply.code(result.status);
    if (result.text !== undefined) {
        reply.type(result.contentType ?? 'text/plain; charset=utf-8');
        if (result.gzipped === undefined)
            return reply.send(result.text);
        // Either answer may be cached: say that it depends on the header (after CORS's `Origin`, if any).
        const vary = reply.getHeader('vary');
        reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`);
        if (!acceptsGzip(request.headers['accept-encoding']))
            return reply.send(result.text);
        // Compressed before the header is set: a compression that fails must not leave an error
        // answer labelled gzip.
        const compressed = await result.gzipped();
        return reply.header('content-encoding', 'gzip').send(compressed);
    }
    return reply.send(result.json);
}
/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) accepts gzip: named (or as `x-gzip`), or
 * covered by `*`, with a quality above zero. No header, or a malformed one, means no.
 */
function acceptsGzip(header) {
    if (header === undefined)
        return false;
    let named;
    let wildcard;
    for (const item of header.split(',')) {
        const [coding = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
        const quality = parameters.find((parameter) => parameter.startsWith('q='));
        const value = quality === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(quality) ? Number(quality.slice(2)) : 0;
        if (coding === 'gzip' || coding === 'x-gzip')
            named = (named ?? false) || value > 0;
        else if (coding === '*')
            wildcard = value > 0;
    }
    return named ?? wildcard ?? false;
}
/**
 * CORS only for the origins named: the API has no authentication, so a page on another origin
 * must not be able to drive it from a user's browser unless the operator said so.
 */
function installCors(app, origins) {
    const any = origins.includes('*');
    const allowed = new Set(origins);
    const allow = (request, reply) => {
        const origin = request.headers.origin;
        if (origin === undefined || (!any && !allowed.has(origin)))
            return false;
        reply.header('access-control-allow-origin', any ? '*' : origin);
        if (!any)
            reply.header('vary', 'Origin');
        return true;
    };
    app.addHook('onRequest', async (request, reply) => {
        allow(request, reply);
    });
    app.options('/*', async (request, reply) => {
        if (request.headers.origin === undefined || !reply.hasHeader('access-control-allow-origin'))
            return reply.code(404).send({ detail: 'Not Found' });
        return reply
            .code(204)
            .header('access-control-allow-methods', 'GET, POST, PATCH, OPTIONS')
            .header('access-control-allow-headers', 'content-type')
            .header('access-control-max-age', '600')
            .send();
    });
}

// EXTERNAL MODULE: ./src/manifest/load.ts + 3 modules
var load = __webpack_require__(66503);
// EXTERNAL MODULE: ./src/core/evaluate-run.ts + 3 modules
var evaluate_run = __webpack_require__(84947);
// EXTERNAL MODULE: ./src/policy/rules.ts
var rules = __webpack_require__(91821);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/report/json.ts + 1 modules
var json = __webpack_require__(30206);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/serve/export.ts
/**
 * A stored run back as a `maestro.yml`: the document that `maestro-gate validate` accepts and
 * `maestro-gate check` judges as the service did. Fields left at their defaults are left out,
 * so the file reads like one a person wrote; a preloaded run keeps its policy and evidence.
 */



/** How much of an unusable value a comment quotes. */
const QUOTED_MAX = 200;
function renderManifestYaml(stored) {
    const { run, artifacts, disclosurePack, evidence, source } = stored;
    const dropped = new Map();
    const data = {
        version: 1,
        run: compact({
            id: run.id,
            name: run.name,
            owner: run.owner,
            status: run.status,
            started_at: run.started_at,
            finished_at: run.finished_at,
            cost_estimate: run.cost_estimate,
            cost_actual: run.cost_actual,
            related_entity_ids: run.related_entity_ids,
            related_decision_ids: run.related_decision_ids,
            metadata: run.metadata,
        }),
        artifacts: artifacts.map((artifact, index) => {
            let contentHash = artifact.content_hash;
            // The API keeps any text as the digest of a remote URI (the service did); a manifest only
            // takes digests it could check. Such a digest was never checked, so the verdict is the same.
            if (contentHash !== null && !schema/* CONTENT_HASH_PATTERN */.Wb.test(contentHash)) {
                dropped.set(index, contentHash);
                contentHash = null;
            }
            const flags = artifact.metadata_json;
            return compact({
                id: artifact.id,
                kind: artifact.kind,
                path_or_uri: artifact.path_or_uri,
                content_hash: contentHash,
                created_at: artifact.created_at,
                metadata_json: compact({
                    sbom_present: flags.sbom_present,
                    slsa_provenance_present: flags.slsa_provenance_present,
                    risk_assessment_present: flags.risk_assessment_present,
                    additional_metadata: flags.additional_metadata,
                }),
                evidence: evidence.get(artifact.id),
            });
        }),
    };
    if (disclosurePack) {
        data.disclosure_pack = compact({
            id: disclosurePack.id,
            summary: disclosurePack.summary,
            artifact_ids: disclosurePack.artifact_ids,
            metadata: disclosurePack.metadata,
            created_at: disclosurePack.created_at,
        });
    }
    const policy = source ? policyChanges(source.policy) : undefined;
    if (policy)
        data.policy = policy;
    const doc = new dist/* Document */.yo(data, { version: '1.2' });
    doc.commentBefore = [
        ` Run ${JSON.stringify(run.id)}, exported by maestro-gate ${version/* VERSION */.x} (serve).`,
        ' Check it with: maestro-gate validate FILE && maestro-gate check FILE',
    ].join('\n');
    const artifactNodes = doc.get('artifacts', true);
    for (const [index, value] of dropped) {
        const node = (0,dist/* isSeq */.oP)(artifactNodes) ? artifactNodes.items[index] : undefined;
        // JSON quoting keeps a newline in the value from ending the comment.
        const quoted = JSON.stringify(value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value);
        if ((0,dist/* isNode */.Ll)(node))
            node.commentBefore = ` content_hash ${quoted} left out: a manifest takes only sha256:<64 hex> or sha512:<128 hex>.`;
    }
    return doc.toString({ lineWidth: 0 });
}
/** Drops nulls, empty lists, empty maps and false flags: the loader's defaults restore them. */
function compact(fields) {
    const kept = {};
    for (const [key, value] of Object.entries(fields)) {
        if (value === null || value === undefined || value === false)
            continue;
        if (Array.isArray(value) && value.length === 0)
            continue;
        if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
            continue;
        kept[key] = value;
    }
    return kept;
}
/** The keys of a preloaded run's policy that differ from the default policy. */
function policyChanges(policy) {
    const changed = {};
    for (const [key, value] of Object.entries(policy)) {
        if (JSON.stringify(value) !== JSON.stringify(schema/* DEFAULT_POLICY */.zj[key]))
            changed[key] = value;
    }
    return Object.keys(changed).length > 0 ? changed : undefined;
}

;// CONCATENATED MODULE: ./src/serve/records.ts
/** Applies one write to the store. Live requests and journal replay both go through here. */
function applyRecord(store, record) {
    switch (record.op) {
        case 'run.create':
            store.createRun(record.run);
            return;
        case 'run.update':
            store.updateRun(record.run_id, toRunUpdate(record.update), record.at);
            return;
        case 'artifact.create':
            store.createArtifact(record.artifact);
            return;
        case 'disclosure_pack.create':
            store.createDisclosurePack(record.disclosure_pack);
            return;
    }
}
/** The service's PATCH: a field that is absent or null is left unchanged. */
function toRunUpdate(request) {
    const update = {};
    if (request.status != null)
        update.status = request.status;
    if (request.finished_at != null)
        update.finished_at = request.finished_at;
    if (request.cost_actual != null)
        update.cost_actual = request.cost_actual;
    if (request.metadata != null)
        update.metadata = request.metadata;
    return update;
}
/** The run a record changes, whose cached verdict it invalidates. */
function runOf(record) {
    switch (record.op) {
        case 'run.create':
            return record.run.id;
        case 'run.update':
            return record.run_id;
        case 'artifact.create':
            return record.artifact.run_id;
        case 'disclosure_pack.create':
            return record.disclosure_pack.run_id;
    }
}

;// CONCATENATED MODULE: ./src/serve/service.ts
/**
 * The Maestro Conductor service's operations over the core: the same store the Action fills and
 * the same `evaluateRun` (facts, then gate) as `check`, so a run gets the same verdict here as
 * from the Action or the CLI; the service adds only its cache. The HTTP layer only parses and answers;
 * everything a request changes goes through `applyRecord`, which is also how the journal
 * replays, so a restarted service holds exactly what the running one acknowledged.
 */













const gzipAsync = (0,external_node_util_.promisify)(external_node_zlib_.gzip);
/** Verdicts kept for repeated reads of a run's gate or manifest; the oldest is dropped past this many runs. */
const VERDICT_CACHE_RUNS = 1024;
class MaestroService {
    #store;
    #workspace;
    #journal;
    #now;
    #judgementClock;
    #trusted;
    /** Each preloaded run's effective policy, merged once: a run's source never changes. */
    #policies = new Map();
    #newId;
    /** Bumped by every write to a run (its fields or its artifacts): what a cached verdict was computed from. */
    #versions = new Map();
    #verdicts = new Map();
    #failure = null;
    constructor(options) {
        this.#store = options.store;
        this.#workspace = options.workspace;
        this.#journal = options.journal ?? null;
        this.#now = options.now;
        this.#judgementClock = options.judgementClock ?? environment/* judgementTime */.LD;
        this.#trusted = options.trustedPolicy;
        this.#newId = options.newId ?? external_node_crypto_.randomUUID;
    }
    get journaled() {
        return this.#journal !== null;
    }
    /** Set by the first write the journal refused: the store then holds a change the disk does not. */
    get failure() {
        return this.#failure;
    }
    async createRun(request) {
        const now = this.#now();
        const run = {
            id: this.#newId(),
            name: request.name,
            owner: request.owner,
            status: 'pending',
            started_at: now,
            finished_at: null,
            cost_estimate: request.cost_estimate ?? null,
            cost_actual: null,
            related_entity_ids: request.related_entity_ids,
            related_decision_ids: request.related_decision_ids,
            metadata: request.metadata,
            created_at: now,
            updated_at: now,
        };
        await this.#write({ op: 'run.create', run });
        return this.#store.getRun(run.id);
    }
    getRun(runId) {
        return this.#store.getRun(runId);
    }
    /** Newest first, as the service listed them. */
    listRuns(filter) {
        return newestFirst(this.#store.listRuns(filter));
    }
    async updateRun(runId, request) {
        // Checked before anything is written, so an unknown run leaves no journal record.
        this.#store.getRun(runId);
        const update = toRunUpdate(request);
        await this.#write({ op: 'run.update', run_id: runId, update, at: this.#now() });
        return this.#store.getRun(runId);
    }
    async createArtifact(request) {
        const contentHash = request.content_hash ?? null;
        const artifact = {
            id: this.#newId(),
            // The run's own string, not the request's copy: 100,000 artifacts share one id.
            run_id: this.#store.getRun(request.run_id).id,
            kind: request.kind,
            path_or_uri: request.path_or_uri,
            // The API keeps any text for a remote URI (the service did); a real digest is normalised as a manifest's.
            content_hash: contentHash === null ? null : (0,schema/* normalizeContentHash */.fF)(contentHash),
            created_at: this.#now(),
            metadata_json: request.metadata_json,
        };
        await this.#write({ op: 'artifact.create', artifact });
        return artifact;
    }
    getArtifact(artifactId) {
        return this.#store.getArtifact(artifactId);
    }
    /** One run's artifacts (found by its index, not by scanning), or every artifact; newest first. */
    listArtifacts(runId) {
        const newest = newestFirst(this.#store.listArtifacts(runId));
        if (runId !== undefined)
            return newest;
        // The store groups artifacts by run, so across runs creation order is their created_at, the
        // service's sort key (a stable sort keeps the store's order among equal times).
        const times = new Map(newest.map((artifact) => [artifact, Date.parse(artifact.created_at) || 0]));
        return newest.sort((a, b) => times.get(b) - times.get(a));
    }
    async createDisclosurePack(request) {
        const pack = {
            id: this.#newId(),
            run_id: request.run_id,
            summary: request.summary,
            artifact_ids: request.artifact_ids,
            metadata: request.metadata,
            created_at: this.#now(),
        };
        await this.#write({ op: 'disclosure_pack.create', disclosure_pack: pack });
        return pack;
    }
    getDisclosurePack(packId) {
        return this.#store.getDisclosurePack(packId);
    }
    listDisclosurePacks() {
        return newestFirst(this.#store.listDisclosurePacks());
    }
    /**
     * The release gate of one run, exactly as `check` evaluates it: the manifest's policy and
     * evidence for a preloaded run, the default policy (the service's rule) otherwise. Local
     * artifact files are hashed in the workspace; remote URIs are never fetched (`not_verified`).
     */
    async evaluate(runId) {
        const { run, artifacts, evidence, source } = this.#store.gateInput(runId);
        const trusted = this.#trusted;
        const policy = this.#policyOf(runId, source);
        const { gate, pure, trustFiles } = await (0,evaluate_run/* evaluateRun */.t)({ run, artifacts, policy, evidence, manifestFile: source?.file }, { workspace: this.#workspace, trustedPolicy: trusted }, this.#judgementClock());
        return { run, artifacts, policy, gate, trustFiles, pure };
    }
    /**
     * The verdict, recomputed only when it could differ: a run whose facts came from no file is
     * judged once per change of the run (its fields, artifacts or disclosure pack) and per day
     * (waivers expire by the day). A run with local files is judged afresh every time, because its
     * files may have changed.
     */
    async #judged(runId) {
        const version = this.#versions.get(runId) ?? 0;
        const day = this.#judgementClock().slice(0, 10);
        const cached = this.#verdicts.get(runId);
        if (cached && cached.version === version && cached.day === day)
            return cached;
        const entry = { version, day, evaluation: await this.evaluate(runId) };
        if (entry.evaluation.pure && (this.#versions.get(runId) ?? 0) === version) {
            this.#verdicts.delete(runId);
            this.#verdicts.set(runId, entry);
            if (this.#verdicts.size > VERDICT_CACHE_RUNS)
                this.#verdicts.delete(this.#verdicts.keys().next().value);
        }
        return entry;
    }
    async releaseGate(runId) {
        const entry = await this.#judged(runId);
        entry.releaseGate ??= (0,json/* buildReleaseGateJson */.bT)(entry.evaluation.gate);
        return entry.releaseGate;
    }
    /**
     * The run with its artifacts, disclosure pack and compliance report (in the service's shape, or
     * in full), as compact JSON encoded once per verdict, and its gzip-compressed bytes on demand:
     * both from one judgement of the run (a run with local files is judged afresh on every request).
     */
    async manifestAnswer(runId, detail = 'service') {
        const entry = await this.#judged(runId);
        const answers = (entry.answers ??= {});
        const answer = (answers[detail] ??= { text: JSON.stringify(this.#answerOf(runId, entry, detail)) });
        // Compressed once per cached verdict; a failed compression is not kept, the next request tries again.
        const gzipped = () => (answer.gzip ??= gzipAsync(answer.text).catch((error) => {
            answer.gzip = undefined;
            throw error;
        }));
        return { text: answer.text, gzipped };
    }
    #answerOf(runId, entry, detail) {
        const manifest = this.#manifestOf(runId, entry);
        if (detail === 'full')
            return manifest;
        return { ...manifest, compliance_report: serviceComplianceReport(manifest.compliance_report, entry.evaluation.gate) };
    }
    #manifestOf(runId, entry) {
        if (!entry.manifest) {
            const { run, artifacts, gate, trustFiles } = entry.evaluation;
            // Where the rules came from, as `check` records it: the trusted policy, or the manifest's own.
            const provenance = { policySource: this.#trusted ? this.#trusted.source : { kind: 'manifest' }, trustFiles };
            entry.manifest = (0,json/* buildRunManifestJson */.PE)(run, artifacts, this.#store.getDisclosurePackForRun(runId), (0,json/* buildComplianceReport */.q1)(run, artifacts, gate, provenance));
        }
        return entry.manifest;
    }
    exportYaml(runId) {
        return renderManifestYaml(this.#store.gateInput(runId));
    }
    /**
     * The same rules as `check`: the trusted policy tightened by a preloaded manifest; an API run
     * has no manifest, so the trusted policy (or the service's rule) as it is.
     */
    #policyOf(runId, source) {
        if (!source)
            return this.#trusted ? (0,rules/* gatePolicyOf */.f)(this.#trusted.policy) : schema/* DEFAULT_POLICY */.zj;
        let policy = this.#policies.get(runId);
        if (!policy) {
            // The server refused at start any preloaded manifest whose policy has issues.
            policy = (0,core_policy/* runPolicy */.i)(source, this.#trusted, undefined).policy;
            this.#policies.set(runId, policy);
        }
        return policy;
    }
    /**
     * Applies the write, then waits until the journal holds it. Applying first, in the same tick
     * as queueing, keeps the journal in the order the store saw; the response waits for the disk.
     */
    async #write(record) {
        if (this.#failure)
            throw this.#failure;
        applyRecord(this.#store, record);
        const runId = runOf(record);
        this.#versions.set(runId, (this.#versions.get(runId) ?? 0) + 1);
        try {
            await this.#journal?.append(record);
        }
        catch (error) {
            // The journal rolled the write back, but the store already holds it: from here on the
            // store is ahead of the disk, so nothing more is written or answered from it. A restart
            // replays exactly what was acknowledged.
            this.#failure ??= error;
            throw error;
        }
    }
}
/**
 * Newest first: the store keeps creation order (manifest order for preloaded runs), so the
 * newest is the last created, which for the API is the latest `created_at`, the service's sort key.
 */
function newestFirst(items) {
    return [...items].reverse();
}

;// CONCATENATED MODULE: ./src/serve/server.ts
/**
 * Starts the service: preload manifests into a store, replay the journal over it (with
 * `dataDir`), and listen. Returns the address and a `close()` that stops accepting requests,
 * finishes those in flight and flushes the journal.
 */








const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8001;
async function startService(options) {
    const workspace = external_node_path_default().resolve(options.workspace);
    const now = options.now;
    let store = new store_store/* MaestroStore */.B$();
    let preloaded = [];
    if (options.manifests && options.manifests.length > 0) {
        const loaded = await (0,load/* loadManifests */.D)({
            workspace,
            patterns: options.manifests,
            now: now(),
            githubRun: options.githubRun,
            ...(options.maxManifestBytes !== undefined ? { maxManifestBytes: options.maxManifestBytes } : {}),
        });
        store = loaded.store;
        preloaded = loaded.runs;
        // A preloaded manifest that brings what only the trusted policy may is refused at start.
        const issues = preloaded.flatMap((run) => (0,core_policy/* runPolicy */.i)(run, options.trustedPolicy, undefined).issues);
        if (issues.length > 0)
            throw new errors/* ManifestError */.Sh(issues);
    }
    let journal = null;
    let replayed = 0;
    if (options.dataDir !== undefined) {
        const opened = await Journal.open(options.dataDir, (record) => applyRecord(store, record));
        journal = opened.journal;
        replayed = opened.replayed;
        if (opened.tornBytes > 0) {
            options.log(`maestro-gate serve: ${journal.file}: the last line (${opened.tornBytes} bytes) was cut short by a crash before it was acknowledged; it was dropped and the ${replayed} complete line(s) before it were replayed`);
        }
    }
    const service = new MaestroService({
        store,
        workspace,
        journal,
        now,
        ...(options.judgementClock ? { judgementClock: options.judgementClock } : {}),
        ...(options.trustedPolicy ? { trustedPolicy: options.trustedPolicy } : {}),
        ...(options.newId ? { newId: options.newId } : {}),
    });
    const host = options.host ?? DEFAULT_HOST;
    const app = buildApp({
        service,
        host,
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        corsOrigins: options.corsOrigins ?? [],
        logError: options.log,
        ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    });
    try {
        await app.listen({ host, port: options.port ?? DEFAULT_PORT });
    }
    catch (error) {
        await journal?.close();
        throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    let closing = null;
    return {
        url: `http://${urlHost}:${port}`,
        host,
        port,
        preloaded,
        replayed,
        journalFile: journal?.file ?? null,
        app,
        close: () => (closing ??= (async () => {
            await app.close();
            await journal?.close();
        })()),
    };
}

// EXTERNAL MODULE: ./src/cli/exit.ts
var exit = __webpack_require__(47632);
;// CONCATENATED MODULE: ./src/cli/serve.ts
/**
 * `maestro-gate serve` and `maestro-gate export`: the Maestro REST API over the same core, and
 * a run fetched back from it as a maestro.yml. Loaded lazily by the CLI (`await import`), so
 * `check` never pays to load the HTTP framework.
 *
 * Exit codes as the rest of the CLI: 0 stopped cleanly or exported, 1 stopped because a write
 * could not be made durable, 2 invalid usage, input or any other error.
 */












const SERVE_USAGE = `Usage: maestro-gate serve [options] [MANIFEST…]

Serves the Maestro Conductor REST API (runs, artifacts, disclosure packs, manifests and the
release gate) over the same store and gate as \`maestro-gate check\`. Docs at /docs.

Options:
  --host HOST           address to bind (default: ${DEFAULT_HOST}, this machine only)
  --port PORT           port to listen on (default: ${DEFAULT_PORT}; 0 picks a free one)
  --data DIR            journal every write to DIR/journal.jsonl and replay it on start
                        (default: none, data lives in memory only and is lost on exit)
  --cors ORIGIN         allow browser calls from ORIGIN (repeatable; * for any; default: none)
  --max-body BYTES      refuse request bodies larger than this with 413 (default: ${DEFAULT_MAX_BODY_BYTES})
  --workspace DIR       folder that manifests, local artifact paths and evidence are read from (default: .)
  --max-manifest-bytes N  refuse manifests larger than N bytes
  --policy FILE         judge every run by this trusted policy (preloaded manifests may only
                        tighten it; runs created over the API get it as it is)
  --policy-ref REF      read --policy as committed at REF in the local git repository
  -h, --help            show this help

MANIFEST may be a path or a glob: its runs are loaded before the server starts.

The API has no authentication, so it answers only requests that name it in their Host header
(localhost, 127.0.0.1, [::1] or the --host address, with the port; any IP address of the machine
when bound to 0.0.0.0 or ::), and takes writes (JSON only) from no web page but its own and
those allowed with --cors.`;
const EXPORT_USAGE = `Usage: maestro-gate export RUN_ID [--url URL]

Prints a run of a running \`maestro-gate serve\` as a maestro.yml, for \`maestro-gate check\`.

Options:
  --url URL             the service (default: http://${DEFAULT_HOST}:${DEFAULT_PORT})
  -h, --help            show this help`;
/** `maestro-gate serve …`: resolves with the exit code once the server has stopped. Never throws. */
async function serveCommand(args, io) {
    let running;
    try {
        const { values: given, positionals } = (0,cli_args/* parseCommandLine */.Du)(args, {
            host: { type: 'string' },
            port: { type: 'string' },
            data: { type: 'string' },
            cors: { type: 'string', multiple: true },
            'max-body': { type: 'string' },
            workspace: { type: 'string' },
            'max-manifest-bytes': { type: 'string' },
            policy: { type: 'string' },
            'policy-ref': { type: 'string' },
            help: { type: 'boolean', short: 'h' },
        });
        const text = (name) => (typeof given[name] === 'string' ? given[name] : undefined);
        const values = {
            help: given.help === true,
            host: text('host') ?? DEFAULT_HOST,
            port: text('port') ?? String(DEFAULT_PORT),
            data: text('data'),
            cors: given.cors ?? [],
            'max-body': text('max-body') ?? String(DEFAULT_MAX_BODY_BYTES),
            workspace: text('workspace') ?? '.',
            'max-manifest-bytes': text('max-manifest-bytes'),
            policy: text('policy'),
            'policy-ref': text('policy-ref'),
        };
        if (values.help) {
            io.out(SERVE_USAGE);
            return exit/* EXIT */.d.ok;
        }
        const port = (0,cli_args/* wholeNumberFlag */.ZR)('--port', values.port, 0, 65_535);
        const maxBodyBytes = (0,cli_args/* wholeNumberFlag */.ZR)('--max-body', values['max-body'], 1);
        const manifestCap = values['max-manifest-bytes'] === undefined ? (0,environment/* maxManifestBytes */.rq)() : (0,cli_args/* wholeNumberFlag */.ZR)('--max-manifest-bytes', values['max-manifest-bytes'], 1);
        if (values.data === '')
            throw new errors/* UsageError */.eb('--data: give a folder');
        let fatal = null;
        let wake = () => undefined;
        const stopped = new Promise((resolve) => {
            wake = resolve;
        });
        const trustedPolicy = await (0,policy/* loadCliPolicy */.r)(values.workspace, values.policy, values['policy-ref']);
        running = await startService({
            trustedPolicy,
            host: values.host,
            port,
            workspace: values.workspace,
            manifests: positionals,
            maxManifestBytes: manifestCap,
            githubRun: (0,environment/* githubRun */.pV)(),
            dataDir: values.data,
            corsOrigins: values.cors,
            maxBodyBytes,
            now: io.now ?? (() => (0,environment/* currentTime */.$k)()),
            log: (text) => io.err(text),
            onFatal: (error) => {
                fatal = error;
                wake();
            },
        });
        if (running.preloaded.length > 0) {
            io.out(`maestro-gate serve: loaded ${running.preloaded.length} run(s): ${running.preloaded.map((run) => `${(0,report_escape/* escapeLogText */.dD)(run.runId)} (${(0,report_escape/* escapeLogText */.dD)(run.file)})`).join(', ')}`);
        }
        if (!isLoopback(running.host)) {
            io.err(`maestro-gate serve: warning: ${(0,report_escape/* escapeLogText */.dD)(running.host)} is reachable from other machines, and this API has no authentication`);
        }
        const storage = running.journalFile === null
            ? 'data in memory only, lost when the server stops (pass --data DIR to keep it)'
            : `data journaled to ${(0,report_escape/* escapeLogText */.dD)(running.journalFile)} (${running.replayed} write(s) replayed)`;
        if (trustedPolicy)
            io.out(`maestro-gate serve: every run is judged by ${(0,report_escape/* escapeLogText */.dD)((0,core_policy/* describeRunPolicySource */.U)(trustedPolicy.source), { maxLength: 2_000 })}`);
        io.out(`maestro-gate serve: listening on ${running.url} (docs at ${running.url}/docs); ${storage}`);
        io.onListening?.(running);
        const onSignal = () => wake();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        io.signal?.addEventListener('abort', onSignal, { once: true });
        if (io.signal?.aborted)
            wake();
        try {
            await stopped;
        }
        finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            io.signal?.removeEventListener('abort', onSignal);
        }
        await running.close();
        if (fatal !== null) {
            io.err(`maestro-gate serve: stopped: ${fatal.message}. Restart it to replay ${running.journalFile ?? 'the journal'}.`);
            return exit/* EXIT */.d.failed;
        }
        io.out('maestro-gate serve: stopped');
        return exit/* EXIT */.d.ok;
    }
    catch (error) {
        await running?.close().catch(() => undefined);
        return reportError(error, 'serve', io);
    }
}
/** `maestro-gate export RUN_ID --url URL`: prints the run as maestro.yml. Never throws. */
async function exportCommand(args, io) {
    try {
        const { values: given, positionals } = (0,cli_args/* parseCommandLine */.Du)(args, { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
        const values = { help: given.help === true, url: typeof given.url === 'string' ? given.url : `http://${DEFAULT_HOST}:${DEFAULT_PORT}` };
        if (values.help) {
            io.out(EXPORT_USAGE);
            return exit/* EXIT */.d.ok;
        }
        if (positionals.length !== 1)
            throw new errors/* UsageError */.eb('give exactly one RUN_ID');
        const runId = positionals[0];
        let base;
        try {
            base = new URL(values.url);
        }
        catch {
            throw new errors/* UsageError */.eb(`--url: '${values.url}' is not a URL`);
        }
        if (base.protocol !== 'http:' && base.protocol !== 'https:')
            throw new errors/* UsageError */.eb(`--url: '${values.url}' is not an http(s) URL`);
        // The id is a path segment, encoded: it cannot walk to another endpoint.
        const target = new URL(`${base.pathname.replace(/\/+$/, '')}/maestro/runs/${encodeURIComponent(runId)}/manifest?format=yaml`, base);
        let response;
        try {
            response = await fetch(target, { headers: { accept: 'application/yaml' }, signal: AbortSignal.timeout(60_000) });
        }
        catch (error) {
            const cause = error.cause?.code ?? error.name;
            io.err(`maestro-gate export: cannot reach ${(0,report_escape/* escapeLogText */.dD)(base.origin)} (${(0,report_escape/* escapeLogText */.dD)(String(cause))}); is \`maestro-gate serve\` running there?`);
            return exit/* EXIT */.d.invalid;
        }
        const text = await response.text();
        if (!response.ok) {
            io.err(`maestro-gate export: ${response.status} from ${(0,report_escape/* escapeLogText */.dD)(base.origin)}: ${(0,report_escape/* escapeLogText */.dD)(detailOf(text))}`);
            return exit/* EXIT */.d.invalid;
        }
        io.out(text.trimEnd());
        return exit/* EXIT */.d.ok;
    }
    catch (error) {
        return reportError(error, 'export', io);
    }
}
function detailOf(text) {
    try {
        const detail = JSON.parse(text).detail;
        if (typeof detail === 'string')
            return detail;
        if (detail !== undefined)
            return JSON.stringify(detail);
    }
    catch {
        // Not the service's JSON: show what came back.
    }
    return text.slice(0, 500);
}
function isLoopback(host) {
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
function reportError(error, command, io) {
    // What only a server meets comes first: its journal, and the address it cannot listen on.
    const errno = error?.code;
    if (error instanceof JournalError)
        io.err(`maestro-gate serve: ${(0,report_escape/* escapeLogText */.dD)(error.message)}`);
    else if (errno === 'EADDRINUSE')
        io.err('maestro-gate serve: the port is already in use; stop the other server or pass --port');
    else if (errno === 'EACCES' || errno === 'EADDRNOTAVAIL')
        io.err(`maestro-gate serve: cannot listen there (${errno}); check --host and --port`);
    else {
        const { kind, issues, message } = (0,errors/* classifyError */.fe)(error);
        if (issues.length > 0)
            io.err((0,report_text/* renderTextIssues */.Wv)(issues, io.color ?? false));
        else if (kind === 'usage')
            io.err(`maestro-gate: ${(0,report_escape/* escapeLogText */.dD)(message)}\n${(0,help/* usageHint */.n)(command)}`);
        // Internal: the stack helps a bug report; it goes to the operator's terminal, never to a client.
        else if (kind === 'internal')
            io.err(`maestro-gate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        else
            io.err(`maestro-gate: ${(0,report_escape/* escapeLogText */.dD)(message)}`);
    }
    return exit/* EXIT */.d.invalid;
}


/***/ })

};
