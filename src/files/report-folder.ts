/**
 * Writes the report folder: inside the workspace only, never through a symlink, and as a whole
 * (HOSTILE rows 39 and 40). The set is written into a fresh staging folder beside `report-dir`
 * and renamed into place, so a reader (and the artifact upload) sees this run's complete set or
 * nothing: never a lone `release-gate.json` from a half-written set, and never a stale or
 * committed file beside ours.
 */
import type { ReportFile } from '../report/files.js';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReportWriteError } from '../errors.js';
import { isInside } from './locations.js';
import { writeFiles } from './report-set.js';

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
