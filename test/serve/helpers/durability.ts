/**
 * Drives a journaled `maestro-gate serve` process into a failing disk and reads back what a
 * restart holds, for HOSTILE row 37: a write answered with an error must not come back, and
 * nothing answered 201/200 may be lost.
 *
 * Writes are named (a run's name, an artifact's path, a PATCH's sequence number) so that refused
 * writes, which have no id, can be looked for after the restart too.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { JOURNAL_FILE } from '../../../src/serve/journal.js';
import { ROOT } from '../../helpers/runner.js';
import { call, json, serveSession, spawnService, type ChildService, type ServeSession, type SpawnOptions } from './service.js';

export interface Outcome {
  /** Names of writes answered 201 or 200. */
  acknowledged: Set<string>;
  /** Names of writes answered with an error (the journal's 503). */
  refused: Set<string>;
  /** Names of writes whose answer never came (the server stopped under them): either way is right. */
  unknown: Set<string>;
  /** Error bodies, to check the message a client reads. */
  errors: unknown[];
}

export interface Stored {
  names: Set<string>;
  /** The `seq` the first run's metadata holds: the last PATCH that was kept. */
  seq: number | undefined;
  stdout: string;
  stderr: string;
}

const PAD = 'x'.repeat(300);

/**
 * Waves of concurrent creates (so that the journal commits several records per write, and a
 * short write can leave whole lines of refused writes), each wave followed by one PATCH, until
 * the server stops or `waves` run out.
 */
export async function writeUntilStopped(server: ChildService, waves = 12, perWave = 8): Promise<Outcome> {
  const outcome: Outcome = { acknowledged: new Set(), refused: new Set(), unknown: new Set(), errors: [] };
  let stopped = false;
  void server.exited.then(() => (stopped = true));
  const send = async (name: string, method: string, url: string, body: unknown, ok: number): Promise<unknown> => {
    try {
      const answer = await call(server.url, method, url, body);
      if (answer.status === ok) {
        outcome.acknowledged.add(name);
        return answer.json;
      }
      outcome.refused.add(name);
      outcome.errors.push(answer.json ?? answer.text);
    } catch {
      outcome.unknown.add(name);
    }
    return undefined;
  };
  const first = (await send('run:first', 'POST', '/maestro/runs', { name: 'run:first', owner: 'ops' }, 201)) as { id: string } | undefined;
  for (let wave = 0; wave < waves && !stopped; wave += 1) {
    await Promise.all(
      Array.from({ length: perWave }, (_, index) => {
        const name = `w${wave}-${index}`;
        return index % 2 === 0 || first === undefined
          ? send(`run:${name}`, 'POST', '/maestro/runs', { name: `run:${name}`, owner: 'ops', metadata: { pad: PAD } }, 201)
          : send(`artifact:${name}`, 'POST', '/maestro/artifacts', { run_id: first.id, kind: 'other', path_or_uri: `artifact:${name}`, metadata_json: { additional_metadata: { pad: PAD } } }, 201);
      }),
    );
    if (first !== undefined && !stopped) await send(`seq:${wave}`, 'PATCH', `/maestro/runs/${first.id}`, { metadata: { seq: wave } }, 200);
  }
  return outcome;
}

/**
 * How a test restarts the server on a data folder after the failure: as a process (the bundled
 * CLI, stopped with SIGTERM), or in this process through the same command (`serveCommand` of
 * src/cli/serve.ts, stopped as Ctrl-C stops it). Both replay the journal through the same code;
 * the process costs a start-up (~0.3 s of CPU) per restart, so HOSTILE row 37 keeps it for its
 * first vector and restarts the others in-process. The failing server itself is always a process:
 * its faults are preloaded modules and `ulimit`.
 */
export type RestartMode = 'process' | 'in-process';

export function restart(dataDir: string, mode: RestartMode): Promise<ServeSession> {
  return serveSession(['--data', dataDir], mode);
}

/** What a server started afresh on `dataDir` holds. */
export async function readBack(dataDir: string, mode: RestartMode = 'process'): Promise<Stored> {
  const server = await restart(dataDir, mode);
  try {
    const runs = await json<{ name: string; metadata: { seq?: number } }[]>(server.url, 'GET', '/maestro/runs');
    const artifacts = await json<{ path_or_uri: string }[]>(server.url, 'GET', '/maestro/artifacts');
    const names = new Set([...runs.map((run) => run.name), ...artifacts.map((artifact) => artifact.path_or_uri)]);
    const first = runs.find((run) => run.name === 'run:first');
    return { names, seq: first?.metadata.seq, stdout: server.stdout(), stderr: server.stderr() };
  } finally {
    await server.stop();
  }
}

/** Starts a server on `dataDir` that fails as `options` say, writes until it stops, and returns what it answered. */
export async function failingServer(
  dataDir: string,
  options: SpawnOptions & { beforeWrites?: () => Promise<void> },
): Promise<{ outcome: Outcome; exit: { code: number | null; signal: NodeJS.Signals | null }; stderr: string }> {
  const server = await spawnService(['--data', dataDir], options);
  try {
    await options.beforeWrites?.();
    const outcome = await writeUntilStopped(server);
    const exit = await Promise.race([server.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
    return { outcome, exit: exit ?? { code: null, signal: null }, stderr: server.stderr() };
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
}

/** Every line of the journal parses: nothing torn, nothing glued to a half-written line. */
export async function journalLines(dataDir: string): Promise<{ complete: boolean; lines: number }> {
  const bytes = await readFile(path.join(dataDir, JOURNAL_FILE), 'utf8');
  const lines = bytes.split('\n');
  const complete = bytes === '' || bytes.endsWith('\n');
  const parsed = lines.slice(0, -1).every((line) => {
    try {
      return typeof JSON.parse(line) === 'object';
    } catch {
      return false;
    }
  });
  return { complete: complete && parsed, lines: lines.length - 1 };
}

/** Whether this machine lets us mount a tmpfs (root where the sandbox allows it): a real ENOSPC. */
export const canMount = ((): boolean => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = path.join(ROOT, 'node_modules', '.maestro-serve-mount-probe');
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
})();
