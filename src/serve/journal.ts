/**
 * The service's optional durability: every write, as one JSON line appended to
 * `<data>/journal.jsonl` and fsync'd before the write is acknowledged; on start, the lines are
 * replayed through the same store operations that made them.
 *
 * Writes that arrive together share one write(2) and one fsync (group commit), so durability
 * costs one disk flush per burst, not one per request. A write or fsync that fails (a full disk,
 * an I/O error) is rolled back: the file is cut back to the length it had before the burst, so
 * that no line of a refused write, whole or torn, is replayed later, and the next append starts
 * on a line of its own. A crash can only tear the last line (it lacks its newline): that line
 * was never acknowledged, so it is reported and cut off, never half-applied. Any other bad line
 * is corruption, and the service refuses to start on it rather than guess.
 *
 * Ids never name files: the journal's path is fixed, ids live only inside its lines.
 */
import { constants } from 'node:fs';
import { mkdir, open, readFile, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ArtifactSchema, DisclosurePackSchema, RunSchema, UpdateRunRequest } from './schemas.js';

export const JOURNAL_FILE = 'journal.jsonl';
const LOCK_FILE = 'serve.pid';
const NEWLINE = 0x0a;

export const JournalRecord = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('run.create'), run: RunSchema }),
  z.strictObject({ op: z.literal('run.update'), run_id: z.string(), update: UpdateRunRequest, at: z.string() }),
  z.strictObject({ op: z.literal('artifact.create'), artifact: ArtifactSchema }),
  z.strictObject({ op: z.literal('disclosure_pack.create'), disclosure_pack: DisclosurePackSchema }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;

/** The journal cannot be read, written or locked; the message says which file and why. */
export class JournalError extends Error {
  override readonly name = 'JournalError';
}

export interface ReplayResult {
  journal: Journal;
  /** Lines applied. */
  replayed: number;
  /** Bytes of a torn last line that were cut off, or 0. */
  tornBytes: number;
}

interface Pending {
  bytes: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class Journal {
  /** Bytes of the file that hold acknowledged lines: where a failed append is cut back to. */
  #length: number;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;
  #failure: Error | null = null;
  #closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    private readonly lockFile: string,
    length: number,
  ) {
    this.#length = length;
  }

  /**
   * Takes the data folder (one server per folder), replays its journal through `apply` in
   * order, cuts off a torn last line, and opens the journal for appending.
   */
  static async open(dataDir: string, apply: (record: JournalRecord) => void): Promise<ReplayResult> {
    const dir = path.resolve(dataDir);
    await mkdir(dir, { recursive: true });
    const lockFile = await lock(dir);
    try {
      const file = path.join(dir, JOURNAL_FILE);
      const { existed, replayed, tornBytes } = await replay(file, apply);
      // O_APPEND: every write lands at the end, whatever the offset.
      const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
      let length: number;
      try {
        if (!existed) await syncDirectory(dir);
        length = (await handle.stat()).size;
      } catch (error) {
        await handle.close();
        throw error;
      }
      return { journal: new Journal(handle, file, lockFile, length), replayed, tornBytes };
    } catch (error) {
      await unlock(lockFile);
      throw error;
    }
  }

  /** Resolves once the record is on disk (written and fsync'd). */
  append(record: JournalRecord): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new JournalError(`${this.file} is closed`));
    return new Promise((resolve, reject) => {
      this.#pending.push({ bytes: Buffer.from(`${JSON.stringify(record)}\n`, 'utf8'), resolve, reject });
      this.#flushing ??= this.#flush().finally(() => {
        this.#flushing = null;
      });
    });
  }

  /**
   * The error that stopped the journal for good, if any (a failed append that could not be
   * rolled back): after one, nothing more is written. A rolled-back failure leaves this null.
   */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Waits for pending writes, then releases the file and the folder. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#flushing;
    await this.handle.close().catch(() => undefined);
    await unlock(this.lockFile);
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0 && this.#failure === null) {
      const batch = this.#pending.splice(0);
      const bytes = Buffer.concat(batch.map((entry) => entry.bytes));
      try {
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        await this.handle.sync();
        this.#length += bytes.length;
        for (const entry of batch) entry.resolve();
      } catch (error) {
        // Entries queued behind a failed write were applied by the service after the failed
        // ones and may depend on them: they are refused with them.
        const failure = await this.#rollBack(error);
        for (const entry of [...batch, ...this.#pending.splice(0)]) entry.reject(failure);
      }
    }
  }

  /**
   * Cuts the file back to its acknowledged lines after a failed write or fsync. A short write
   * leaves whole lines of the burst on disk, and bytes whose fsync failed may still reach it:
   * without the cut a restart would replay writes that were answered with an error. Only if the
   * cut itself fails is the journal stopped for good, since its tail is then unknown.
   */
  async #rollBack(cause: unknown): Promise<JournalError> {
    const code = errorCode(cause);
    try {
      await this.handle.truncate(this.#length);
      await this.handle.sync();
    } catch (rollback) {
      const failure = new JournalError(
        `cannot write ${this.file} (${code}), nor cut it back to its last acknowledged line (${errorCode(rollback)}): bytes after offset ${this.#length} were never acknowledged; truncate the file to ${this.#length} bytes before restarting`,
      );
      this.#failure = failure;
      return failure;
    }
    return new JournalError(`cannot write ${this.file} (${code}); the write was not kept, and the service stopped accepting writes`);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}

