/**
 * `--data DIR`: every acknowledged write survives a restart and a kill -9; a torn last line is
 * reported and dropped, never half-applied; a damaged journal stops the start instead of being
 * guessed at; one server per data folder.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, JournalError } from '../../src/serve/journal.js';
import { call, COMPLIANT, json, spawnService, startTestService, type ChildService } from './helpers/service.js';

const folders: string[] = [];
const children: ChildService[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'maestro-data-'));
  folders.push(folder);
  return path.join(folder, 'data');
}

/** Everything the API can list, to compare a store before and after a restart. */
async function snapshot(base: string): Promise<unknown> {
  const runs = await json<{ id: string }[]>(base, 'GET', '/maestro/runs');
  return {
    runs,
    artifacts: await json(base, 'GET', '/maestro/artifacts'),
    packs: await json(base, 'GET', '/maestro/disclosure-packs'),
    gates: await Promise.all(runs.map((run) => json(base, 'GET', `/maestro/runs/${run.id}/release-gate`))),
  };
}

async function buildRun(base: string): Promise<string> {
  const run = await json<{ id: string }>(base, 'POST', '/maestro/runs', { name: 'journaled', owner: 'ops', metadata: { unicode: 'déjà vu ✓' } });
  const artifact = await json<{ id: string }>(base, 'POST', '/maestro/artifacts', { run_id: run.id, kind: 'other', path_or_uri: 's3://b/x.tgz', metadata_json: COMPLIANT });
  await call(base, 'POST', '/maestro/disclosure-packs', { run_id: run.id, summary: 'pack', artifact_ids: [artifact.id] });
  await call(base, 'PATCH', `/maestro/runs/${run.id}`, { status: 'succeeded', cost_actual: 1.5 });
  return run.id;
}

