/**
 * Finding manifests (paths and globs, one per line, confined to the workspace) and reading one
 * safely: a regular file inside the workspace, no larger than the cap (checked before a byte is
 * read), valid UTF-8 with no NUL bytes.
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, type ManifestIssue, ManifestError } from '../errors.js';
import { FileAccessError } from '../files/confined.js';
import { classifyLocation, isInside } from '../files/locations.js';
import { readConfinedFile, type ConfinedReadAt } from '../files/read.js';
import { quoteForIssue } from './parse.js';
import { firstInvalidUtf8Byte, positionOfByte, positionOfChar } from './text.js';

export const DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ManifestSource {
  /** As shown to users and in annotations: relative to the workspace, with `/`. */
  file: string;
  absolutePath: string;
  text: string;
  sha256: string;
}

/** One manifest to read: `file` relative to the workspace with `/`; `input` the entry that named it. */
export interface ManifestPath {
  file: string;
  input: string;
}

// A `..` that a brace or extglob expansion would produce (`{..,x}/m.yml`): not a plain segment.
const HIDDEN_PARENT = /(^|[/{,(|@!+*?])\.\.([/},)|]|$)/;

/**
 * Every character that can make a pattern a glob in tinyglobby's syntax (wildcards, classes,
 * braces, extglobs, negation, escapes). A pattern with none of them is a plain path, so the glob
 * library (tinyglobby, picomatch and fdir: 42 KB of the bundle) is not even loaded for it; a
 * pattern with any of them is judged by tinyglobby itself.
 */
export const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/**
 * Expands the `manifest` input: each entry is a path or a glob relative to `workspace`; a
 * leading `!` excludes. Globs that match nothing and paths that do not exist are errors, so a
 * renamed manifest can never leave the gate with nothing to judge. Every entry is confined like
 * an artifact's path (SPEC §5): no `..`, nothing outside the workspace; an absolute path is
 * accepted only when it names a file inside it. Globs never follow or match symlinks (a symlink
 * to `/` would crawl the machine); a symlinked manifest named explicitly is opened through
 * openConfined, which refuses one that resolves outside.
 */
