/**
 * Writes the report folder: inside the workspace only, never through a symlink, and as a whole
 * (HOSTILE rows 39 and 40). The set is written into a fresh staging folder beside `report-dir`
 * and renamed into place, so a reader (and the artifact upload) sees this run's complete set or
 * nothing: never a lone `release-gate.json` from a half-written set, and never a stale or
 * committed file beside ours.
 */
import { INDENT_LIMIT, toJson } from '../report/json.js';
import { jsonChunks } from '../report/json-stream.js';
import type { ReportFile } from '../report/files.js';
import { randomBytes } from 'node:crypto';
import { constants, lstat, mkdir, open, readdir, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ReportWriteError } from '../errors.js';
import { isInside } from './locations.js';

/** Every file name maestro-gate writes into a report folder (or a run's subfolder). */
export const REPORT_FILE_NAMES: ReadonlySet<string> = new Set([
  'compliance-report.json',
  'release-gate.json',
  'manifest.json',
  'verdict.json',
  'compliance-report.md',
  'compliance-report.sarif',
  'errors.json',
]);

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException | null)?.code ?? String(error);

/**
 * Resolves `reportDir` against the workspace. Refuses a folder outside the workspace, the
 * workspace itself, and any existing component that is a symlink or not a folder (HOSTILE row
 * 26): the report is evidence, and must land where the workflow expects it.
 */
async function resolveReportDir(workspace: string, reportDir: string): Promise<string> {
  const realWorkspace = await realpath(workspace);
  const target = path.resolve(realWorkspace, reportDir);
  if (!isInside(realWorkspace, target) || target === realWorkspace) {
    throw new ReportWriteError(`report-dir '${reportDir}' must be a folder inside the workspace`);
  }
  let current = realWorkspace;
  for (const segment of path.relative(realWorkspace, target).split(path.sep)) {
    current = path.join(current, segment);
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new ReportWriteError(`cannot inspect report-dir '${reportDir}' (${errnoOf(error)})`);
    });
    if (info === null) break;
    if (info.isSymbolicLink()) throw new ReportWriteError(`report-dir '${reportDir}' passes through a symlink; refusing to follow it`);
    if (!info.isDirectory()) throw new ReportWriteError(`report-dir '${reportDir}' is not a folder`);
  }
  return target;
}

/**
 * What an existing report folder holds that maestro-gate did not write: anything but report
 * files and run subfolders of report files. Such a folder is refused rather than replaced, so a
 * mistyped `report-dir: src` can never delete a user's files.
 */
async function foreignEntries(folder: string, depth = 0): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && depth === 0) return [];
    throw new ReportWriteError(`cannot read ${folder} (${errnoOf(error)})`);
  });
  const foreign: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && REPORT_FILE_NAMES.has(entry.name)) continue;
    if (entry.isDirectory() && depth === 0) {
      const inner = await foreignEntries(path.join(folder, entry.name), 1);
      foreign.push(...inner.map((name) => `${entry.name}/${name}`));
      continue;
    }
    foreign.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
  }
  return foreign;
}

/**
 * Replaces `report-dir` with exactly `files`, or leaves no report set at all. Returns the
 * folder's real path. Earlier report files there (an earlier run's, or committed ones such as a
 * forged `release-gate.json`) are removed; files maestro-gate did not write make it refuse.
 */
export async function replaceReportFolder(workspace: string, reportDir: string, files: readonly ReportFile[]): Promise<string> {
  const target = await resolveReportDir(workspace, reportDir);
  const foreign = await foreignEntries(target);
  if (foreign.length > 0) {
    const named = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
    throw new ReportWriteError(
      `report-dir '${reportDir}' already holds files maestro-gate did not write (${named}); point report-dir at a new folder, or remove them`,
    );
  }
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw new ReportWriteError(`cannot create the folder of report-dir '${reportDir}' (${errnoOf(error)})`);
  });
  // A report-dir that is a mount point of its own cannot be renamed: the set is staged inside it.
  const [parentInfo, targetInfo] = await Promise.all([lstat(parent), lstat(target).catch(() => null)]);
  const inPlace = targetInfo !== null && targetInfo.dev !== parentInfo.dev;
  try {
    return inPlace ? await replaceInPlace(target, files) : await replaceByRename(parent, target, files);
  } catch (error) {
    if (error instanceof ReportWriteError) throw error;
    throw new ReportWriteError(`cannot write the report folder '${reportDir}' (${errnoOf(error)})`);
  }
}

/** Stages the set beside `target`, then swaps the folders: readers see the old set or the new one. */
async function replaceByRename(parent: string, target: string, files: readonly ReportFile[]): Promise<string> {
  const suffix = randomBytes(6).toString('hex');
  const staging = path.join(parent, `.${path.basename(target)}.staging-${suffix}`);
  const previous = path.join(parent, `.${path.basename(target)}.previous-${suffix}`);
  try {
    await mkdir(staging);
    await writeFiles(staging, files);
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, target);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
    return target;
  } catch (error) {
    // No half set, and no earlier set that could be read as this run's: everything goes. The
    // earlier folder held only report files (checked above), so nothing of the user's is lost.
    await Promise.all([staging, previous, target].map((folder) => rm(folder, { recursive: true, force: true }).catch(() => undefined)));
    throw error;
  }
}

/**
 * Stages the set inside `target` (its own file system), clears the earlier set, then moves the
 * staged entries up. A failure at any point removes every report file, staged or not.
 */
