/**
 * What the fast YAML path (yaml-fast.ts) reads off the text itself, without js-yaml: where a
 * node's first character is, and a cheap upper bound on the loader's token count.
 */

/** `[` or `{`: the first character of a flow collection. */
export function isFlowStart(code: number): boolean {
  return code === 91 /* [ */ || code === 123 /* { */;
}

/** Past spaces and tabs: where the loader places an empty value (before a comment or line end). */
export function skipBlanks(source: string, offset: number): number {
  let at = offset;
  for (let code = source.charCodeAt(at); code === 32 || code === 9; code = source.charCodeAt(at)) at += 1;
  return at;
}

/** Past spaces, line breaks and comments: where a node's first character is written. */
export function skipSeparation(source: string, offset: number): number {
  let at = offset;
  for (;;) {
    const code = source.charCodeAt(at);
    if (code === 32 || code === 9 || code === 10 || code === 13) at += 1;
    else if (code === 35 /* # */) {
      const end = source.indexOf('\n', at);
      if (end === -1) return source.length;
      at = end + 1;
    } else return at;
  }
}

/** Characters at which the `yaml` lexer may end one token and start the next without a space. */
const SPLITS = new Uint8Array(128);
for (const char of '-?:,[]{}#&*!|>\'"%@`') SPLITS[char.charCodeAt(0)] = 1;

/** The lexer also reads a byte order mark as a token of its own, wherever it is. */
function splits(code: number): boolean {
  return code < 128 ? SPLITS[code] === 1 : code === 0xfeff;
}

/**
 * An upper bound on what yaml.ts's `yamlTokensOver` counts (tokens that start with a character
 * above a space, not `#`), in one pass without the lexer: every such token starts after a space
 * or control character, or next to a character at which the lexer splits. Only a text whose
 * bound is over the limit needs the lexer's exact count.
 */
export function yamlTokensAtMost(source: string): number {
  let count = 0;
  let previous = 10;
  for (let index = 0; index < source.length; index += 1) {
    const code = source.charCodeAt(index);
    if (code > 32 && code !== 35 && (previous <= 32 || splits(previous) || splits(code))) count += 1;
    previous = code;
  }
  return count;
}
