/**
 * How two digests are shown when they should be equal and are not. Both are always shown in
 * full, and the first position where they differ is named: two sha256 digests that differ only
 * near the end look alike at a glance, and a shortened form could hide the difference entirely.
 */

/**
 * "first difference at hex digit 61 of 64", or why the two cannot be compared digit by digit.
 * `expected` and `actual` are `algorithm:hex` or bare hex; case is ignored, as hex digests do.
 */
export function whereDigestsDiffer(expected: string, actual: string): string {
  const [expectedAlgorithm, expectedHex] = split(expected);
  const [actualAlgorithm, actualHex] = split(actual);
  if (expectedAlgorithm !== actualAlgorithm) return `different algorithms: ${expectedAlgorithm ?? 'none'} and ${actualAlgorithm ?? 'none'}`;
  const a = expectedHex.toLowerCase();
  const b = actualHex.toLowerCase();
  if (a.length !== b.length) return `different lengths: ${a.length} and ${b.length} hex digits`;
  let index = 0;
  while (index < a.length && a[index] === b[index]) index += 1;
  if (index === a.length) return 'equal';
  return `first difference at hex digit ${index + 1} of ${a.length}`;
}

function split(digest: string): [string | undefined, string] {
  const colon = digest.indexOf(':');
  return colon === -1 ? [undefined, digest] : [digest.slice(0, colon), digest.slice(colon + 1)];
}
