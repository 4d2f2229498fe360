/**
 * Memory bounds of the YAML path (HOSTILE row 36): YAML costs ~55 bytes of memory per byte of
 * ordinary input and ~500 for a dense flow list, so it has its own size cap (8 MiB) and a bound
 * on tokens (750,000), both lifted only by an explicit MAESTRO_GATE_MAX_MANIFEST_BYTES; JSON is
 * read up to the general 64 MiB cap.
 */
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { DEFAULT_MAX_YAML_MANIFEST_BYTES, MAX_YAML_TOKENS, parseManifestText } from '../../src/manifest/parse.js';
import { DEFAULT_MAX_MANIFEST_BYTES } from '../../src/manifest/read.js';
import { yamlTokensOver } from '../../src/manifest/yaml.js';
import { manifestIssues, NOW, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();
const RUN = { name: 'r', owner: 'o', status: 'succeeded' };

/** About `bytes` of ordinary artifact entries as YAML, and the same document as JSON. */
function artifactsOf(bytes: number): { yaml: string; json: string } {
  const count = Math.ceil(bytes / 150);
  const artifacts = Array.from({ length: count }, (_, index) => ({ id: `artifact-${index + 1}`, kind: 'other', path_or_uri: `oci://registry.example.com/app-${index}:1.0.${index}`, metadata_json: { sbom_present: true } }));
  const yaml = `run: { name: r, owner: o, status: succeeded }\nartifacts:\n${artifacts.map((a) => `  - id: ${a.id}\n    kind: other\n    path_or_uri: ${a.path_or_uri}\n    metadata_json: { sbom_present: true }\n`).join('')}`;
  return { yaml, json: JSON.stringify({ run: RUN, artifacts }) };
}

describe('the caps', () => {
  it('are 64 MiB for any manifest and 8 MiB or 750,000 tokens for YAML', () => {
    expect(DEFAULT_MAX_MANIFEST_BYTES).toBe(64 * 1024 * 1024);
    expect(DEFAULT_MAX_YAML_MANIFEST_BYTES).toBe(8 * 1024 * 1024);
    expect(MAX_YAML_TOKENS).toBe(750_000);
  });
});

describe('a YAML manifest over the YAML cap', () => {
  const { yaml, json } = artifactsOf(9 * 1024 * 1024);

  it('is refused before parsing, naming the file, its size, the cap and the ways out', async () => {
    const ws = await workspace({ 'maestro.yml': yaml });
    const started = performance.now();
    const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW }));
    const size = Buffer.byteLength(yaml);
    expect(issues).toEqual([
      {
        code: 'FILE_TOO_LARGE',
        file: 'maestro.yml',
        path: '',
        message: `YAML manifest is ${size} bytes, over the YAML limit of ${8 * 1024 * 1024} bytes (YAML needs about 50 bytes of memory per byte); write it as JSON (maestro.json, read up to 64 MiB), split it into several manifests, or raise MAESTRO_GATE_MAX_MANIFEST_BYTES`,
      },
    ]);
    // Parsing 9 MiB of YAML takes seconds; refusing it must not.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('loads as the same document written as JSON', async () => {
    const ws = await workspace({ 'maestro.json': json });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.json'], now: NOW });
    expect(runs[0]!.artifactIds).toHaveLength(Math.ceil((9 * 1024 * 1024) / 150));
  });

  it('is read when MAESTRO_GATE_MAX_MANIFEST_BYTES raises the cap for both forms', async () => {
    // Mostly one comment: cheap to parse, so the test measures the cap and not the parser.
    const commented = `run: { name: r, owner: o }\n# ${'x'.repeat(8.5 * 1024 * 1024)}\n`;
    const ws = await workspace({ 'maestro.yml': commented });
    const load = (maxManifestBytes?: number) => loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW, maxManifestBytes });
    expect((await manifestIssues(load())).map((issue) => issue.code)).toEqual(['FILE_TOO_LARGE']);
    expect((await load(16 * 1024 * 1024)).runs).toHaveLength(1);
  });
});

describe('a JSON manifest too large for YAML that JSON.parse refuses', () => {
  it('gets the JSON error at its line, not a YAML size error', async () => {
    const { json } = artifactsOf(9 * 1024 * 1024);
    // A trailing comma in the last artifact's mapping, on a line of its own at the end.
    const broken = `${json.slice(0, -3)},\n}]}`;
    const line = broken.split('\n').length;
    expect(await parseManifestText('maestro.json', broken)).toEqual([
      { code: 'PARSE_ERROR', file: 'maestro.json', line, column: 1, path: '', message: `is not valid JSON (Expected double-quoted property name); a manifest over ${8 * 1024 * 1024} bytes is read only as JSON` },
    ]);
  });

  it('under the YAML cap, is read by the YAML path, which accepts a trailing comma', async () => {
    const parsed = await parseManifestText('maestro.json', '{"run": {"name": "r", "owner": "o",\n}}');
    expect(Array.isArray(parsed) ? parsed : [parsed.form, parsed.data]).toEqual(['yaml', { run: { name: 'r', owner: 'o' } }]);
  });
});

describe('a YAML manifest under the size cap with too many tokens', () => {
  // 1.2 million zeros in a flow list: 2.3 MiB of text, about 600 MiB once parsed.
  const dense = `run:\n  name: r\n  owner: o\n  metadata:\n    x: [${'0,'.repeat(1_200_000)}0]\n`;

  it('is refused before the document is built', async () => {
    const started = performance.now();
    const parsed = await parseManifestText('maestro.yml', dense);
    expect(parsed).toEqual([{ code: 'FILE_TOO_LARGE', file: 'maestro.yml', path: '', message: expect.stringMatching(/^YAML manifest has more than 750000 values and indicators \(it is \d+ bytes\).*write it as JSON/) }]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('as JSON, is read', async () => {
    const parsed = await parseManifestText('maestro.json', JSON.stringify({ run: { name: 'r', owner: 'o', metadata: { x: Array(1_200_001).fill(0) } } }));
    expect(Array.isArray(parsed) ? parsed : parsed.form).toBe('json');
  });
});

describe('yamlTokensOver', () => {
  it.each([
    ['a: 1', 3],
    ['[0, 0, 0]', 7],
    ['# only a comment\n', 0],
    ['- a\n- "b c"\n', 4],
  ])('counts %j as %i significant tokens', (text, count) => {
    expect(yamlTokensOver(text, count)).toBe(false);
    expect(yamlTokensOver(text, count - 1)).toBe(count > 0);
  });
});

describe('a wide mapping', () => {
  const keys = Array.from({ length: 100_000 }, (_, index) => `    k${index}: ${index}`);

  it('parses in linear time (the package checks unique keys pairwise: minutes for 100,000)', async () => {
    const started = performance.now();
    const parsed = await parseManifestText('maestro.yml', `run:\n  name: r\n  owner: o\n  metadata:\n${keys.join('\n')}\n`);
    expect(Array.isArray(parsed)).toBe(false);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('still refuses a duplicate among them, at its line', async () => {
    const text = `run:\n  name: r\n  owner: o\n  metadata:\n${keys.join('\n')}\n    k5: again\n`;
    expect(await parseManifestText('maestro.yml', text)).toEqual([
      { code: 'DUPLICATE_KEY', file: 'maestro.yml', line: 100_005, column: 5, path: 'run.metadata.k5', message: "duplicate key 'k5': each key may appear only once in a mapping" },
    ]);
  });
});
