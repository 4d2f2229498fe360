/**
 * The streamed report JSON is the text `JSON.stringify` gives, piece for piece, so a large report
 * written in pieces is byte-identical to one written whole.
 */
import fc from 'fast-check';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { replaceReportFolder } from '../../src/files/report-folder.js';
import { ElementsOnDemand, jsonChunks } from '../../src/report/json-stream.js';
import { toJson } from '../../src/report/json.js';
import { useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

describe('jsonChunks', () => {
  test('joined, equals JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 2_000 },
    );
  });

  test('with frozen members shared between entries (encoded once per document), still equals JSON.stringify', () => {
    const freezeDeep = (value: unknown): unknown => {
      if (typeof value === 'object' && value !== null) {
        for (const item of Object.values(value)) freezeDeep(item);
        Object.freeze(value);
      }
      return value;
    };
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 4 }), fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (shared, entries, picks) => {
        const frozen = shared.map(freezeDeep);
        const document = { artifacts: entries.map((entry, index) => ({ ...entry, shared: frozen[(picks[index] ?? 0) % frozen.length], also: frozen[0] })) };
        expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
      }),
      { numRuns: 500 },
    );
    const odd = Object.freeze({ toJSON: () => undefined });
    const dated = Object.freeze({ when: new Date(0) });
    const entries = [{ a: odd, b: dated, c: undefined, d: () => 1, e: Symbol('s') }, odd, Object.freeze({ f: 1 }), dated, null];
    expect([...jsonChunks({ list: entries })].join('')).toBe(JSON.stringify({ list: entries }));
  });

  test('entries with any string (quotes, backslashes, control characters, lone surrogates) or name equal JSON.stringify', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\ud800', 'a\udfffb', '\ud83d\ude00', '"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', 'é'));
    const member = fc.oneof(text, fc.boolean(), fc.double(), fc.constant(null), fc.constant(undefined), fc.array(text, { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.dictionary(text, member, { maxKeys: 6 }), { maxLength: 20 }), (entries) => {
        const document = { artifacts: entries };
        expect([...jsonChunks(document)].join('')).toBe(JSON.stringify(document));
      }),
      { numRuns: 1_000 },
    );
    // More member names than are remembered per document: the rest are written each time.
    const many = { list: Array.from({ length: 3 }, (_, copy) => Object.fromEntries(Array.from({ length: 1_500 }, (_, index) => [`name-${index}"\u0001`, copy]))) };
    expect([...jsonChunks(many)].join('')).toBe(JSON.stringify(many));
  });

  test('elements made on demand are written as the array JSON.stringify gives, each made once, at any depth', () => {
    const made: number[] = [];
    const list = new ElementsOnDemand(5, (index) => {
      made.push(index);
      return index === 2 ? Object.freeze({ shared: true }) : { index, name: `a-${index}`, gone: undefined };
    });
    const expected = JSON.stringify({ a: { b: { c: Array.from({ length: 5 }, (_, index) => (index === 2 ? { shared: true } : { index, name: `a-${index}` })) } } });
    expect([...jsonChunks({ a: { b: { c: list } } })].join('')).toBe(expected);
    expect(made).toEqual([0, 1, 2, 3, 4]);
    // Deeper than the walk, and as an element's member, JSON.stringify writes it through toJSON.
    const deep = { a: { b: { c: { d: { e: list } } } }, list: [{ inner: list }] };
    expect([...jsonChunks(deep)].join('')).toBe(JSON.stringify(deep));
    expect(JSON.stringify(new ElementsOnDemand(0, () => 1))).toBe('[]');
  });

  test('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
    const value = { a: undefined, b: [undefined, () => 1, Symbol('s'), 1], c: { d: undefined, e: new Date(0) }, f: () => 2, '\u2028"k': 'v' };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
  });
});

