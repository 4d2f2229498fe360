/**
 * Property: on generated manifests written as block or flow YAML, with scalars swapped for the
 * spellings where YAML 1.1, js-yaml and the 1.2 core schema part ways (`1_000`, `0o17`, `017`,
 * `yes`, `True`, `~`, `.5`, quoted twins, block scalars) and random text edits on top, the fast
 * path (js-yaml) and the loader (yaml.ts) accept and reject the same texts, with the same data
 * and the same positions (test/manifest/yaml-differential.ts is the oracle).
 */
import fc from 'fast-check';
import { describe, test } from 'vitest';
import { stringify } from 'yaml';
import { expectSameAsLoader } from '../manifest/yaml-differential.js';
import { assertAsyncProperty, cases, seedFor } from './fc-run.js';
import { manifestArbitrary } from './model.js';

const seed = seedFor(import.meta.url);
/** Each case runs both readers, twice for the loader; the machine is shared, so allow for it. */
const TIMEOUT = cases(120_000);

/** Plain scalars each reader could resolve its own way, and their quoted and block forms. */
const TRICKY = [
  '1_000', '0x1F', '0X1F', '0o17', '0O17', '017', '08', '+5', '-0', '.5', '+.5', '5.', '1e3', '1E+3', '-1.5e-3', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '0b101',
  '12:30', '1:20:30', '2001-12-14', 'True', 'TRUE', 'tRUE', 'true', 'false', 'False', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nul', '',
  '"yes"', "'1_000'", '"0x1F"', "'~'", '""', '"\\u00e9\\t"', "'it''s'", 'a b', 'a:b', 'a #b', 'x#y', '- x', '-x', '? x', ': x', 'a: b', '[a]', '{}', '1.0.0',
  'block:|', 'block:>', 'block:|-', 'block:>+', 'block:|2',
];
const MARK = /zzMARK(\d+)zz/;

/** The manifest as YAML with leaves swapped for TRICKY spellings, at the leaves `picks` names. */
function write(manifest: unknown, style: 'block' | 'flow', picks: readonly { leaf: number; token: number }[]): string {
  let leaf = 0;
  const tokens = new Map<string, string>();
  const mark = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mark);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mark(item)]));
    const pick = picks.find((candidate) => candidate.leaf === leaf);
    leaf += 1;
    if (pick === undefined) return value;
    tokens.set(String(tokens.size), TRICKY[pick.token % TRICKY.length]!);
    return `zzMARK${tokens.size - 1}zz`;
  };
  const text = style === 'flow' ? stringify(mark(manifest), { collectionStyle: 'flow' }) : stringify(mark(manifest));
  return text
    .split('\n')
    .map((line) => {
      const found = MARK.exec(line);
      if (found === null) return line;
      const token = tokens.get(found[1]!)!;
      const indent = ' '.repeat(/^ */.exec(line)![0].length + 2);
      const value = token.startsWith('block:') ? `${token.slice(6)}\n${indent}first line\n${indent}second: line` : token;
      return line.replace(MARK, value);
    })
    .join('\n');
}

const textEdit = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'duplicate-line', 'tabs', 'truncate'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(': ', '- ', '&a ', '*a', '!!str ', '? ', '|', '>', '{', '[', ']', '}', ',', '"', "'", '#', ' #', '\n', '\t', '---\n', '...\n', '%YAML 1.2\n', '<<: ', '~: ', '__proto__: ', '\uFEFF', '1: ', '"1": ')),
});

function edit(text: string, change: { kind: string; at: number; length: number; text: string }): string {
  const at = text.length === 0 ? 0 : change.at % text.length;
  if (change.kind === 'insert') return text.slice(0, at) + change.text + text.slice(at);
  if (change.kind === 'delete') return text.slice(0, at) + text.slice(at + change.length);
  if (change.kind === 'tabs') return text.replace(/^ {2}/gm, '\t');
  if (change.kind === 'truncate') return text.slice(0, at);
  const lines = text.split('\n');
  const line = change.at % lines.length;
  lines.splice(line, 0, lines[line]!);
  return lines.join('\n');
}

const picks = fc.array(fc.record({ leaf: fc.nat(40), token: fc.nat() }), { maxLength: 6 });
const style = fc.constantFrom<'block' | 'flow'>('block', 'flow');

describe('the YAML fast path against the loader', () => {
  test('generated manifests with tricky scalars: same data and positions, or both refuse', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(manifestArbitrary({ waivers: true, maxArtifacts: 4 }), style, picks, async (manifest, how, chosen) => {
        await expectSameAsLoader(write(manifest, how, chosen));
      }),
      { name: 'yaml-fast-scalars', seed, numRuns: cases(1_000) },
    );
  }, TIMEOUT);

  test('the same with random text edits', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(manifestArbitrary({ maxArtifacts: 3 }), style, picks, fc.array(textEdit, { minLength: 1, maxLength: 3 }), async (manifest, how, chosen, edits) => {
        let text = write(manifest, how, chosen);
        for (const change of edits) text = edit(text, change);
        await expectSameAsLoader(text);
      }),
      { name: 'yaml-fast-edits', seed: seed + 1, numRuns: cases(2_000) },
    );
  }, TIMEOUT);
});
