/**
 * Reads one whole file that a workflow or a manifest names (a manifest, evidence, a policy file,
 * a trust file):
 * confined and bounded like every such file, hashed from the same descriptor it is parsed from,
 * and checked for a change while it was read.
 */
import { createHash } from 'node:crypto';
import { confirmStillAt, FileAccessError, openConfined } from './confined.js';

/** A file as read: confined to the workspace, bounded, hashed while read. */
export interface ConfinedRead {
  /** Workspace-relative path, as the manifest or policy wrote it. */
  path: string;
  sha256: string;
  size: number;
  bytes: Buffer;
}

/** As read, with the real path it was read from (never shown for files outside the workspace). */
export type ConfinedReadAt = ConfinedRead & { realPath: string };

/** A tighter size limit for one kind of evidence, with the sentence that explains it. */
export interface FormatLimit {
  bytes: number;
  tooLarge: (size: number) => string;
}

export async function readConfinedFile(workspace: string, relativePath: string, maxBytes: number, limit?: FormatLimit): Promise<ConfinedReadAt> {
  const { handle, size, realPath } = await openConfined(workspace, relativePath, maxBytes);
  try {
    // Refused from its size alone, before a byte is read.
    if (limit !== undefined && size > limit.bytes) throw new FileAccessError('FILE_TOO_LARGE', `${relativePath} ${limit.tooLarge(size)}`);
    const before = await handle.stat();
    // One byte more than announced, so a file that grew since stat is noticed.
    const bytes = Buffer.alloc(size + 1);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const after = await handle.stat();
    if (length !== size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new FileAccessError('FILE_CHANGED', `${relativePath} changed while it was read`);
    }
    await confirmStillAt(realPath, after, relativePath);
    const content = bytes.subarray(0, length);
    return { path: relativePath, sha256: createHash('sha256').update(content).digest('hex'), size: length, bytes: content, realPath };
  } finally {
    await handle.close();
  }
}
