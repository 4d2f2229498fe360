/**
 * Finding manifests (paths and globs, one per line) and reading one safely: a regular file,
 * no larger than the cap (checked before a byte is parsed), valid UTF-8 with no NUL bytes.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { ErrorCode, type ManifestIssue, ManifestError } from '../errors.js';

export const DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface ManifestSource {
  /** As shown to users and in annotations: relative to the workspace, with `/`. */
  file: string;
  absolutePath: string;
  text: string;
  sha256: string;
}

/** A manifest path relative to the workspace when it lies inside it, else as absolute. */
export function displayPath(workspace: string, absolutePath: string): string {
  const relative = path.relative(workspace, absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolutePath;
  return relative.split(path.sep).join('/');
}

/**
 * Expands the `manifest` input: each entry is a path or a glob relative to `workspace`; a
 * leading `!` excludes. Globs that match nothing and paths that do not exist are errors, so a
 * renamed manifest can never leave the gate with nothing to judge.
 */
export async function resolveManifestPaths(workspace: string, patterns: readonly string[]): Promise<string[]> {
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const issues: ManifestIssue[] = [];
  const found = new Set<string>();
  if (include.length === 0) {
    throw new ManifestError([{ code: ErrorCode.NoManifest, file: '(manifest input)', path: '', message: 'no manifest path given' }]);
  }
  for (const pattern of include) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd: workspace, absolute: true, ignore: exclude, onlyFiles: true, dot: false });
      if (matches.length === 0) {
        issues.push({ code: ErrorCode.NoManifest, file: pattern, path: '', message: 'this glob matches no file' });
      }
      for (const match of matches) found.add(path.resolve(match));
    } else {
      const absolutePath = path.resolve(workspace, pattern);
      try {
        await stat(absolutePath);
        found.add(absolutePath);
      } catch {
        issues.push({ code: ErrorCode.FileNotFound, file: pattern, path: '', message: 'manifest not found' });
      }
    }
  }
  if (issues.length > 0) throw new ManifestError(issues);
  // Sorted, so that run order, default ids and reports never depend on directory order.
  return [...found].sort();
}

/** Reads one manifest; every problem becomes a ManifestIssue naming the file. */
export async function readManifestSource(
  workspace: string,
  absolutePath: string,
  maxBytes: number,
): Promise<ManifestSource | ManifestIssue> {
  const file = displayPath(workspace, absolutePath);
  const fail = (code: ManifestIssue['code'], message: string, line?: number, column?: number): ManifestIssue =>
    line === undefined ? { code, file, path: '', message } : { code, file, path: '', message, line, column: column ?? 1 };
  let handle;
  try {
    handle = await open(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(ErrorCode.FileNotFound, 'manifest not found');
    // ENXIO: a socket cannot be opened at all; EISDIR: a folder, where the platform refuses it.
    if (code === 'ENXIO' || code === 'EISDIR') return fail(ErrorCode.NotRegularFile, 'manifest is not a regular file');
    return fail(ErrorCode.FileUnreadable, `manifest cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return fail(ErrorCode.NotRegularFile, 'manifest is not a regular file');
    if (info.size > maxBytes) {
      return fail(ErrorCode.FileTooLarge, `manifest is ${info.size} bytes, over the limit of ${maxBytes} bytes`);
    }
    // Read at most one byte past the cap, in case the file grows after stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return fail(ErrorCode.FileTooLarge, `manifest is over the limit of ${maxBytes} bytes`);
    // The verdict must describe the manifest the workflow holds: one rewritten, removed or
    // replaced while we read it (a step racing the gate) is refused, never judged from stale bytes.
    const after = await handle.stat();
    const current = await stat(absolutePath).catch(() => null);
    if (length !== info.size || after.size !== info.size || after.mtimeMs !== info.mtimeMs) {
      return fail(ErrorCode.FileChanged, 'manifest changed while it was read; run the gate again once it is written');
    }
    if (current === null || current.ino !== info.ino || current.dev !== info.dev) {
      return fail(ErrorCode.FileChanged, `manifest was ${current === null ? 'removed' : 'replaced'} while it was read; run the gate again once it is written`);
    }
    const bytes = buffer.subarray(0, length);
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
    return { file, absolutePath, text, sha256: createHash('sha256').update(bytes).digest('hex') };
  } finally {
    await handle.close();
  }
}

function positionOfChar(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function positionOfByte(bytes: Buffer, index: number): { line: number; column: number } {
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
function firstInvalidUtf8Byte(bytes: Buffer): number {
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
