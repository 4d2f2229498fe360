/**
 * The summary's layout engine: blocks of Markdown fitted under a byte cap, most important
 * first, written in document order. Pure; it escapes nothing (its callers hand it escaped text).
 */

/** Where a cut document says so. */
/** The longest a headline's message may be before a tiny cap shortens it. */
export const MESSAGE_MAX_LENGTH = 4_000;

export const TRUNCATION_MARKER =
  '> ⚠️ **Summary truncated:** detail was left out to stay under GitHub’s size limit for job summaries. The JSON reports are complete.';

/*
 * Fitting a document under its byte cap. Blocks are kept in order of priority (0 first), each
 * whole if it fits, a table row by row otherwise; the kept blocks are then written in document
 * order. So the verdict and the advice survive, and a 10,000-row table shrinks instead of
 * pushing everything else out.
 */

export type Block =
  | { kind: 'text'; priority: number; body: string }
  | { kind: 'table'; priority: number; title: string; head: string[]; rows: string[]; omitted: number; leftOut: (count: number, kept: number) => string };

export function text(priority: number, body: string): Block {
  return { kind: 'text', priority, body };
}

export function table(priority: number, title: string, head: string[], rows: string[], omitted: number, leftOut: (count: number, kept: number) => string): Block {
  return { kind: 'table', priority, title, head, rows, omitted, leftOut };
}

const SEPARATOR = '\n\n';

function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function renderTable(block: Extract<Block, { kind: 'table' }>, rowCount: number): string {
  const omitted = block.omitted + block.rows.length - rowCount;
  // A blank line ends the table: a line right after a row would be read as one more row.
  const tail = omitted > 0 ? `${SEPARATOR}${block.leftOut(omitted, rowCount)}` : '';
  return `${block.title}${SEPARATOR}${[...block.head, ...block.rows.slice(0, rowCount)].join('\n')}${tail}`;
}

/** The table with as many rows as fit in `budget` bytes (separator included), or null if not even its header does. */
function fitTableRows(block: Extract<Block, { kind: 'table' }>, budget: number): string | null {
  const fits = (rowCount: number): string | null => {
    const rendered = renderTable(block, rowCount);
    return utf8Bytes(SEPARATOR + rendered) <= budget ? rendered : null;
  };
  let used = utf8Bytes(SEPARATOR + renderTable(block, 0));
  let rowCount = 0;
  for (const row of block.rows) {
    used += utf8Bytes(row) + 1;
    if (used > budget) break;
    rowCount += 1;
  }
  // The "left out" line changes with the count it states; step back until it fits as written.
  for (; rowCount >= 0; rowCount -= 1) {
    const rendered = fits(rowCount);
    if (rendered !== null) return rendered;
  }
  return null;
}

export function fitDocument(headline: (maxLength: number) => string[], blocks: readonly Block[], maxBytes: number): string {
  const reserve = utf8Bytes(SEPARATOR + TRUNCATION_MARKER + '\n');
  // The headline is never dropped; only an absurdly small cap shortens the message inside it.
  let messageLength = MESSAGE_MAX_LENGTH;
  let head = headline(messageLength).join(SEPARATOR);
  while (utf8Bytes(head) + reserve > maxBytes && messageLength > 0) {
    messageLength = Math.floor(messageLength / 2);
    head = headline(messageLength).join(SEPARATOR);
  }

  let budget = maxBytes - utf8Bytes(head) - reserve;
  let cut = false;
  const kept = new Map<number, string>();
  const order = blocks.map((_, index) => index).sort((a, b) => blocks[a]!.priority - blocks[b]!.priority || a - b);
  for (const index of order) {
    const block = blocks[index]!;
    const whole = block.kind === 'text' ? block.body : renderTable(block, block.rows.length);
    const cost = utf8Bytes(SEPARATOR + whole);
    if (cost <= budget) {
      kept.set(index, whole);
      budget -= cost;
      continue;
    }
    cut = true;
    if (block.kind === 'text') continue;
    const partial = fitTableRows(block, budget);
    if (partial === null) continue;
    kept.set(index, partial);
    budget -= utf8Bytes(SEPARATOR + partial);
  }

  const parts = [head, ...blocks.flatMap((_, index) => {
    const body = kept.get(index);
    return body === undefined ? [] : [body];
  })];
  if (cut) parts.push(TRUNCATION_MARKER);
  return `${parts.join(SEPARATOR)}\n`;
}
