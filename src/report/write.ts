/**
 * Writes report files into `report-dir`, inside the workspace only, atomically: each file is
 * written to a fresh temporary name (O_EXCL, so an attacker's symlink is never followed) and
 * renamed over the target, so a reader sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ReportWriteError } from '../errors.js';
import { isInside } from '../evidence/paths.js';

/**
 * Resolves `reportDir` against the workspace and creates it. Refuses a folder outside the
 * workspace and any existing component that is a symlink (HOSTILE row 26): the report is
 * evidence, and must land where the workflow expects it.
 */
export async function prepareReportDir(workspace: string, reportDir: string): Promise<string> {
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
      throw new ReportWriteError(`cannot inspect report-dir '${reportDir}' (${error.code ?? error.message})`);
    });
    if (info === null) break;
    if (info.isSymbolicLink()) throw new ReportWriteError(`report-dir '${reportDir}' passes through a symlink; refusing to follow it`);
    if (!info.isDirectory()) throw new ReportWriteError(`report-dir '${reportDir}' is not a folder`);
  }
  try {
    await mkdir(target, { recursive: true });
  } catch (error) {
    throw new ReportWriteError(`cannot create report-dir '${reportDir}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return target;
}

/** Creates `folder` (a plain subfolder name, such as a run id) below a prepared report dir. */
export async function prepareSubfolder(reportDir: string, folder: string): Promise<string> {
  const target = path.join(reportDir, folder);
  if (path.dirname(target) !== reportDir) throw new ReportWriteError(`'${folder}' is not a plain folder name`);
  const info = await lstat(target).catch(() => null);
  if (info?.isSymbolicLink()) throw new ReportWriteError(`${target} is a symlink; refusing to follow it`);
  try {
    await mkdir(target, { recursive: true });
  } catch (error) {
    throw new ReportWriteError(`cannot create ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return target;
}

/** Writes `content` to `folder/name` atomically; the file is complete and flushed before rename. */
export async function writeFileAtomic(folder: string, name: string, content: string): Promise<string> {
  const target = path.join(folder, name);
  const temporary = path.join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    return target;
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new ReportWriteError(`cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Above this size a report is written compact: indentation would double its size and write time. */
const INDENT_LIMIT = 1024 * 1024;

/** JSON for a report file: indented for people when small, compact when large (10,000+ artifacts). */
export function toJson(value: unknown): string {
  const compact = JSON.stringify(value);
  return `${compact.length <= INDENT_LIMIT ? JSON.stringify(value, null, 2) : compact}\n`;
}
