/**
 * Text that JSON.parse accepts is read by the JSON path (JSON.parse, the linear scan for key
 * rules and positions); anything else by the YAML path. The YAML loader and the YAML fast path
 * are watched (`yamlRuns`), so each test proves which path ran, not only what `form` says: the
 * JSON path must never call them, and every text JSON.parse refuses must reach one of them. The real YAML loader, run
 * on the same text, is the oracle for the JSON path's data, issues and positions.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseManifestText, type ParsedManifest } from '../../src/manifest/parse.js';
import { validateManifest } from '../../src/manifest/validate.js';
import type * as YamlLoader from '../../src/manifest/yaml.js';
import type * as YamlFast from '../../src/manifest/yaml-fast.js';

const yamlRuns = vi.hoisted(() => [] as string[]);
vi.mock('../../src/manifest/yaml.js', async (importOriginal) => {
  const original = await importOriginal<typeof YamlLoader>();
  return {
    ...original,
    parseYaml: (file: string, source: string) => {
      yamlRuns.push(source);
      return original.parseYaml(file, source);
    },
  };
});
// The YAML path's fast reader (js-yaml) counts as the YAML path too, when it reads the text.
vi.mock('../../src/manifest/yaml-fast.js', async (importOriginal) => {
  const original = await importOriginal<typeof YamlFast>();
  return {
    ...original,
    fastYaml: (source: string) => {
      const read = original.fastYaml(source);
      if (read !== undefined) yamlRuns.push(source);
      return read;
    },
  };
});
const { parseYaml } = await vi.importActual<typeof YamlLoader>('../../src/manifest/yaml.js');
beforeEach(() => {
  yamlRuns.length = 0;
});

const parse = async (text: string): Promise<ParsedManifest> => {
  const parsed = await parseManifestText('maestro.json', text);
  if (Array.isArray(parsed)) throw new Error(JSON.stringify(parsed));
  return parsed;
};
const issuesOf = async (text: string) => {
  const parsed = await parseManifestText('maestro.json', text);
  return Array.isArray(parsed) ? parsed : [];
};
const oracleOf = (text: string): ParsedManifest => {
  const oracle = parseYaml('maestro.json', text.replace(/^\uFEFF/, ''));
  if (Array.isArray(oracle)) throw new Error(JSON.stringify(oracle));
  return oracle;
};

describe('which path reads a text', () => {
  it.each([
    ['a pretty-printed manifest', '{\n  "run": {"name": "r", "owner": "o"},\n  "artifacts": []\n}\n'],
    ['escapes and unicode', '{"run": {"name": "a \\"quoted\\" \\\\ name: x", "owner": "o\\u00e9 😀"}, "artifacts": [], "k\\"ey": 1}'],
    ['leading whitespace and a BOM', '\uFEFF  \n {"run": {"name": "r", "owner": "o"}}'],
    ['numbers YAML would read the same', '{"a": 1, "b": -2.5e3, "c": 0, "d": [true, false, null]}'],
  ])('JSON.parse reads %s, never the YAML loader, with the data and positions the YAML path gives', async (_, text) => {
    const parsed = await parse(text);
    expect(parsed.form).toBe('json');
    expect(yamlRuns).toEqual([]);
    const oracle = oracleOf(text);
    expect(oracle.form).toBe('yaml');
    expect(parsed.data).toEqual(oracle.data);
    // Every top-level key and value, placed where the YAML path places it.
    const requests = Object.keys(parsed.data as object).flatMap((key) => [{ keyPath: [], key }, { keyPath: [key] }]);
    expect(requests.length).toBeGreaterThan(0);
    expect(parsed.locateAll(requests)).toEqual(oracle.locateAll(requests));
  });

  it.each([
    ['a trailing comma (YAML flow allows it, JSON does not)', '{"run": {"name": "r", "owner": "o",},}', { run: { name: 'r', owner: 'o' } }],
    ['unquoted keys and values', '{run: {name: r, owner: o}}', { run: { name: 'r', owner: 'o' } }],
    ['a comment after the mapping', '{"run": {"name": "r", "owner": "o"}} # the release', { run: { name: 'r', owner: 'o' } }],
    ['single-quoted strings', "{'run': {'name': 'it''s', 'owner': 'o'}}", { run: { name: "it's", owner: 'o' } }],
    ['block YAML', 'run:\n  name: r\n  owner: o\n', { run: { name: 'r', owner: 'o' } }],
  ])('the YAML path reads %s, which JSON.parse refuses', async (_, text, data) => {
    const parsed = await parse(text);
    expect(parsed.form).toBe('yaml');
    expect(yamlRuns).toEqual([text]);
    expect(parsed.data).toEqual(data);
  });

  it('a JSON-looking text too large for YAML is refused with the JSON error, without the YAML loader', async () => {
    const text = `{"run": {"name": "r",}, "pad": "${'x'.repeat(2048)}"}`;
    const parsed = await parseManifestText('maestro.json', text, { maxYamlBytes: 1024 });
    expect(yamlRuns).toEqual([]);
    expect(parsed).toEqual([expect.objectContaining({ code: 'PARSE_ERROR', line: 1, message: expect.stringContaining('a manifest over 1024 bytes is read only as JSON') })]);
  });
});

describe('key rules on the JSON path, worded and placed as the YAML path places them', () => {
  it.each([
    ['a duplicate key (JSON.parse would keep the last)', '{"run": {"name": "a", "owner": "o"},\n "run": {"name": "b", "owner": "o"}}', ['DUPLICATE_KEY@2:2 run']],
    ['a duplicate flag', '{"artifacts": [{"metadata_json": {"sbom_present": false,\n "sbom_present": true}}]}', ['DUPLICATE_KEY@2:2 artifacts[0].metadata_json.sbom_present']],
    ['a duplicate written with an escape', '{"run": {"name": "a", "n\\u0061me": "b"}}', ['DUPLICATE_KEY@1:23 run.name']],
    ['a __proto__ key', '{"run": {"__proto__": {"x": 1}}}', ['FORBIDDEN_KEY@1:10 run']],
    ['constructor and prototype deep down', '{"run": {"metadata": {"a": [{"constructor": 1}, {"prototype": 2}]}}}', ['FORBIDDEN_KEY@1:30 run.metadata.a[0]', 'FORBIDDEN_KEY@1:50 run.metadata.a[1]']],
    ['a merge key', '{"<<": {}}', ['MERGE_KEY@1:2 ']],
    ['several faults at once, in reading order', '{"<<": 1,\n "run": {"__proto__": 1, "x": 1, "x": 2}}', ['MERGE_KEY@1:2 ', 'FORBIDDEN_KEY@2:10 run', 'DUPLICATE_KEY@2:34 run.x']],
    ['nesting past the limit', `{"run": {"metadata": {"deep": ${'['.repeat(100)}${']'.repeat(100)}}}}`, ['TOO_DEEP@1:93 run.metadata.deep']],
  ])('%s', async (_, text, expected) => {
    const json = await issuesOf(text);
    // JSON.parse accepted the text: the scan, not the YAML loader, found and placed these.
    expect(yamlRuns).toEqual([]);
    expect(json.map((issue) => `${issue.code}@${issue.line}:${issue.column} ${issue.path}`)).toEqual(expected);
    // The YAML path, run on the same text, says the same things at the same places.
    const oracle = parseYaml('maestro.json', text);
    expect(Array.isArray(oracle) ? oracle : []).toEqual(json);
    expect(yamlRuns).toEqual([]);
  });

  it('never hands back data that lost a duplicate key', async () => {
    const text = '{"artifacts": [{"metadata_json": {"sbom_present": false, "sbom_present": true}}]}';
    expect(Array.isArray(await parseManifestText('maestro.json', text))).toBe(true);
    expect(yamlRuns).toEqual([]);
  });

  it('locates schema errors in a JSON manifest at their line and column', async () => {
    const text = '{\n  "run": {"name": "r", "owner": "o", "status": "done"},\n  "artifacts": []\n}\n';
    const parsed = await parse(text);
    expect(parsed.form).toBe('json');
    const issues = validateManifest('maestro.json', parsed);
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', line: 2, column: 48, path: 'run.status' })]);
  });
});
