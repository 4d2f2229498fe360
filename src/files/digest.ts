/**
 * Streams a confined file through a hash. One descriptor is read from start to end with large
 * reads (1 MiB: several times faster than the 64 KiB stream default); the file's size and
 * modification time are checked again afterwards so that a file that grew, shrank or was
 * rewritten while we read it is reported, never trusted.
 */
import { createHash } from 'node:crypto';
import { confirmStillAt, FileAccessError, openConfined } from './confined.js';

export type HashAlgorithm = 'sha256' | 'sha512';

const READ_SIZE = 1024 * 1024;

export interface FileDigest {
  algorithm: HashAlgorithm;
  hex: string;
  size: number;
}

export async function hashConfinedFile(
  workspace: string,
  relativePath: string,
  algorithm: HashAlgorithm,
  maxBytes: number,
): Promise<FileDigest> {
  const { digests, size } = await digestConfinedFile(workspace, relativePath, [algorithm], maxBytes);
  return { algorithm, hex: digests[algorithm]!, size };
}

/**
 * Like hashConfinedFile, for several algorithms in one read (provenance names the artifact by
 * sha256 even when its content_hash is sha512).
 */
export async function digestConfinedFile(
  workspace: string,
  relativePath: string,
  algorithms: readonly HashAlgorithm[],
  maxBytes: number,
): Promise<{ digests: Partial<Record<HashAlgorithm, string>>; size: number }> {
  const { handle, realPath } = await openConfined(workspace, relativePath, maxBytes);
  let pending: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  const readInto = (buffer: Buffer, position: number): Promise<{ bytesRead: number; buffer: Buffer }> =>
    handle.read(buffer, 0, READ_SIZE, position).then(({ bytesRead }) => ({ bytesRead, buffer }));
  try {
    const before = await handle.stat();
    const hashes = [...new Set(algorithms)].map((algorithm) => [algorithm, createHash(algorithm)] as const);
    // Two buffers: the next read (in libuv's thread pool) is under way while this chunk is hashed.
    let [current, spare] = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
    let total = 0;
    pending = readInto(current, 0);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) {
        throw new FileAccessError('FILE_TOO_LARGE', `${relativePath} grew past the limit of ${maxBytes} bytes while it was read`);
      }
      // A file still being written would keep this loop reading until the cap: stop at once.
      if (total > before.size) throw new FileAccessError('FILE_CHANGED', `${relativePath} changed while it was read`);
      [current, spare] = [spare, current];
      pending = readInto(current, total);
      const chunk = buffer.subarray(0, bytesRead);
      for (const [, hash] of hashes) hash.update(chunk);
    }
    const after = await handle.stat();
    if (total !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new FileAccessError('FILE_CHANGED', `${relativePath} changed while it was read`);
    }
    await confirmStillAt(realPath, after, relativePath);
    return { digests: Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')])), size: total };
  } finally {
    // A read still under way when we stopped early must settle (and its failure be ignored) first.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
