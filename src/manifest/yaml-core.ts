/**
 * The YAML 1.2 core schema for js-yaml, written as the `yaml` package resolves plain scalars
 * (node_modules/yaml/dist/schema/core/*.js, schema/common/null.js), so that the fast path reads
 * `yes`, `on`, `1_000`, `0b1` and `.5.5` as strings, `0o10` as 8 and `010` as 10 exactly as the
 * loader does. js-yaml's own CORE_SCHEMA differs (it reads `1_000` as 1000 and `0o10` both ways,
 * depending on version), so none of its scalar types is used: FAILSAFE gives strings, sequences
 * and mappings, and every other plain scalar is resolved here.
 */
import jsyaml from 'js-yaml';

/**
 * In the `yaml` package's order: null, bool, octal, decimal and hexadecimal int, then
 * .inf/.nan, exponent and decimal floats; the first whose test matches decides.
 */
const RULES: readonly { test: RegExp; value: (text: string) => unknown }[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/, value: () => null },
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, value: (text) => text[0] === 't' || text[0] === 'T' },
  { test: /^0o[0-7]+$/, value: (text) => parseInt(text.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/, value: (text) => parseInt(text, 10) },
  { test: /^0x[0-9a-fA-F]+$/, value: (text) => parseInt(text.substring(2), 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    value: (text) => (text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
  },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, value: (text) => parseFloat(text) },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, value: (text) => parseFloat(text) },
];

/** First characters (all ASCII) of every non-string plain scalar above; the empty scalar is null too. */
const MAY_RESOLVE = new Uint8Array(128);
for (const char of '~nNtTfF0123456789+-.') MAY_RESOLVE[char.charCodeAt(0)] = 1;

/**
 * One implicit js-yaml type for all the rules: js-yaml calls `resolve` on every plain scalar and
 * `construct` right after it matched, so the value found by `resolve` is kept for `construct`.
 * Most plain scalars of a manifest (ids, URIs, hashes, key names) are told apart by their first
 * character without a regular expression.
 */
let resolved: unknown;
const coreScalar = new jsyaml.Type('tag:yaml.org,2002:core-scalar', {
  kind: 'scalar',
  resolve: (data: unknown) => {
    if (typeof data !== 'string') return false;
    if (data.length > 0) {
      const first = data.charCodeAt(0);
      // Past the table (a character above ASCII) the entry is undefined: a string too.
      if (MAY_RESOLVE[first] !== 1) return false;
      // The two spellings of nearly every flag: the null rule cannot match them, the bool rule does.
      if (data === 'true' || data === 'false') {
        resolved = data === 'true';
        return true;
      }
    }
    for (const rule of RULES) {
      if (rule.test.test(data)) {
        resolved = rule.value(data);
        return true;
      }
    }
    return false;
  },
  construct: () => resolved,
});

/** FAILSAFE (str, seq, map) plus the core scalars above; no merge, binary, set, omap or timestamp. */
export const CORE_SCHEMA_AS_YAML_READS_IT = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [coreScalar] });
