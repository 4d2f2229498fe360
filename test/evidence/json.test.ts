/**
 * HOSTILE rows 34 and 36: JSON evidence with a repeated key is refused as YAML is, at any depth
 * and in every format (risk assessment, SBOM, statement, DSSE envelope and payload, Sigstore
 * bundle, JSON lines); and JSON shaped to exhaust memory is refused before JSON.parse sees it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_JSON_KEYS_PER_OBJECT, MAX_JSON_VALUES, parseStrictJson } from '../../src/evidence/json.js';
import { verifyProvenance } from '../../src/evidence/provenance.js';
import { verifyRisk } from '../../src/evidence/risk.js';
import { verifySbom } from '../../src/evidence/sbom.js';
import type { EvidenceFile } from '../../src/evidence/types.js';
import { ARTIFACT_SHA256, statementV1 } from '../helpers/signing.js';

const EVIDENCE = new URL('../fixtures/evidence/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, EVIDENCE), 'utf8');
const file = (path: string, text: string): EvidenceFile => {
  const bytes = Buffer.from(text);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
};
const NO_TRUST = { keys: [], identities: [], requireSignatures: false };
const NOW = new Date('2026-06-15T12:00:00Z');

/** Inserts `"key": value,` right after the first `{` that follows `after` in `text`. */
function repeatKey(text: string, after: string, key: string, value: unknown): string {
  const at = text.indexOf('{', text.indexOf(after)) + 1;
  return `${text.slice(0, at)}${JSON.stringify(key)}: ${JSON.stringify(value)}, ${text.slice(at)}`;
}

