/**
 * The linear JSON locator must put every key path where the YAML document would: the YAML path
 * is the oracle here, run on the same text, so a difference in either is caught.
 */
import { describe, expect, it } from 'vitest';
import { locateJson } from '../../src/manifest/json-scan.js';
import { parseManifestText, type LocateRequest, type ParsedManifest } from '../../src/manifest/parse.js';
import { parseYaml } from '../../src/manifest/yaml.js';

const DOCUMENT = {
  run: { name: 'r "quoted" \\ name', owner: 'ö', status: 'succeeded', metadata: { 'k"ey': 1, 'a\\b': [1, [2, { deep: true }]], '3': 'numeric key', '': 'empty key', '😀': 'astral' } },
  artifacts: [
    { id: 'a', kind: 'other', path_or_uri: 'oci://r/a:1', metadata_json: { sbom_present: true, additional_metadata: { list: [] } } },
    { id: 'b', kind: 'sbom', path_or_uri: 'x "with" } ] , : chars', metadata_json: {} },
    { id: 'c', kind: 'other', path_or_uri: 'p', content_hash: null, metadata_json: { risk_assessment_present: false } },
  ],
  policy: { waivers: [{ rule: 'sbom_present', reason: 'r', owner: 'o', expires: '2999-01-01', artifact_ids: ['a'] }] },
};

const REQUESTS: LocateRequest[] = [
  { keyPath: [] },
  { keyPath: ['run'] },
  { keyPath: ['run', 'status'] },
  { keyPath: ['run', 'metadata', 'k"ey'] },
  { keyPath: ['run', 'metadata', 'a\\b', 1, 1, 'deep'] },
  { keyPath: ['run', 'metadata', 3] },
  { keyPath: ['run', 'metadata', ''] },
  { keyPath: ['run', 'metadata', '😀'] },
  { keyPath: ['artifacts', 0] },
  { keyPath: ['artifacts', 1, 'path_or_uri'] },
  { keyPath: ['artifacts', 2, 'content_hash'] },
  { keyPath: ['artifacts', 2, 'metadata_json', 'risk_assessment_present'] },
  { keyPath: ['artifacts', 0, 'metadata_json', 'additional_metadata', 'list'] },
  { keyPath: ['policy', 'waivers', 0, 'artifact_ids', 0] },
  // Keys of a mapping, as unknown-key errors ask for them.
  { keyPath: ['artifacts', 1], key: 'kind' },
  { keyPath: ['run', 'metadata'], key: 'k"ey' },
  { keyPath: ['run'], key: 'missing' },
  // Paths that do not exist: the deepest part that does.
  { keyPath: ['artifacts', 7] },
  { keyPath: ['artifacts', 1, 'metadata_json', 'sbom_present'] },
  { keyPath: ['run', 'name', 'below', 'a', 'scalar'] },
  { keyPath: ['nothing'] },
  { keyPath: ['artifacts', '1'] },
];

const yamlOf = (text: string): ParsedManifest => {
  const parsed = parseYaml('m.json', text);
  if (Array.isArray(parsed)) throw new Error(JSON.stringify(parsed));
  return parsed;
};

describe('locateJson against the YAML document of the same text', () => {
  it.each([
    ['pretty-printed', JSON.stringify(DOCUMENT, null, 2)],
    ['compact, one line', JSON.stringify(DOCUMENT)],
    ['tab-indented with CRLF line ends', JSON.stringify(DOCUMENT, null, '\t').replace(/\n/g, '\r\n')],
    ['spaces around every colon and comma', JSON.stringify(DOCUMENT, null, 1).replace(/":/g, '"  :  ').replace(/,\n/g, '\n ,')],
    ['escaped non-ASCII', JSON.stringify(DOCUMENT, null, 2).replace(/ö/g, '\\u00f6')],
  ])('%s: every request at the same line and column', (_, text) => {
    expect(locateJson(text, REQUESTS)).toEqual(yamlOf(text).locateAll(REQUESTS));
  });

  it('answers each request as if asked alone, duplicates and order included', () => {
    const text = JSON.stringify(DOCUMENT, null, 2);
    const shuffled = [...REQUESTS].reverse().concat(REQUESTS.slice(0, 3));
    expect(locateJson(text, shuffled)).toEqual(shuffled.map((request) => locateJson(text, [request])[0]));
  });

  it('is what a JSON manifest uses, and it never builds a YAML document', async () => {
    const text = JSON.stringify(DOCUMENT, null, 2);
    const parsed = (await parseManifestText('m.json', text)) as ParsedManifest;
    expect(parsed.form).toBe('json');
    expect(parsed.locate(['artifacts', 2, 'content_hash'])).toEqual(yamlOf(text).locate(['artifacts', 2, 'content_hash']));
  });

  it('locates the last of 100,000 artifacts, in one pass', () => {
    const artifacts = Array.from({ length: 100_000 }, (_, index) => ({ id: `a-${index}`, kind: 'other', path_or_uri: `oci://r/a:${index}`, metadata_json: { sbom_present: index % 2 === 0 } }));
    const text = JSON.stringify({ run: { name: 'r', owner: 'o' }, artifacts }, null, 1);
    const requests = artifacts.map((_, index) => ({ keyPath: ['artifacts', index, 'metadata_json', 'sbom_present'] }));
    const started = performance.now();
    const positions = locateJson(text, requests);
    const elapsed = performance.now() - started;
    // Each artifact is 8 lines in this layout; the first flag is on line 12, after 4 spaces and `"sbom_present": `.
    expect(positions[0]).toEqual({ line: 12, column: 21 });
    expect(positions[99_999]).toEqual({ line: 12 + 99_999 * 8, column: 21 });
    // One request at a time would be 100,000 passes over 12 MB: minutes, not this.
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('locateJson with a few requests', () => {
  it('stops once they are found, with the same answers as a walk to the end', () => {
    const artifacts = Array.from({ length: 2_000 }, (_, index) => ({ id: `a-${index}`, kind: 'other', path_or_uri: `oci://r/a:${index}`, metadata_json: { sbom_present: true } }));
    const text = `{"run": {"name": "r"}, "artifacts": [\n${artifacts.map((artifact) => JSON.stringify(artifact)).join(',\n')}\n]}`;
    const few = [{ keyPath: ['artifacts', 0] }, { keyPath: ['artifacts', 5], key: 'content_hash' }, { keyPath: ['artifacts', 7, 'path_or_uri'] }, { keyPath: ['run', 'status'] }];
    // Past the early-stop bound, the walk always goes to the end: the reference.
    const padding = Array.from({ length: 100 }, () => ({ keyPath: ['artifacts', 1_999, 'id'] }));
    expect(locateJson(text, few)).toEqual(locateJson(text, [...few, ...padding]).slice(0, few.length));
    expect(locateJson(text, few)).toEqual([
      { line: 2, column: 1 },
      { line: 7, column: 1 },
      { line: 9, column: expect.any(Number) },
      { line: 1, column: 9 },
    ]);
  });
});
