/**
 * The interactive docs at `/docs`: one small page, its script and its style, all served by the
 * service itself. It reads `/openapi.json`, lists every operation and sends requests from a
 * form, so it works offline and behind any proxy: nothing is loaded from a CDN. Every value
 * reaches the page through `textContent`, never as HTML.
 */

export const DOCS_HTML = `<!doctype html>
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

export const DOCS_STYLE = `body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 0 16px 48px; color: #1f2328; }
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

export const DOCS_SCRIPT = `'use strict';
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
export const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
