/**
 * The layout engine of the job summary and the PR comment: blocks of Markdown fitted under a cap,
 * most important first, written in document order. The cap is counted by a `Measure`: UTF-8
 * bytes for a job summary (GitHub's limit is 1 MiB), UTF-16 code units for a comment (GitHub's
 * limit is 65,536 characters). Pure; it escapes nothing (its callers hand it escaped text).
 */

/** The longest a headline's message may be before a small cap shortens it. */
export const MESSAGE_MAX_LENGTH = 4_000;

/** How a document's size is counted. */
export type Measure = (text: string) => number;

export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');
export const utf16Units: Measure = (text) => text.length;

/*
 * Blocks are kept in order of priority (0 first), each whole if it fits, a table row by row
 * otherwise; the kept blocks are then written in document order. So the verdict and the advice
 * survive, and a 10,000-row table shrinks instead of pushing everything else out.
 */

export interface TableBlock {
  kind: 'table';
  priority: number;
  title: string;
  head: string[];
  rows: string[];
  /** Rows the caller already left out (a row cap), added to those the budget cuts. */
  omitted: number;
  leftOut: (count: number, kept: number) => string;
  /** Past this many rows the table is folded inside `<details>` under `summary`. */
  fold?: { after: number; summary: string };
  /** Written under the table whenever a row of it is shown (what its marks mean). */
  legend?: string;
}

export type Block = { kind: 'text'; priority: number; body: string } | TableBlock;

export function text(priority: number, body: string): Block {
  return { kind: 'text', priority, body };
}

export function table(
  priority: number,
  title: string,
  head: string[],
  rows: string[],
  omitted: number,
  leftOut: (count: number, kept: number) => string,
  extras: Pick<TableBlock, 'fold' | 'legend'> = {},
): Block {
  return { kind: 'table', priority, title, head, rows, omitted, leftOut, ...extras };
}

export const SEPARATOR = '\n\n';

function renderTable(block: TableBlock, rowCount: number): string {
  const omitted = block.omitted + block.rows.length - rowCount;
  // A blank line ends the table: a line right after a row would be read as one more row.
  const body = [...block.head, ...block.rows.slice(0, rowCount)].join('\n');
  const tail = omitted > 0 ? block.leftOut(omitted, rowCount) : '';
  const legend = rowCount > 0 ? (block.legend ?? '') : '';
  // GitHub renders Markdown inside <details> only when blank lines set it apart from the tags.
  const folded = block.fold !== undefined && rowCount > block.fold.after;
  const table = folded ? `<details><summary>${block.fold!.summary}</summary>${SEPARATOR}${body}${SEPARATOR}</details>` : body;
  return [block.title, table, legend, tail].filter((part) => part !== '').join(SEPARATOR);
}

/** The table with as many rows as fit in `budget` (separator included), or null if not even its header does. */
function fitTableRows(block: TableBlock, budget: number, measure: Measure): string | null {
  const extra = measure(`<details><summary>${block.fold?.summary ?? ''}</summary>\n\n\n\n</details>${SEPARATOR}${block.legend ?? ''}`);
  let used = measure(SEPARATOR + renderTable(block, 0)) + extra;
  let rowCount = 0;
  for (const row of block.rows) {
    used += measure(row) + 1;
    if (used > budget) break;
    rowCount += 1;
  }
  // The "left out" line changes with the count it states; step back until it fits as written.
  for (; rowCount >= 0; rowCount -= 1) {
    const rendered = renderTable(block, rowCount);
    if (measure(SEPARATOR + rendered) <= budget) return rendered;
  }
  return null;
}

export interface DocumentLayout {
  /** The verdict heading and message, never dropped; given the longest a message may be. */
  headline: (messageLength: number) => string[];
  blocks: readonly Block[];
  /** Written last and always kept (the comment's links); reserved before any block. */
  closing?: string;
  /** Stands where detail was cut. */
  marker: string;
  maxSize: number;
  measure: Measure;
}

/**
 * The document under `maxSize` as `measure` counts it. Only a cap too small for the verdict
 * heading itself is not honoured: the heading is never dropped, only its message shortened.
 */
export function fitDocument(layout: DocumentLayout): string {
  const { measure, maxSize } = layout;
  const closing = layout.closing ?? '';
  const reserve = measure(SEPARATOR + layout.marker + '\n') + (closing === '' ? 0 : measure(SEPARATOR + closing));
  let messageLength = MESSAGE_MAX_LENGTH;
  let head = layout.headline(messageLength).join(SEPARATOR);
  // A message may take at most half of what is left, so that the advice still has room.
  while (measure(head) > (maxSize - reserve) / 2 && messageLength > 16) {
    messageLength = Math.floor(messageLength / 2);
    head = layout.headline(messageLength).join(SEPARATOR);
  }

  let budget = maxSize - measure(head) - reserve;
  let cut = false;
  const kept = new Map<number, string>();
  const blocks = layout.blocks;
  const order = blocks.map((_, index) => index).sort((a, b) => blocks[a]!.priority - blocks[b]!.priority || a - b);
  for (const index of order) {
    const block = blocks[index]!;
    const whole = block.kind === 'text' ? block.body : renderTable(block, block.rows.length);
    if (whole === '') continue;
    const cost = measure(SEPARATOR + whole);
    if (cost <= budget) {
      kept.set(index, whole);
      budget -= cost;
      continue;
    }
    cut = true;
    if (block.kind === 'text') continue;
    const partial = fitTableRows(block, budget, measure);
    if (partial === null) continue;
    kept.set(index, partial);
    budget -= measure(SEPARATOR + partial);
  }

  const parts = [head, ...blocks.flatMap((_, index) => kept.get(index) ?? [])];
  if (cut) parts.push(layout.marker);
  if (closing !== '') parts.push(closing);
  return `${parts.join(SEPARATOR)}\n`;
}
