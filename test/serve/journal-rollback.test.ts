/**
 * A failed append is rolled back: the journal then holds exactly the records whose append
 * resolved, and a later append lands on a line of its own. The disk misbehaves through a partial
 * mock of node:fs/promises (only the journal's append handle; replay reads the real file), so
 * these run on every machine; test/hostile/serve.test.ts does the same through a real process
 * and a real full tmpfs.
 */
import { constants } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Journal, JOURNAL_FILE, JournalError, type JournalRecord } from '../../src/serve/journal.js';
import { makeRun } from '../helpers/factories.js';

type Fault = { on: 'write' | 'sync' | 'truncate'; nth: number; keep?: 'a line and a half' | 'nothing' };
const disk = vi.hoisted(() => ({ faults: [] as Fault[], calls: { write: 0, sync: 0, truncate: 0 } }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: injected`), { code });
  const open: typeof fs.open = async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    if (typeof flags !== 'number' || (flags & constants.O_APPEND) === 0) return handle;
    const fault = (on: Fault['on']): Fault | undefined => {
      disk.calls[on] += 1;
      return disk.faults.find((entry) => entry.on === on && entry.nth === disk.calls[on]);
    };
    const write = handle.write.bind(handle) as (bytes: Buffer, offset: number, length: number) => Promise<{ bytesWritten: number; buffer: Buffer }>;
    const sync = handle.sync.bind(handle);
    const truncate = handle.truncate.bind(handle);
    Object.assign(handle, {
      write: async (bytes: Buffer, offset: number, length: number) => {
        const planned = fault('write');
        if (planned?.keep === 'nothing') throw failure('ENOSPC');
        if (planned) {
          // A disk that fills up mid-burst: the first line and half of the next reach the file
          // (half a line when the burst is one line).
          const firstLine = bytes.indexOf(0x0a, offset) + 1 - offset;
          await write(bytes, offset, firstLine < length ? firstLine + Math.floor((length - firstLine) / 2) : Math.floor(length / 2));
          throw failure('ENOSPC');
        }
        return write(bytes, offset, length);
      },
      sync: async () => {
        await sync();
        if (fault('sync')) throw failure('EIO');
      },
      truncate: async (length: number) => {
        if (fault('truncate')) throw failure('EIO');
        return truncate(length);
      },
    });
    return handle;
  };
  return { ...fs, open };
});

const folders: string[] = [];
afterEach(async () => {
  disk.faults = [];
  disk.calls = { write: 0, sync: 0, truncate: 0 };
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function openJournal(): Promise<{ journal: Journal; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'maestro-rollback-'));
  folders.push(dir);
  return { journal: (await Journal.open(dir, () => undefined)).journal, dir };
}

const record = (name: string): JournalRecord => ({
  op: 'run.create',
  run: makeRun({ id: name, name, owner: 'ops', status: 'pending', metadata: { pad: 'x'.repeat(200) }, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }),
});

/** Appends `names` in bursts (each burst is queued together, so it shares one write). */
async function appendBursts(journal: Journal, bursts: string[][]): Promise<{ kept: string[]; refused: string[]; errors: unknown[] }> {
  const kept: string[] = [];
  const refused: string[] = [];
  const errors: unknown[] = [];
  for (const burst of bursts) {
    await Promise.all(
      burst.map((name) =>
        journal.append(record(name)).then(
          () => kept.push(name),
          (error: unknown) => {
            refused.push(name);
            errors.push(error);
          },
        ),
      ),
    );
  }
  return { kept, refused, errors };
}

async function idsOnDisk(dir: string): Promise<string[]> {
  const text = await readFile(path.join(dir, JOURNAL_FILE), 'utf8');
  expect(text === '' || text.endsWith('\n'), 'the file ends on a whole line').toBe(true);
  return text.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { run: { id: string } }).run.id);
}

// A lone first record makes burst 1 one write; the records queued behind it make the next.
const BURSTS = [['a'], ['b', 'c', 'd', 'e'], ['f', 'g']];

describe('journal rollback', () => {
  it.each<[string, Fault]>([
    ['a short write of the first burst', { on: 'write', nth: 1, keep: 'a line and a half' }],
    ['a short write leaving whole lines of a refused burst', { on: 'write', nth: 2, keep: 'a line and a half' }],
    ['ENOSPC with nothing written', { on: 'write', nth: 2, keep: 'nothing' }],
    ['an fsync that fails after the whole burst was written', { on: 'sync', nth: 2 }],
    ['an fsync that fails on the last burst', { on: 'sync', nth: 3 }],
  ])('%s: the file holds exactly what resolved, and later appends are whole lines', async (_name, fault) => {
    disk.faults = [fault];
    const { journal, dir } = await openJournal();
    const first = await appendBursts(journal, BURSTS);
    expect(first.refused.length).toBeGreaterThan(0);
    for (const error of first.errors) expect(error).toBeInstanceOf(JournalError);
    expect((first.errors[0] as Error).message).toMatch(/journal\.jsonl \((ENOSPC|EIO)\); the write was not kept/);
    expect(journal.failure, 'a rolled-back failure does not stop the journal').toBeNull();
    expect(await idsOnDisk(dir)).toEqual(first.kept);

    const later = await appendBursts(journal, [['h'], ['i', 'j']]);
    expect(later.refused).toEqual([]);
    await journal.close();
    expect(await idsOnDisk(dir)).toEqual([...first.kept, 'h', 'i', 'j']);
    const replayed: string[] = [];
    const reopened = await Journal.open(dir, (entry) => replayed.push(entry.op === 'run.create' ? entry.run.id : '?'));
    await reopened.journal.close();
    expect(reopened.tornBytes).toBe(0);
    expect(replayed).toEqual([...first.kept, 'h', 'i', 'j']);
  });

  it('refuses every later append when the rollback itself fails, and says where the good part ends', async () => {
    disk.faults = [
      { on: 'write', nth: 2, keep: 'a line and a half' },
      { on: 'truncate', nth: 1 },
    ];
    const { journal, dir } = await openJournal();
    const first = await appendBursts(journal, BURSTS.slice(0, 2));
    expect(first.kept).toEqual(['a']);
    const good = (await readFile(path.join(dir, JOURNAL_FILE))).indexOf(0x0a) + 1;
    expect(journal.failure?.message).toMatch(
      new RegExp(`journal\\.jsonl \\(ENOSPC\\), nor cut it back to its last acknowledged line \\(EIO\\): bytes after offset ${good} were never acknowledged; truncate the file to ${good} bytes`),
    );
    await expect(journal.append(record('z'))).rejects.toBe(journal.failure);
    await journal.close();
  });
});
