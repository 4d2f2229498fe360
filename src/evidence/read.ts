/**
 * Reads one evidence file: confined and bounded like every file a manifest names, hashed from
 * the same descriptor it is parsed from, and checked for a change while it was read.
 */
import { createHash } from 'node:crypto';
import { confirmStillAt, FileAccessError, openConfined } from './paths.js';
import type { EvidenceFile } from './types.js';

export const DEFAULT_MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/**
 * YAML risk assessments are capped far below other evidence: the yaml library builds a node
 * object per value, and peak RSS measured about 80 MiB per MiB of block YAML and 560–625 MiB for
 * 1 MiB of flow YAML (`[0,0,…]`) or of nesting; a 60 MiB file aborted the process at 4.4 GiB.
 * Real assessments are a few KiB.
 */
export const MAX_YAML_RISK_BYTES = 1024 * 1024;

/** The reason a YAML risk assessment of `size` bytes is refused, after its path. */
export function yamlTooLarge(size: number): string {
  return `is ${size} bytes, over the limit of ${MAX_YAML_RISK_BYTES} bytes (1 MiB) for a YAML risk assessment; YAML takes far more memory to parse than JSON, so shorten it or write it as JSON or Markdown`;
}

/** A tighter size limit for one kind of evidence, with the sentence that explains it. */
export interface FormatLimit {
  bytes: number;
  tooLarge: (size: number) => string;
}

export async function readEvidenceFile(workspace: string, relativePath: string, maxBytes = DEFAULT_MAX_EVIDENCE_BYTES, limit?: FormatLimit): Promise<EvidenceFile> {
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
    return { path: relativePath, sha256: createHash('sha256').update(content).digest('hex'), size: length, bytes: content };
  } finally {
    await handle.close();
  }
}
