/**
 * The small pieces every error message is made of: key paths, value descriptions, positions,
 * and how a manifest's own path is shown.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/errors.js';
import { loadManifests } from '../../src/manifest/load.js';
import { formatKeyPath, parseManifestText } from '../../src/manifest/parse.js';
import { describeValue } from '../../src/manifest/validate.js';
import { fixture, manifestIssues, NOW, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

describe('formatKeyPath', () => {
  it.each([
    { keyPath: [], text: '' },
    { keyPath: ['run'], text: 'run' },
    { keyPath: ['artifacts', 0, 'metadata_json', 'sbom_present'], text: 'artifacts[0].metadata_json.sbom_present' },
    { keyPath: ['run', 'metadata', 'team name'], text: 'run.metadata["team name"]' },
    { keyPath: ['run', 'metadata', '1'], text: 'run.metadata["1"]' },
    { keyPath: ['run', 'metadata', 'a.b'], text: 'run.metadata["a.b"]' },
    { keyPath: ['run', 'metadata', '"quoted"'], text: 'run.metadata["\\"quoted\\""]' },
    { keyPath: [3, 'x'], text: '[3].x' },
  ])('$keyPath → $text', ({ keyPath, text }) => {
    expect(formatKeyPath(keyPath)).toBe(text);
  });
});

describe('describeValue', () => {
  it.each([
    { value: null, text: 'null' },
    { value: undefined, text: 'undefined' },
    { value: [1], text: 'a list' },
    { value: { a: 1 }, text: 'a mapping' },
    { value: 'yes', text: "string 'yes'" },
    { value: 'it\'s "x"', text: 'string \'it\'s \\"x\\"\'' },
    { value: 'a\nb', text: "string 'a\\nb'" },
    { value: 'x'.repeat(61), text: `string '${'x'.repeat(57)}...'` },
    { value: 'x'.repeat(60), text: `string '${'x'.repeat(60)}'` },
    { value: 1.5, text: 'number 1.5' },
    { value: false, text: 'boolean false' },
  ])('$value → $text', ({ value, text }) => {
    expect(describeValue(value)).toBe(text);
  });
});

describe('parseManifestText', () => {
  it('locates values and keys by their key path', async () => {
    const parsed = await parseManifestText('maestro.yml', 'run:\n  name: release\n  owner: platform\nartifacts:\n  - kind: other\n    path_or_uri: a\n');
    if (Array.isArray(parsed)) throw new Error(parsed.map(formatIssue).join('\n'));
    expect(parsed.locate(['run', 'owner'])).toEqual({ line: 3, column: 10 });
    expect(parsed.locate(['run'], 'owner')).toEqual({ line: 3, column: 3 });
    expect(parsed.locate(['artifacts', 0])).toEqual({ line: 5, column: 5 });
    expect(parsed.locate(['artifacts', 0, 'path_or_uri'])).toEqual({ line: 6, column: 18 });
    // A path that does not exist points at the deepest part that does.
    expect(parsed.locate(['artifacts', 0, 'metadata_json', 'sbom_present'])).toEqual({ line: 5, column: 5 });
    expect(parsed.locate(['artifacts', 7])).toEqual({ line: 5, column: 3 });
  });

  it('returns plain data with YAML 1.2 scalars', async () => {
    const parsed = await parseManifestText('m.yml', 'a: yes\nb: true\nc: 010\nd: 0o10\ne: 1_000\nf: 2024-05-01\ng: ~\n');
    if (Array.isArray(parsed)) throw new Error(parsed.map(formatIssue).join('\n'));
    expect(parsed.data).toEqual({ a: 'yes', b: true, c: 10, d: 8, e: '1_000', f: '2024-05-01', g: null });
  });
});

describe('how a manifest is named', () => {
  it('is shown relative to the workspace, with /, however the input spelled it', async () => {
    const ws = await workspace({ 'services/api/maestro.yml': 'run: { name: r }\n' });
    for (const pattern of ['services/api/maestro.yml', './services//api/maestro.yml', path.join(ws.root, 'services/api/maestro.yml')]) {
      const issues = await manifestIssues(loadManifests({ workspace: ws.root, patterns: [pattern], now: NOW }));
      expect(issues.map((issue) => [issue.file, issue.path])).toEqual([['services/api/maestro.yml', 'run.owner']]);
    }
  });

  it('records the sha256 of the exact bytes read', async () => {
    const bytes = await fixture('passing.yml');
    const ws = await workspace({ 'maestro.yml': bytes });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs[0]!.manifestSha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
