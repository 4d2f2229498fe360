/**
 * Hashing confined files: one descriptor, large reads, every algorithm in one pass, and the size
 * cap checked before a byte is read.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileAccessError } from '../../src/files/confined.js';
import { hashConfinedFile } from '../../src/files/digest.js';
import { sha256Of, useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

describe('hashConfinedFile', () => {
  it.each(['sha256', 'sha512'] as const)('hashes with %s', async (algorithm) => {
    const content = 'release bytes\n'.repeat(1000);
    const ws = await workspace({ 'dist/a.tgz': content });
    const digest = await hashConfinedFile(ws.root, 'dist/a.tgz', algorithm, 1 << 20);
    expect(digest).toEqual({ algorithm, hex: createHash(algorithm).update(content).digest('hex'), size: content.length });
  });

  it('hashes an empty file', async () => {
    const ws = await workspace({ 'empty': '' });
    const digest = await hashConfinedFile(ws.root, 'empty', 'sha256', 10);
    expect(digest).toEqual({ algorithm: 'sha256', hex: createHash('sha256').digest('hex'), size: 0 });
  });

  it('hashes a file larger than one read', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const ws = await workspace({ 'big.bin': content });
    const digest = await hashConfinedFile(ws.root, 'big.bin', 'sha256', content.length);
    expect(`sha256:${digest.hex}`).toBe(sha256Of(content));
    expect(digest.size).toBe(content.length);
  });

  it('refuses a file over the cap before reading it', async () => {
    const ws = await workspace({ 'big.bin': Buffer.alloc(101) });
    await expect(hashConfinedFile(ws.root, 'big.bin', 'sha256', 100)).rejects.toThrow(new FileAccessError('FILE_TOO_LARGE', 'big.bin is 101 bytes, over the limit of 100'));
  });
});