async function replaceInPlace(target: string, files: readonly ReportFile[]): Promise<string> {
  const staging = path.join(target, `.staging-${randomBytes(6).toString('hex')}`);
  const clear = async (keep?: string): Promise<void> => {
    for (const entry of await readdir(target)) {
      if (entry !== keep) await rm(path.join(target, entry), { recursive: true, force: true });
    }
  };
  try {
    await mkdir(staging);
    await writeFiles(staging, files);
    await clear(path.basename(staging));
    for (const entry of await readdir(staging)) await rename(path.join(staging, entry), path.join(target, entry));
    await rm(staging, { recursive: true, force: true });
    return target;
  } catch (error) {
    await clear().catch(() => undefined);
    throw error;
  }
}

/**
 * Removes the report set in `report-dir`, if there is one made only of report files; a last
 * resort when no new set can be written, so that no earlier "passed" remains.
 */
export async function removeReportFolder(workspace: string, reportDir: string): Promise<void> {
  const target = await resolveReportDir(workspace, reportDir);
  if ((await foreignEntries(target)).length === 0) await rm(target, { recursive: true, force: true });
}

/** Where a value's compact JSON already is: a file of this set that holds it whole, and its length. */
interface WrittenJson {
  file: string;
  bytes: number;
}

/** The set's files, each value serialised once: a value already written whole is copied, not re-encoded. */
async function writeFiles(staging: string, files: readonly ReportFile[]): Promise<void> {
  const written = new Map<object, WrittenJson>();
  for (const file of files) await writeNewFile(staging, file, written);
}

/**
 * A new file in the staging folder. No fsync: the rename of the whole folder is what makes the
 * set appear at once, and a runner that loses power loses the job with it.
 */
async function writeNewFile(staging: string, file: ReportFile, written: Map<object, WrittenJson>): Promise<void> {
  const segments = file.path.split('/');
  if (segments.length > 2 || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new ReportWriteError(`'${file.path}' is not a report file path`);
  }
  if (segments.length === 2) await mkdir(path.join(staging, segments[0]!), { recursive: true });
  const target = path.join(staging, ...segments);
  const handle = await open(target, 'wx', 0o644);
  try {
    if (typeof file.content === 'string') {
      await handle.writeFile(file.content, 'utf8');
      return;
    }
    const json = 'build' in file.content ? file.content.build() : file.content.json;
    const compactBytes = await writeJson(handle, json, written);
    // Only compact text can be spliced into another file's compact text.
    if (compactBytes !== undefined && typeof json === 'object' && json !== null) written.set(json, { file: target, bytes: compactBytes });
  } finally {
    await handle.close();
  }
}

/** How much compact JSON is gathered before a write: large enough that writes stay few. */
const WRITE_CHUNK = 1024 * 1024;
/** Room for INDENT_LIMIT characters at three UTF-8 bytes each, before it is known whether to indent. */
const BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Writes `value` as `toJson` would, without building its whole text: small documents indented,
 * large ones compact, streamed in pieces of about `WRITE_CHUNK` bytes. The pieces are encoded
 * into one reused buffer, never joined into a large string: a string of a megabyte lives in
 * V8's large-object space until a full collection, and 300 MB of them doubled the peak memory.
 * Returns the bytes of the compact JSON when that is what it wrote.
 */
async function writeJson(handle: FileHandle, value: unknown, written: ReadonlyMap<object, WrittenJson>): Promise<number | undefined> {
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  let characters = 0;
  let bytes = 0;
  let streaming = false;
  const flush = async (): Promise<void> => {
    await writeAll(handle, buffer, used);
    bytes += used;
    used = 0;
  };
  for (const chunk of jsonChunks(value, written)) {
    if (typeof chunk !== 'string') {
      // Text another file of the set holds whole, and compact: it is over the indent limit.
      streaming = true;
      await flush();
      bytes += await copyBytes(chunk.known, handle);
      characters += chunk.known.bytes;
      continue;
    }
    characters += chunk.length;
    if (!streaming && characters > INDENT_LIMIT) streaming = true;
    if (used + chunk.length * 3 > buffer.length) {
      // Only when streaming: below INDENT_LIMIT characters everything fits.
      await flush();
      if (chunk.length * 3 > buffer.length) {
        const encoded = Buffer.from(chunk, 'utf8');
        await writeAll(handle, encoded, encoded.length);
        bytes += encoded.length;
        continue;
      }
    }
    used += buffer.write(chunk, used, 'utf8');
    if (streaming && used >= WRITE_CHUNK) await flush();
  }
  if (!streaming) {
    await handle.writeFile(toJson(value), 'utf8');
    return undefined;
  }
  await flush();
  await handle.write('\n');
  return bytes;
}

/** All of `buffer`'s first `length` bytes: a write may take fewer than it was given. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) offset += (await handle.write(buffer, offset, length - offset)).bytesWritten;
}

/** Appends the first `bytes` of a file written earlier in this set. */
async function copyBytes(from: WrittenJson, to: FileHandle): Promise<number> {
  // Never through a symlink put in its place since it was written: only our own bytes are copied.
  const source = await open(from.file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.allocUnsafe(Math.min(WRITE_CHUNK, from.bytes));
    let copied = 0;
    while (copied < from.bytes) {
      const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, from.bytes - copied), copied);
      if (bytesRead === 0) throw new ReportWriteError(`'${path.basename(from.file)}' ended early while it was copied into another report file`);
      await writeAll(to, buffer, bytesRead);
      copied += bytesRead;
    }
    return copied;
  } finally {
    await source.close();
  }
}
