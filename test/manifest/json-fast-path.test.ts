/**
 * JSON manifests take a fast path (JSON.parse) only when it gives what the YAML path gives;
 * everything it cannot prove clean falls back, so errors keep their exact positions.
 */
import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../src/manifest/parse.js';
import { validateManifest } from '../../src/manifest/validate.js';

const codesOf = (text: string): string[] => {
  const parsed = parseManifestText('maestro.json', text);
  return Array.isArray(parsed) ? parsed.map((issue) => `${issue.code}@${issue.line}:${issue.column}`) : [];
};

describe('the JSON fast path', () => {
  it('gives the same data as the YAML path, escapes and unicode included', () => {
    const text = '{"run": {"name": "a \\"quoted\\" \\\\ name: x", "owner": "o\\u00e9"}, "artifacts": [], "k\\"ey": 1}';
    const fast = parseManifestText('maestro.json', text);
    const slow = parseManifestText('maestro.json', ` ${text.replace('{', '{\n')}`);
    expect(Array.isArray(fast)).toBe(false);
    expect(fast).toMatchObject({ data: JSON.parse(text) });
    expect((slow as { data: unknown }).data).toEqual((fast as { data: unknown }).data);
  });

  it.each([
    ['a duplicate key (JSON.parse would keep the last)', '{"run": {"name": "a", "owner": "o"},\n "run": {"name": "b", "owner": "o"}}', ['DUPLICATE_KEY@2:2']],
    ['a duplicate flag', '{"artifacts": [{"metadata_json": {"sbom_present": false,\n "sbom_present": true}}]}', ['DUPLICATE_KEY@2:2']],
    ['a __proto__ key', '{"run": {"__proto__": {"x": 1}}}', ['FORBIDDEN_KEY@1:10']],
    ['a merge key', '{"<<": {}}', ['MERGE_KEY@1:2']],
  ])('falls back on %s, and the error keeps its position', (_, text, expected) => {
    expect(codesOf(text)).toEqual(expected);
  });

  it('falls back on nesting past the limit', () => {
    const text = `{"run": ${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(codesOf(text)[0]).toMatch(/^TOO_DEEP@/);
  });

  it('locates schema errors in a JSON manifest at their line and column', () => {
    const text = '{\n  "run": {"name": "r", "owner": "o", "status": "done"},\n  "artifacts": []\n}\n';
    const parsed = parseManifestText('maestro.json', text);
    if (Array.isArray(parsed)) throw new Error('expected a parse');
    const issues = validateManifest('maestro.json', parsed);
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', line: 2, column: 48, path: 'run.status' })]);
  });
});