async function replay(file: string, apply: (record: JournalRecord) => void): Promise<{ existed: boolean; replayed: number; tornBytes: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { existed: false, replayed: 0, tornBytes: 0 };
    throw new JournalError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // Everything after the last newline is a line whose write never completed.
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  const tornBytes = bytes.length - end;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let replayed = 0;
  let start = 0;
  let lineNumber = 0;
  while (start < end) {
    const stop = bytes.indexOf(NEWLINE, start);
    lineNumber += 1;
    const where = `${file}:${lineNumber}`;
    let record: JournalRecord;
    try {
      const parsed = JournalRecord.safeParse(JSON.parse(decoder.decode(bytes.subarray(start, stop))));
      if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; '));
      record = parsed.data;
    } catch (error) {
      throw new JournalError(`${where}: not a journal record (${(error as Error).message}); the journal is damaged, so the service will not guess. Move the file aside to start empty.`);
    }
    try {
      apply(record);
    } catch (error) {
      throw new JournalError(`${where}: cannot be replayed (${(error as Error).message}); were the same manifests given as when it was written?`);
    }
    replayed += 1;
    start = stop + 1;
  }
  if (tornBytes > 0) {
    // Cut the torn line off before appending, so that the next record starts on a line of its own.
    const handle = await open(file, 'r+');
    try {
      await handle.truncate(end);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return { existed: true, replayed, tornBytes };
}

/** Data folders locked by this process: its own pid in a lock file says nothing about them. */
const lockedHere = new Set<string>();

/**
 * One server per data folder: two would each replay, then append records the other never
 * applied. A lock left by a killed server (its pid is gone) is taken over; so is one holding
 * this process's own pid for a folder this process did not lock, as after a container restart,
 * where the server has the same pid every time.
 */
async function lock(dir: string): Promise<string> {
  const lockFile = path.join(dir, LOCK_FILE);
  if (lockedHere.has(lockFile)) throw new JournalError(`${dir} is in use by another maestro-gate serve (pid ${process.pid}, this process)`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      lockedHere.add(lockFile);
      return lockFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new JournalError(`cannot use ${dir} for data (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new JournalError(`${dir} is in use by another maestro-gate serve (pid ${pid}); stop it, or delete ${lockFile} if it is not running`);
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new JournalError(`cannot lock ${dir}: ${lockFile} keeps reappearing`);
}

async function unlock(lockFile: string): Promise<void> {
  lockedHere.delete(lockFile);
  await unlink(lockFile).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A new file's name is durable only once its folder is fsync'd. */
async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the new name itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