describe('parseStrictJson', () => {
  it.each([
    ['at the top', '{"expires": "2020-01-01", "level": "low", "expires": "2099-01-01"}', "duplicate key 'expires'"],
    ['in a nested object', '{"a": {"b": {"c": 1, "c": 2}}}', "duplicate key 'c' at a.b"],
    ['in an object inside a list', '{"components": [{"name": "x"}, {"name": "y", "name": "z"}]}', "duplicate key 'name' at components[1]"],
    ['written with an escape', '{"expires": 1, "\\u0065xpires": 2}', "duplicate key 'expires'"],
    ['with an escaped quote in it', '{"a\\"b": 1, "a\\"b": 2}', `duplicate key 'a"b'`],
    ['the empty key', '{"": 1, "": 2}', "duplicate key ''"],
    ['after a string full of braces, commas and escaped backslashes', '{"t": "{,\\\\\\"}[", "u": 1, "u": 2}', "duplicate key 'u'"],
    ['a key path that needs quoting', '{"a b": {"k": 1, "k": 2}}', 'duplicate key \'k\' at ["a b"]'],
  ])('refuses a repeated key %s', (_, text, reason) => {
    expect(parseStrictJson(text)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['the same key in sibling objects', '[{"a": 1}, {"a": 2}]'],
    ['a value that looks like a key', '{"a": "a", "b": "a"}'],
    ['keys differing only in case', '{"Expires": 1, "expires": 2}'],
    ['keys inside string values', '{"s": "{\\"a\\": 1, \\"a\\": 2}"}'],
    ['a scalar document', '"just a string"'],
  ])('accepts %s', (_, text) => {
    expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it('says "not valid JSON" for invalid text, never quoting it', () => {
    expect(parseStrictJson('{"secret": ')).toEqual({ ok: false, reason: 'not valid JSON' });
  });

  it('refuses nesting, width and size that would exhaust memory, before parsing', () => {
    expect(parseStrictJson(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatchObject({ ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    expect(parseStrictJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
    const wide = `{${Array.from({ length: MAX_JSON_KEYS_PER_OBJECT + 1 }, (_, index) => `"k${index}":0`).join(',')}}`;
    expect(parseStrictJson(`{"a":${wide}}`)).toMatchObject({ ok: false, reason: `an object at a has more than ${MAX_JSON_KEYS_PER_OBJECT} keys` });
    expect(parseStrictJson(`[${'{},'.repeat(MAX_JSON_VALUES)}{}]`)).toMatchObject({ ok: false, reason: `more than ${MAX_JSON_VALUES} JSON values (objects, arrays and members)` });
  });

  it('is linear: a 100 000-entry list of objects with repeated-looking keys in well under a second per MiB', () => {
    const text = JSON.stringify({ components: Array.from({ length: 100_000 }, (_, index) => ({ name: `pkg-${index}`, version: '1.0.0', purl: `pkg:npm/pkg-${index}` })) });
    const started = performance.now();
    expect(parseStrictJson(text).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('every JSON evidence format refuses a repeated key', () => {
  it('a risk assessment with two expires: the later, unexpired one does not win', () => {
    const text = '{"level": "low", "expires": "2020-01-01", "approver": "Ada", "expires": "2099-01-01"}';
    expect(verifyRisk(file('evidence/risk.json', text), NOW)).toEqual({ verified: false, reason: "duplicate key 'expires'", details: { format: 'json' } });
  });

  it('a real risk assessment fixture with its level repeated', () => {
    const text = repeatKey(fixture('risk/risk.json'), '{', 'level', 'critical');
    expect(verifyRisk(file('evidence/risk.json', text), NOW)).toMatchObject({ verified: false, reason: "duplicate key 'level'" });
  });

  it.each(['sbom/cyclonedx-1.6.json', 'sbom/spdx-2.3.json'])('an SBOM (%s) with a repeated key in a component or package', (name) => {
    const original = fixture(name);
    const inner = original.includes('"components"') ? '"components"' : '"packages"';
    const text = repeatKey(original, inner, 'name', 'shadow');
    expect(verifySbom(file(`evidence/${name}`, original)).verified).toBe(true);
    expect(verifySbom(file(`evidence/${name}`, text))).toEqual({ verified: false, reason: expect.stringMatching(/^duplicate key 'name' at (components|packages)\[0\]: expected an SBOM the gate can read safely; /), details: {} });
  });

  it('a plain statement with two subject lists', async () => {
    const text = repeatKey(JSON.stringify(statementV1()), '', 'subject', [{ name: 'x', digest: { sha256: '0'.repeat(64) } }]);
    expect(await verifyProvenance(file('p.json', text), { sha256: ARTIFACT_SHA256 }, NO_TRUST)).toMatchObject({ verified: false, reason: expect.stringMatching(/^duplicate key 'subject': expected an in-toto statement /) });
  });

  it('a DSSE envelope with two payloads', async () => {
    const envelope = JSON.parse(fixture('provenance/unsigned.dsse.json')) as { payload: string };
    const text = `{"payload": "e30=", ${fixture('provenance/unsigned.dsse.json').trim().slice(1)}`;
    expect(envelope.payload).not.toBe('e30=');
    expect(await verifyProvenance(file('p.dsse.json', text), { sha256: ARTIFACT_SHA256 }, NO_TRUST)).toMatchObject({ verified: false, reason: expect.stringMatching(/^duplicate key 'payload': expected /) });
  });

  it('a DSSE payload whose statement repeats a key', async () => {
    const statement = repeatKey(JSON.stringify(statementV1()), '"predicate"', 'buildDefinition', {});
    const envelope = { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from(statement).toString('base64'), signatures: [] };
    expect(await verifyProvenance(file('p.dsse.json', JSON.stringify(envelope)), { sha256: ARTIFACT_SHA256 }, NO_TRUST)).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/^DSSE payload: duplicate key 'buildDefinition' at predicate: expected a DSSE envelope /),
    });
  });

  it('a real Sigstore bundle with two media types', async () => {
    const text = repeatKey(fixture('provenance/npm-playwright-cli-0.1.1.sigstore.json'), '', 'mediaType', 'application/vnd.dev.sigstore.bundle+json;version=0.1');
    expect(await verifyProvenance(file('p.sigstore.json', text), { sha256: ARTIFACT_SHA256 }, NO_TRUST)).toMatchObject({ verified: false, reason: expect.stringMatching(/^duplicate key 'mediaType': expected /) });
  });

  it('a JSON-lines file whose second line repeats a key, naming the line', async () => {
    const lines = fixture('provenance/statements.jsonl').trimEnd().split('\n');
    lines[1] = repeatKey(lines[1]!, '', '_type', 'https://in-toto.io/Statement/v1');
    const check = await verifyProvenance(file('p.jsonl', `${lines.join('\n')}\n`), { sha256: ARTIFACT_SHA256 }, NO_TRUST);
    expect(check).toMatchObject({ verified: false, reason: expect.stringMatching(/^line 2: duplicate key '_type': expected one JSON document per line; /) });
  });
});
