/** Links that our own words carry: built from the runner's environment, never from a manifest. */

/** Longer URLs are left out rather than shown: a link is a pointer, and the cap is reserved for it. */
export const MAX_URL_LENGTH = 2_000;

/**
 * An http(s) URL written so it cannot end its Markdown link early: the parser percent-encodes
 * spaces and angle brackets, and we encode the brackets, parentheses and pipe that it leaves.
 * Anything else (another scheme, not a URL at all, longer than `MAX_URL_LENGTH`) is left out.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const href = parsed.href.replace(/[()[\]|<> ]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length > MAX_URL_LENGTH ? undefined : href;
}
