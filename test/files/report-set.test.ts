/**
 * A large report file is written in pieces while the next piece is gathered. A write that fails
 * part of the way through fails the whole set, with the disk's own error, and leaves no report
 * folder behind; it never goes unnoticed, even when the encoding failed first.
 */
import type * as fs from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ReportWriteError } from '../../src/errors.js';
import { replaceReportFolder } from '../../src/files/report-folder.js';
import { ElementsOnDemand } from '../../src/report/json-stream.js';
import { useWorkspaces } from '../helpers/workspace.js';

/** Which file's writes fail, and from which of its writes on (1 is the first). */
const fault: { file?: string; fromWrite?: number } = {};

vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof fs>();
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args);
    const name = String(args[0]);
    if (fault.file === undefined || !name.endsWith(`/${fault.file}`)) return handle;
    let writes = 0;
    const write = handle.write.bind(handle) as (...rest: unknown[]) => Promise<unknown>;
    // Fails a tick later, as a real write does: the piece after it is being gathered by then.
    (handle as { write: unknown }).write = async (...rest: unknown[]) => {
      writes += 1;
      if (writes < (fault.fromWrite ?? 1)) return write(...rest);
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    };
    return handle;
  };
  return { ...real, open, default: { ...real, open } };
});

const workspace = useWorkspaces();

afterEach(() => {
  delete fault.file;
  delete fault.fromWrite;
});

/** 40,000 entries: some 2.5 MB of compact JSON, written in three pieces or more. */
function largeReport(): { run_id: string; artifacts: object[] } {
  return { run_id: 'r', artifacts: Array.from({ length: 40_000 }, (_, index) => ({ artifact_id: `artifact-${index}`, reasons: ['SBOM not present'], compliant: false })) };
}

describe('a report file that cannot be written to the end', () => {
  test.each([
    ['its first piece', 1],
    ['its second piece, written while the third is gathered', 2],
  ])('a disk that fills at %s: the set fails with ENOSPC and no report folder is left', async (_, fromWrite) => {
    const ws = await workspace();
    fault.file = 'compliance-report.json';
    fault.fromWrite = fromWrite;
    const writing = replaceReportFolder(ws.root, 'maestro-report', [
      { path: 'release-gate.json', content: { json: { run_id: 'r', passed: true } } },
      { path: 'compliance-report.json', content: { json: largeReport() } },
    ]);
    await expect(writing).rejects.toThrow(ReportWriteError);
    await expect(writing).rejects.toThrow(/ENOSPC/);
    expect(await readdir(ws.root)).not.toContain('maestro-report');
    expect((await readdir(ws.root)).filter((name) => name.includes('staging'))).toEqual([]);
  });

  test('a held file whose holder cannot write: the set fails with ENOSPC and no report folder is left', async () => {
    const ws = await workspace();
    const report = largeReport();
    fault.file = 'manifest.json';
    fault.fromWrite = 2;
    const writing = replaceReportFolder(ws.root, 'maestro-report', [
      { path: 'compliance-report.json', content: { json: report } },
      { path: 'manifest.json', content: { json: { run: { id: 'r' }, compliance_report: report } } },
    ]);
    await expect(writing).rejects.toThrow(/ENOSPC/);
    expect(await readdir(ws.root)).not.toContain('maestro-report');
  });

  test('an entry that cannot be encoded while a piece fails to be written: the encoding error, and nothing unhandled', async () => {
    const ws = await workspace();
    fault.file = 'verdict.json';
    const entries = new ElementsOnDemand(40_000, (index) => {
      if (index === 20_000) throw new Error('entry 20000 could not be made');
      return { artifact_id: `artifact-${index}`, reasons: ['SBOM not present'], compliant: false };
    });
    const writing = replaceReportFolder(ws.root, 'maestro-report', [{ path: 'verdict.json', content: { json: { run_id: 'r', artifacts: entries } } }]);
    await expect(writing).rejects.toThrow(/entry 20000 could not be made/);
    expect(await readdir(ws.root)).not.toContain('maestro-report');
    // The failed write settles after the error above; an unhandled rejection would fail this file.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
