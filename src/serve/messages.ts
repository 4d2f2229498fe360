/**
 * The service's 404 text, `Run <id> not found`, with the id as a client can read it: an id is
 * whatever the client sent (10,000 characters, a NUL, a bidi override), and echoing it whole
 * would hand a terminal or a log viewer whatever the sender wanted. Ids the service itself made
 * are short and plain, so for them the text is the service's, unchanged.
 */
import { escapeLogText, truncate } from '../report/escape.js';
import type { NotFoundError } from '../store/store.js';

export const SHOWN_ID_LENGTH = 120;

const NOT_FOUND = /^(Run|Artifact|Disclosure pack) ([\s\S]*) not found$/;

export function notFoundDetail(error: NotFoundError): string {
  const match = NOT_FOUND.exec(error.message);
  if (!match) return truncate(escapeLogText(error.message, { maxLength: 2 * SHOWN_ID_LENGTH }), 2 * SHOWN_ID_LENGTH);
  return `${match[1]} ${showId(match[2]!)} not found`;
}

/** An id echoed in a message: invisible characters escaped, then cut to SHOWN_ID_LENGTH (with `…`). */
export function showId(id: string): string {
  // Cut again after escaping: an id of NULs is six times longer escaped.
  return truncate(escapeLogText(id, { maxLength: SHOWN_ID_LENGTH }), SHOWN_ID_LENGTH);
}
