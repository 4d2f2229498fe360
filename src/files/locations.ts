/**
 * Where a file that a manifest names lives, judged from its spelling alone (no file system), and
 * the one test of whether a path lies inside a folder.
 */
import path from 'node:path';

export type Location =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; scheme: string }
  | { kind: 'unsafe'; reason: string };

const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const WINDOWS_DRIVE = /^[A-Za-z]:([\\/]|$)/;
// C0 controls and DEL: never part of a real file name we want to open or print.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Classifies `path_or_uri` without touching the file system. Local paths must be relative,
 * use `/`, and never contain a `..` segment, even one that would stay inside the workspace:
 * the rule is simpler to audit than the normalisation.
 */
export function classifyLocation(pathOrUri: string): Location {
  if (CONTROL.test(pathOrUri)) return { kind: 'unsafe', reason: 'contains a control character' };
  if (WINDOWS_DRIVE.test(pathOrUri)) return { kind: 'unsafe', reason: 'is an absolute Windows path' };
  const scheme = URI_SCHEME.exec(pathOrUri);
  if (scheme?.[1]) return { kind: 'remote', scheme: scheme[1].toLowerCase() };
  if (pathOrUri.includes('\\')) return { kind: 'unsafe', reason: 'contains a backslash (use / between folders)' };
  if (pathOrUri.startsWith('/')) return { kind: 'unsafe', reason: 'is absolute (paths are relative to the workspace)' };
  const segments = pathOrUri.split('/');
  if (segments.includes('..')) return { kind: 'unsafe', reason: "contains a '..' segment (paths must stay inside the workspace)" };
  const normalised = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
  if (normalised === '') return { kind: 'unsafe', reason: 'names the workspace itself, not a file' };
  return { kind: 'local', path: normalised };
}

/** True when `target` is `root` or below it. Compares relative paths, never string prefixes. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
