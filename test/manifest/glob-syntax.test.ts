/**
 * The manifest input loads the glob library only for a pattern with glob syntax in it. That is
 * exact only if tinyglobby never calls a pattern without those characters a glob: this holds it
 * to that over generated patterns, and checks the patterns users write both ways.
 */
import fc from 'fast-check';
import { isDynamicPattern } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { GLOB_SYNTAX } from '../../src/manifest/read.js';

const PATH_CHARS = [...'abcXYZ019._-/ ~#$%&=,;:\'"`^|<>', 'é', 'ß', '\u00a0', '\t', '*', '?', '[', ']', '{', '}', '(', ')', '!', '+', '@', '\\'];

describe('GLOB_SYNTAX: when the glob library is loaded', () => {
  it('a pattern tinyglobby calls dynamic always has glob syntax', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PATH_CHARS), { maxLength: 24 }), (chars) => {
        const pattern = chars.join('');
        if (isDynamicPattern(pattern)) expect(GLOB_SYNTAX.test(pattern), pattern).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['maestro.yml', false],
    ['releases/v1.4.2/maestro.json', false],
    ['.github/maestro-gate.yml', false],
    ['services/*/maestro.yml', true],
    ['**/maestro.yml', true],
    ['maestro.{yml,json}', true],
    ['maestro?.yml', true],
    ['[ab]/maestro.yml', true],
    ['+(a|b)/maestro.yml', true],
    ['maestro\\*.yml', true],
  ])('%s: glob syntax %s', (pattern, glob) => {
    expect(GLOB_SYNTAX.test(pattern)).toBe(glob);
    if (!glob) expect(isDynamicPattern(pattern)).toBe(false);
  });
});
