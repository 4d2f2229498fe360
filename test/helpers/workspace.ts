/**
 * Temporary workspaces for tests: a real folder with real files, so that loading, globbing,
 * hashing and confinement are exercised exactly as on a runner. Each workspace is removed by
 * `cleanup()`; `useWorkspaces()` registers that with vitest's `afterEach`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { formatIssue, ManifestError, type ManifestIssue } from '../../src/errors.js';

export type FileContent = string | Uint8Array;

export interface Workspace {
  /** Real (symlink-free) absolute path of the workspace folder. */
  root: string;
  /** Absolute path of `relative` inside the workspace. */
  path(relative: string): string;
  /** Writes (or overwrites) a file, creating its folders. */
  write(relative: string, content: FileContent): Promise<string>;
  /** Creates a folder next to the workspace (`<root><suffix>`), removed with the workspace. */
  sibling(suffix: string): Promise<string>;
  /** Creates a symlink at `relative` pointing to `target` (absolute, or relative to the link). */
  symlink(relative: string, target: string): Promise<void>;
  /** Creates a named pipe (FIFO) at `relative`. */
  fifo(relative: string): Promise<void>;
  /** Creates a listening Unix socket at `relative`; closed by `cleanup()`. */
  socket(relative: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates a temp workspace holding `files` (relative path → content). */
export async function makeWorkspace(files: Record<string, FileContent> = {}): Promise<Workspace> {
  // realpath: on macOS the temp folder is itself a symlink, which would confuse confinement checks.
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'maestro-ws-')));
  const extra: string[] = [];
  const servers: Server[] = [];
  const parentOf = async (relative: string): Promise<string> => {
    const target = path.join(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    return target;
  };
  const workspace: Workspace = {
    root,
    path: (relative) => path.join(root, relative),
    async write(relative, content) {
      const target = await parentOf(relative);
      await writeFile(target, content);
      return target;
    },
    async sibling(suffix) {
      const folder = `${root}${suffix}`;
      await mkdir(folder, { recursive: true });
      extra.push(folder);
      return folder;
    },
    async symlink(relative, target) {
      await symlink(target, await parentOf(relative));
    },
    async fifo(relative) {
      execFileSync('mkfifo', [await parentOf(relative)]);
    },
    async socket(relative) {
      const target = await parentOf(relative);
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(target, resolve);
      });
    },
    async cleanup() {
      await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      await Promise.all([root, ...extra].map((folder) => rm(folder, { recursive: true, force: true })));
    },
  };
  for (const [relative, content] of Object.entries(files)) await workspace.write(relative, content);
  return workspace;
}

/**
 * For a test file: returns a factory whose workspaces are all removed after each test, pass
 * or fail, so a failing assertion never leaves temp folders behind.
 */
export function useWorkspaces(): (files?: Record<string, FileContent>) => Promise<Workspace> {
  const open: Workspace[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((workspace) => workspace.cleanup()));
  });
  return async (files) => {
    const workspace = await makeWorkspace(files);
    open.push(workspace);
    return workspace;
  };
}

export function sha256Of(content: FileContent): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** A fixed clock, so reports are reproducible. */
export const NOW = '2024-05-01T00:00:00Z';

const FIXTURES = fileURLToPath(new URL('../fixtures/manifests/', import.meta.url));

/** The bytes of `test/fixtures/manifests/<name>`, to write into a workspace. */
export async function fixture(name: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES, name));
}

/**
 * Awaits a load or check that must be refused, and returns the issues a user would see. Any
 * other outcome (a result, or an error that is not a ManifestError) fails the test.
 */
export async function manifestIssues(pending: Promise<unknown>): Promise<ManifestIssue[]> {
  let outcome: unknown;
  try {
    outcome = await pending;
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return [...(error as ManifestError).issues];
  }
  expect.fail(`expected a ManifestError, got a result: ${JSON.stringify(outcome, null, 1)?.slice(0, 500)}`);
}

/** The issues as the one-line texts annotations and the CLI print (`file:line:col path: message`). */
export async function manifestErrorLines(pending: Promise<unknown>): Promise<string[]> {
  return (await manifestIssues(pending)).map(formatIssue);
}