export async function resolveManifestPaths(workspace: string, patterns: readonly string[]): Promise<ManifestPath[]> {
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const issues: ManifestIssue[] = [];
  const found = new Map<string, ManifestPath>();
  if (include.length === 0) {
    throw new ManifestError([{ code: ErrorCode.NoManifest, file: '(manifest input)', path: '', message: 'no manifest path given' }]);
  }
  const root = path.resolve(workspace);
  // Only an absolute entry needs the real workspace (it may be spelled through a symlinked root).
  const realRoot = include.some((pattern) => path.isAbsolute(pattern)) ? await realpath(root).catch(() => root) : root;
  for (const pattern of include) {
    const refuse = (reason: string): void => {
      issues.push({ code: ErrorCode.UnsafePath, file: pattern, path: '', message: `manifest input ${quoteForIssue(pattern)} ${reason}; manifests must be files inside the workspace, named relative to it` });
    };
    const relative = confinedPattern(root, realRoot, pattern);
    if (typeof relative !== 'string') {
      refuse(relative.reason);
      continue;
    }
    const globber = GLOB_SYNTAX.test(relative) ? await import('tinyglobby') : undefined;
    if (globber === undefined || !globber.isDynamicPattern(relative)) {
      // lstat, not stat: a symlink is judged (and refused when it leads out) by openConfined.
      const exists = await lstat(path.join(root, relative)).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT' && error.code !== 'ENOTDIR');
      if (!exists) issues.push({ code: ErrorCode.FileNotFound, file: pattern, path: '', message: 'manifest not found' });
      else if (!found.has(relative)) found.set(relative, { file: relative, input: pattern });
      continue;
    }
    if (HIDDEN_PARENT.test(relative)) {
      refuse("contains a '..' (globs must stay inside the workspace)");
      continue;
    }
    const matches = await globber.glob(relative, { cwd: root, ignore: exclude, onlyFiles: true, dot: false, followSymbolicLinks: false, expandDirectories: false });
    if (matches.length === 0) {
      issues.push({ code: ErrorCode.NoManifest, file: pattern, path: '', message: 'this glob matches no file' });
    }
    for (const match of matches) {
      const absolute = path.resolve(root, match);
      if (!isInside(root, absolute)) {
        refuse(`matches ${quoteForIssue(match)}, outside the workspace`);
        continue;
      }
      const matched = path.relative(root, absolute).split(path.sep).join('/');
      if (!found.has(matched)) found.set(matched, { file: matched, input: pattern });
    }
  }
  if (issues.length > 0) throw new ManifestError(issues);
  // Sorted, so that run order, default ids and reports never depend on directory order.
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** `pattern` as a path relative to the workspace, or why it may not be one. */
function confinedPattern(root: string, realRoot: string, pattern: string): string | { reason: string } {
  let relative = pattern;
  if (path.isAbsolute(pattern)) {
    const resolved = path.resolve(pattern);
    const base = isInside(root, resolved) ? root : isInside(realRoot, resolved) ? realRoot : undefined;
    if (base === undefined) return { reason: 'is an absolute path outside the workspace' };
    relative = path.relative(base, resolved).split(path.sep).join('/');
  }
  const location = classifyLocation(relative);
  if (location.kind === 'remote') return { reason: 'is a URI (manifests are never fetched)' };
  if (location.kind === 'unsafe') return { reason: location.reason };
  return location.path;
}

export interface ReadLimits {
  /** Every manifest: checked on the open descriptor before a byte is read. */
  maxBytes: number;
}

/**
 * Reads one manifest through readConfinedFile, the reader evidence and policy files go through:
 * the real path must lie inside the real workspace (a symlinked file or folder cannot lead out),
 * a regular file, one descriptor, at most `maxBytes`, unchanged while read; then valid UTF-8
 * with no NUL byte.
 */
export async function readManifestSource(workspace: string, manifest: ManifestPath, limits: ReadLimits): Promise<ManifestSource | ManifestIssue> {
  const { file, input } = manifest;
  const detail = (error: FileAccessError): string => (error.message.startsWith(`${file} `) ? error.message.slice(file.length + 1) : error.message);
  const { maxBytes } = limits;
  const fail = (code: ManifestIssue['code'], message: string, line?: number, column?: number): ManifestIssue =>
    line === undefined ? { code, file, path: '', message } : { code, file, path: '', message, line, column: column ?? 1 };
  let read: ConfinedReadAt;
  try {
    read = await readConfinedFile(workspace, file, maxBytes);
  } catch (error) {
    if (!(error instanceof FileAccessError)) throw error;
    switch (error.code) {
      case 'FILE_NOT_FOUND':
        return fail(ErrorCode.FileNotFound, 'manifest not found');
      case 'NOT_REGULAR_FILE':
        return fail(ErrorCode.NotRegularFile, 'manifest is not a regular file');
      case 'FILE_TOO_LARGE':
        return fail(ErrorCode.FileTooLarge, `manifest is ${/ is (\d+) bytes/.exec(error.message)?.[1] ?? 'more than'} bytes, over the limit of ${maxBytes} bytes`);
      case 'FILE_CHANGED': {
        // The verdict must describe the manifest the workflow holds: one rewritten, removed or
        // replaced while we read it (a step racing the gate) is refused, never judged from stale bytes.
        const how = / removed /.test(error.message) ? 'was removed' : / replaced /.test(error.message) ? 'was replaced' : 'changed';
        return fail(ErrorCode.FileChanged, `manifest ${how} while it was read; run the gate again once it is written`);
      }
      case 'UNSAFE_PATH': {
        const named = input === file ? quoteForIssue(file) : `${quoteForIssue(file)} (from manifest input ${quoteForIssue(input)})`;
        return fail(ErrorCode.UnsafePath, `manifest ${named} ${detail(error)}; manifests must be files inside the workspace`);
      }
      default:
        return fail(ErrorCode.FileUnreadable, `manifest ${detail(error)}`);
    }
  }
  const { bytes } = read;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, column } = positionOfByte(bytes, firstInvalidUtf8Byte(bytes));
    return fail(ErrorCode.NotUtf8, 'manifest is not valid UTF-8', line, column);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = positionOfChar(text, nul);
    return fail(ErrorCode.NulByte, 'manifest contains a NUL byte', line, column);
  }
  return { file, absolutePath: read.realPath, text, sha256: read.sha256 };
}
