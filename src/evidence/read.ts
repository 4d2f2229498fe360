/**
 * Reads one evidence file: confined and bounded like every file a manifest names, hashed from
 * the same descriptor it is parsed from, and checked for a change while it was read.
 */
import { createHash } from 'node:crypto';
import { confirmStillAt, FileAccessError, openConfined } from './paths.js';
import type { EvidenceFile } from './types.js';

export const DEFAULT_MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

export async function readEvidenceFile(workspace: string, relativePath: string, maxBytes = DEFAULT_MAX_EVIDENCE_BYTES): Promise<EvidenceFile> {
  const { handle, size, realPath } = await openConfined(workspace, relativePath, maxBytes);
  try {
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
    return { path: relativePath, sha256: createHash('sha256').update(content).digest('hex'), size: length, bytes: content };
  } finally {
    await handle.close();
  }
}
