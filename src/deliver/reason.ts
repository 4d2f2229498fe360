/** Reasons that delivery hands back to the Action, which shows them as one-line notices or warnings. */

/** The first non-empty line of an error's message, at most 500 characters: library errors go on with paragraphs of advice. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split(/\r?\n/).find((part) => part.trim() !== '') ?? message;
  return line.trim().slice(0, 500);
}
