/**
 * The one way to open a file that a manifest names: confined to the workspace after symlinks
 * are resolved, regular files only, bounded in size.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileAccessError, openConfined } from '../../src/files/confined.js';
import { useWorkspaces } from '../helpers/workspace.js';

const workspace = useWorkspaces();

describe('openConfined', () => {
  async function refusal(root: string, relative: string, maxBytes = 1024): Promise<FileAccessError> {
    const error = await openConfined(root, relative, maxBytes).then(
      async (file) => {
        await file.handle.close();
        return undefined;
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FileAccessError);
    return error as FileAccessError;
  }

  it('opens a regular file inside the workspace', async () => {
    const ws = await workspace({ 'dist/a.txt': 'hello' });
    const file = await openConfined(ws.root, 'dist/a.txt', 1024);
    try {
      expect(file.size).toBe(5);
      expect(file.realPath).toBe(ws.path('dist/a.txt'));
    } finally {
      await file.handle.close();
    }
  });

  it('follows a symlink that stays inside the workspace', async () => {
    const ws = await workspace({ 'dist/a.txt': 'hello' });
    await ws.symlink('latest.txt', 'dist/a.txt');
    const file = await openConfined(ws.root, 'latest.txt', 1024);
    await file.handle.close();
    expect(file.realPath).toBe(ws.path('dist/a.txt'));
  });

  it.each([
    { name: 'a missing file', setup: async () => undefined, relative: 'nope.txt', code: 'FILE_NOT_FOUND', message: 'nope.txt does not exist' },
    { name: 'a path through a file', setup: async () => undefined, relative: 'dist/a.txt/x', code: 'FILE_NOT_FOUND', message: 'dist/a.txt/x does not exist' },
    { name: 'a directory', setup: async () => undefined, relative: 'dist', code: 'NOT_REGULAR_FILE', message: 'dist is not a regular file' },
    { name: 'a file over the cap', setup: async () => undefined, relative: 'big.bin', code: 'FILE_TOO_LARGE', message: 'big.bin is 2048 bytes, over the limit of 1024' },
  ])('refuses $name', async ({ relative, code, message }) => {
    const ws = await workspace({ 'dist/a.txt': 'hello', 'big.bin': Buffer.alloc(2048) });
    const error = await refusal(ws.root, relative);
    expect([error.code, error.message]).toEqual([code, message]);
  });

  it('refuses a FIFO at once, without blocking on it', async () => {
    const ws = await workspace();
    await ws.fifo('pipe');
    const error = await refusal(ws.root, 'pipe');
    expect([error.code, error.message]).toEqual(['NOT_REGULAR_FILE', 'pipe is not a regular file']);
  });

  it('refuses a socket', async () => {
    const ws = await workspace();
    await ws.socket('a.sock');
    const error = await refusal(ws.root, 'a.sock');
    expect([error.code, error.message]).toEqual(['NOT_REGULAR_FILE', 'a.sock is not a regular file']);
  });

  it('refuses a symlink loop', async () => {
    const ws = await workspace();
    await ws.symlink('loop-a', 'loop-b');
    await ws.symlink('loop-b', 'loop-a');
    const error = await refusal(ws.root, 'loop-a');
    expect([error.code, error.message]).toEqual(['UNSAFE_PATH', 'loop-a is a symlink loop']);
  });

  it.each([
    { name: 'a file symlink', link: 'dist/a.txt', target: (outside: string) => path.join(outside, 'secret.txt'), relative: 'dist/a.txt' },
    { name: 'a folder symlink', link: 'dist', target: (outside: string) => outside, relative: 'dist/secret.txt' },
    { name: 'a relative symlink', link: 'up', target: (outside: string) => `../${path.basename(outside)}`, relative: 'up/secret.txt' },
  ])('refuses $name that leaves the workspace, without saying where it points', async ({ link, target, relative }) => {
    const ws = await workspace();
    const outside = await ws.sibling('-outside');
    await ws.write(`../${path.basename(outside)}/secret.txt`, 'secret');
    await ws.symlink(link, target(outside));
    const error = await refusal(ws.root, relative);
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.message).toBe(`${relative} resolves outside the workspace (through a symlink)`);
    expect(error.message).not.toContain(outside);
  });

  it('refuses a symlink to /dev/zero', async () => {
    const ws = await workspace();
    await ws.symlink('zero', '/dev/zero');
    const error = await refusal(ws.root, 'zero');
    expect(error.code).toBe('UNSAFE_PATH');
  });

  it('confines to the real workspace when the workspace path itself is a symlink', async () => {
    const ws = await workspace({ 'a.txt': 'hello' });
    const alias = await ws.sibling('-alias');
    await ws.symlink(`../${path.basename(alias)}/ws`, ws.root);
    const file = await openConfined(path.join(alias, 'ws'), 'a.txt', 1024);
    await file.handle.close();
    expect(file.size).toBe(5);
  });
});
