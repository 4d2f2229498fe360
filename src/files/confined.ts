/**
 * The only way to open a file that a manifest names (a manifest, an artifact, evidence, a policy
 * file): confined to the workspace after every symlink is resolved, regular files only, bounded
 * in size, one descriptor.
 */
import { constants, type promises as fsp, type Stats } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from './locations.js';

/** Why a confined open failed; `code` is stable and shown in reports. */
export class FileAccessError extends Error {
  override readonly name = 'FileAccessError';
  constructor(
    readonly code: 'FILE_NOT_FOUND' | 'UNSAFE_PATH' | 'NOT_REGULAR_FILE' | 'FILE_TOO_LARGE' | 'FILE_UNREADABLE' | 'FILE_CHANGED',
    message: string,
  ) {
    super(message);
  }
}

export interface ConfinedFile {
  handle: fsp.FileHandle;
  size: number;
  /** Real path, for messages; never shown for files outside the workspace. */
  realPath: string;
}

/**
 * Opens `relativePath` (already classified as local) for reading. Symlinks are resolved first
 * and the real path must stay inside the real workspace; the file is then opened with
 * O_NOFOLLOW and O_NONBLOCK (a FIFO must not block us) and must be a regular file no larger
 * than `maxBytes`. The caller owns the returned handle.
 */
export async function openConfined(workspace: string, relativePath: string, maxBytes: number): Promise<ConfinedFile> {
  const realWorkspace = await realpath(workspace);
  let realTarget: string;
  try {
    realTarget = await realpath(path.join(realWorkspace, relativePath));
  } catch (error) {
    throw accessError(error, relativePath);
  }
  if (!isInside(realWorkspace, realTarget)) {
    throw new FileAccessError('UNSAFE_PATH', `${relativePath} resolves outside the workspace (through a symlink)`);
  }
  let handle: fsp.FileHandle;
  try {
    handle = await open(realTarget, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw accessError(error, relativePath);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileAccessError('NOT_REGULAR_FILE', `${relativePath} is not a regular file`);
    if (stat.size > maxBytes) {
      throw new FileAccessError('FILE_TOO_LARGE', `${relativePath} is ${stat.size} bytes, over the limit of ${maxBytes}`);
    }
    return { handle, size: stat.size, realPath: realTarget };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * After a file was read through its descriptor: its path must still name that same file. A file
 * deleted, or replaced by a rename, while it was read leaves the descriptor reading bytes that no
 * path holds any more, so the digest would describe a file that is not the one being released.
 */
export async function confirmStillAt(realPath: string, opened: Stats, relativePath: string): Promise<void> {
  const current = await lstat(realPath).catch(() => null);
  if (current === null) throw new FileAccessError('FILE_CHANGED', `${relativePath} was removed while it was read`);
  if (current.ino !== opened.ino || current.dev !== opened.dev) throw new FileAccessError('FILE_CHANGED', `${relativePath} was replaced while it was read`);
}

function accessError(error: unknown, relativePath: string): FileAccessError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileAccessError('FILE_NOT_FOUND', `${relativePath} does not exist`);
  if (code === 'ELOOP') return new FileAccessError('UNSAFE_PATH', `${relativePath} is a symlink loop`);
  // ENXIO: opening a socket; EISDIR: a folder on platforms that refuse to open one.
  if (code === 'EISDIR' || code === 'ENXIO') return new FileAccessError('NOT_REGULAR_FILE', `${relativePath} is not a regular file`);
  return new FileAccessError('FILE_UNREADABLE', `${relativePath} cannot be read (${code ?? 'unknown error'})`);
}