describe('journal', () => {
  it('replays every write on restart: the same runs, artifacts, packs and verdicts', async () => {
    const data = await dataDir();
    const first = await startTestService({ dataDir: data });
    expect(await json(first.url, 'GET', '/health')).toMatchObject({ storage: 'journal' });
    const runId = await buildRun(first.url);
    await buildRun(first.url);
    const before = await snapshot(first.url);
    await first.close();

    const second = await startTestService({ dataDir: data });
    try {
      expect(second.running.replayed).toBe(8);
      expect(await snapshot(second.url)).toEqual(before);
      expect(await json(second.url, 'GET', `/maestro/runs/${runId}/release-gate`)).toMatchObject({ passed: true });
      // Ids live inside the journal, never in file names.
      expect((await readdir(data)).sort()).toEqual([JOURNAL_FILE, 'serve.pid']);
    } finally {
      await second.close();
    }
    expect(await readdir(data)).toEqual([JOURNAL_FILE]);
  });

  it('drops a torn last line, says so, and appends after it cleanly', async () => {
    const data = await dataDir();
    const first = await startTestService({ dataDir: data });
    const runId = await buildRun(first.url);
    await first.close();
    const journal = path.join(data, JOURNAL_FILE);
    const complete = await readFile(journal);
    // A crash in the middle of a write: the start of a record, no newline.
    await appendFile(journal, '{"op":"run.create","run":{"id":"half-written","name":"x","ow');

    const second = await startTestService({ dataDir: data });
    expect(second.running.replayed).toBe(4);
    expect(second.logs.join('\n')).toMatch(/journal\.jsonl: the last line \(\d+ bytes\) was cut short by a crash before it was acknowledged; it was dropped/);
    expect((await call(second.url, 'GET', '/maestro/runs/half-written')).status).toBe(404);
    expect(await readFile(journal)).toEqual(complete);
    await call(second.url, 'PATCH', `/maestro/runs/${runId}`, { metadata: { after: 'the tear' } });
    await second.close();

    const third = await startTestService({ dataDir: data });
    try {
      expect(third.logs).toEqual([]);
      expect(third.running.replayed).toBe(5);
      expect(await json(third.url, 'GET', `/maestro/runs/${runId}`)).toMatchObject({ metadata: { after: 'the tear' } });
    } finally {
      await third.close();
    }
  });

  it('refuses to start on a damaged line in the middle, naming it', async () => {
    const data = await dataDir();
    const first = await startTestService({ dataDir: data });
    await buildRun(first.url);
    await first.close();
    const journal = path.join(data, JOURNAL_FILE);
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[1] = '{"op":"artifact.create","artifact":{"id":"x"}}';
    await writeFile(journal, lines.join('\n'));
    const error = await startTestService({ dataDir: data }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(/journal\.jsonl:2: not a journal record .*Move the file aside/);
    // The lock was released: fixing the file is enough to start again.
    await writeFile(journal, lines.slice(0, 1).join('\n') + '\n');
    const fixed = await startTestService({ dataDir: data });
    expect(fixed.running.replayed).toBe(1);
    await fixed.close();
  });

  it('allows one server per data folder, in this process or another', async () => {
    const data = await dataDir();
    const first = await startTestService({ dataDir: data });
    try {
      await expect(startTestService({ dataDir: data })).rejects.toThrow(/is in use by another maestro-gate serve \(pid \d+, this process\)/);
    } finally {
      await first.close();
    }
    const other = await spawnService(['--data', data]);
    children.push(other);
    await expect(startTestService({ dataDir: data })).rejects.toThrow(`is in use by another maestro-gate serve (pid ${other.child.pid})`);
  });

  it('keeps every acknowledged write when the server is killed with SIGKILL mid-way', async () => {
    const data = await dataDir();
    const server = await spawnService(['--data', data]);
    children.push(server);
    expect(server.stdout()).toMatch(/data journaled to .*journal\.jsonl \(0 write\(s\) replayed\)/);
    const acknowledged: string[] = [];
    const runId = (await json<{ id: string }>(server.url, 'POST', '/maestro/runs', { name: 'crash', owner: 'ops' })).id;
    acknowledged.push(runId);
    // Concurrent writes; the kill lands while some are in flight. Only those answered 201 count.
    const inFlight = Array.from({ length: 200 }, (_, index) =>
      call(server.url, 'POST', '/maestro/artifacts', { run_id: runId, kind: 'other', path_or_uri: `s3://b/${index}`, metadata_json: COMPLIANT }).then(
        (answer) => {
          if (answer.status === 201) acknowledged.push((answer.json as { id: string }).id);
        },
        () => undefined,
      ),
    );
    while (acknowledged.length < 20) await new Promise((resolve) => setTimeout(resolve, 2));
    server.child.kill('SIGKILL');
    await Promise.all(inFlight);
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThan(20);

    const restarted = await spawnService(['--data', data]);
    children.push(restarted);
    const artifacts = await json<{ id: string }[]>(restarted.url, 'GET', `/maestro/artifacts?run_id=${runId}`);
    const held = new Set([runId, ...artifacts.map((artifact) => artifact.id)]);
    for (const id of acknowledged) expect(held, `acknowledged write ${id} lost`).toContain(id);
    expect(restarted.stdout()).toMatch(new RegExp(`\\(${artifacts.length + 1} write\\(s\\) replayed\\)`));
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(restarted.stdout()).toContain('maestro-gate serve: stopped');
  });

  it('stops, exit 1, when a write cannot be made durable, and loses nothing acknowledged', async () => {
    const data = await dataDir();
    const server = await spawnService(['--data', data], { maxFileBlocks: 4 });
    children.push(server);
    const acknowledged: string[] = [];
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const answer = await call(server.url, 'POST', '/maestro/runs', { name: `run ${index}`, owner: 'ops', metadata: { pad: 'a'.repeat(600) } }).catch(() => undefined);
      if (!answer) break;
      statuses.push(answer.status);
      if (answer.status === 201) acknowledged.push((answer.json as { id: string }).id);
      else expect(answer.json).toEqual({ detail: expect.stringMatching(/cannot write .*journal\.jsonl \(EFBIG\); the write was not kept, and the service stopped accepting writes|is stopping/) });
    }
    expect(statuses).toContain(503);
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('Restart it to replay');

    const restarted = await startTestService({ dataDir: data });
    try {
      // The failed append was cut back off: nothing is left for the restart to drop.
      expect(restarted.logs).toEqual([]);
      const runs = await json<{ id: string }[]>(restarted.url, 'GET', '/maestro/runs');
      expect(runs.map((run) => run.id).sort()).toEqual([...acknowledged].sort());
    } finally {
      await restarted.close();
    }
  });
});