describe('report files written as JSON', () => {
  test('a small document is indented, a large one compact and byte-identical to toJson', async () => {
    const ws = await workspace();
    const small = { run_id: 'r', artifacts: [{ artifact_id: 'a', compliant: true }] };
    const large = { run_id: 'r', artifacts: Array.from({ length: 40_000 }, (_, index) => ({ artifact_id: `artifact-${index}`, reasons: ['SBOM not present', `é ${index}`], compliant: index % 10 === 0 })) };
    const folder = await replaceReportFolder(ws.root, 'maestro-report', [
      { path: 'release-gate.json', content: { json: small } },
      { path: 'compliance-report.json', content: { json: large } },
    ]);
    expect(await readFile(`${folder}/release-gate.json`, 'utf8')).toBe(toJson(small));
    const written = await readFile(`${folder}/compliance-report.json`, 'utf8');
    expect(written.length).toBeGreaterThan(1024 * 1024);
    expect(written).toBe(toJson(large));
  });

  test('a large value another file holds is written into it and into its own file, byte-identical to toJson', async () => {
    const ws = await workspace();
    const report = { run_id: 'r', artifacts: Array.from({ length: 40_000 }, (_, index) => ({ artifact_id: `artifact-${index}`, reasons: ['SBOM not present', `é ${index}`] })) };
    const small = { run_id: 'r', passed: true };
    const manifest = { run: { id: 'r' }, artifacts: [{ id: 'a' }], disclosure_pack: null, compliance_report: report, gate: small };
    const folder = await replaceReportFolder(ws.root, 'maestro-report', [
      { path: 'release-gate.json', content: { json: small } },
      { path: 'compliance-report.json', content: { json: report } },
      { path: 'manifest.json', content: { json: manifest } },
    ]);
    expect(await readFile(`${folder}/manifest.json`, 'utf8')).toBe(toJson(manifest));
    expect(await readFile(`${folder}/compliance-report.json`, 'utf8')).toBe(toJson(report));
    // The small document was written indented, so it is not what manifest.json holds: encoded again.
    expect(await readFile(`${folder}/release-gate.json`, 'utf8')).toBe(toJson(small));
  });

  test.each([
    ['a large report after a large prefix (written into both at once)', 40_000, 20_000],
    ['a large report after a small prefix', 40_000, 1],
    ['a small report after a large prefix (indented in its own file, compact in the holder)', 3, 20_000],
    ['a small report after a small prefix', 3, 1],
  ])('a value another file holds: %s, each file byte-identical to toJson', async (_, reportEntries, prefixEntries) => {
    const ws = await workspace();
    const report = { run_id: 'r', artifacts: Array.from({ length: reportEntries }, (_, index) => ({ artifact_id: `artifact-${index}`, reasons: ['SBOM not present', `é ${index} \u2028 "q"`] })) };
    const manifest = { run: { id: 'r' }, artifacts: Array.from({ length: prefixEntries }, (_, index) => ({ id: `a-${index}`, path_or_uri: `oci://r/a:${index}` })), compliance_report: report };
    const other = { run: { id: 'r' }, compliance_report: report };
    const folder = await replaceReportFolder(ws.root, 'maestro-report', [
      { path: 'compliance-report.json', content: { json: report } },
      { path: 'manifest.json', content: { json: manifest } },
      // A second holder gets the text the first one wrote (copied, or encoded again when indented).
      { path: 'other.json', content: { json: other } },
    ]);
    expect(await readFile(`${folder}/compliance-report.json`, 'utf8')).toBe(toJson(report));
    expect(await readFile(`${folder}/manifest.json`, 'utf8')).toBe(toJson(manifest));
    expect(await readFile(`${folder}/other.json`, 'utf8')).toBe(toJson(other));
    expect((await readdir(folder)).sort()).toEqual(['compliance-report.json', 'manifest.json', 'other.json']);
  });

  test('jsonChunks hands back a known value as its key, wherever it sits', () => {
    const shared = { a: [1, 2] };
    const known = new Map<object, string>([[shared, 'shared.json']]);
    const pieces = [...jsonChunks({ x: 1, y: shared, z: [shared] }, known)];
    expect(pieces.filter((piece) => typeof piece !== 'string')).toEqual([{ known: 'shared.json' }]);
    expect(pieces.map((piece) => (typeof piece === 'string' ? piece : JSON.stringify(shared))).join('')).toBe(JSON.stringify({ x: 1, y: shared, z: [shared] }));
  });
});
