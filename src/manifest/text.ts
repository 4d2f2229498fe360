/** Positions in text that could not be decoded or holds a NUL, for read.ts messages. */

export function positionOfChar(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

export function positionOfByte(bytes: Buffer, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < index; i = bytes.indexOf(10, i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  // Column in bytes: the line is not valid text, so characters cannot be counted reliably.
  return { line, column: index - lineStart + 1 };
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence. */
export function firstInvalidUtf8Byte(bytes: Buffer): number {
  // Binary search on prefixes: a valid prefix decodes (with `stream` so a cut sequence is fine).
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  // `low` is where decoding broke. When the prefix ends inside a sequence (Latin-1 `é`, 0xE9,
  // then a newline), point at that sequence's lead byte, not at the byte that broke it.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, low));
    return low;
  } catch {
    let start = low - 1;
    while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
    return start;
  }
}
