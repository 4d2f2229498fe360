/**
 * `maestro-gate serve` as a command: what it prints when it starts and stops, where it binds,
 * what it preloads, and how it refuses bad arguments (exit 2, with the usage).
 */
import { describe, expect, it } from 'vitest';
import { serveCommand, type CommandIo } from '../../src/cli/serve.js';
import type { RunningService } from '../../src/serve/server.js';
import { fixture, useWorkspaces } from '../helpers/workspace.js';
import { json } from './helpers/service.js';

const workspaces = useWorkspaces();

interface Session {
  out: string[];
  err: string[];
  code: Promise<number>;
  running: Promise<RunningService>;
  stop: () => void;
}

/** Starts `serve ARGS` in this process; `stop()` stands in for Ctrl-C. */
function serve(args: string[]): Session {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let listening: (service: RunningService) => void = () => undefined;
  const running = new Promise<RunningService>((resolve) => (listening = resolve));
  const io: CommandIo = { out: (text) => out.push(text), err: (text) => err.push(text), signal: controller.signal, onListening: (service) => listening(service) };
  const code = serveCommand(['--port', '0', ...args], io);
  const runningOrExit = Promise.race([running, code.then((exit) => Promise.reject(new Error(`exited ${exit}: ${err.join('\n')}`)))]);
  // Tests that expect an early exit await `code`, not `running`: that rejection is expected.
  runningOrExit.catch(() => undefined);
  return { out, err, code, running: runningOrExit, stop: () => controller.abort() };
}

describe('maestro-gate serve', () => {
  it('binds to loopback, says the data is in memory only, and stops cleanly', async () => {
    const session = serve([]);
    const running = await session.running;
    expect(running.host).toBe('127.0.0.1');
    expect(session.out).toEqual([
      `maestro-gate serve: listening on ${running.url} (docs at ${running.url}/docs); data in memory only, lost when the server stops (pass --data DIR to keep it)`,
    ]);
    session.stop();
    expect(await session.code).toBe(0);
    expect(session.out.at(-1)).toBe('maestro-gate serve: stopped');
  });

  it('says where the journal is with --data, and preloads the manifests it is given', async () => {
    const workspace = await workspaces({ 'maestro.yml': await fixture('passing.yml') });
    const session = serve(['--workspace', workspace.root, '--data', workspace.path('data'), 'maestro.yml']);
    const running = await session.running;
    expect(session.out[0]).toBe('maestro-gate serve: loaded 1 run(s): maestro-yml (maestro.yml)');
    expect(session.out[1]).toContain(`data journaled to ${workspace.path('data/journal.jsonl')} (0 write(s) replayed)`);
    expect(await json(running.url, 'GET', '/maestro/runs/maestro-yml/release-gate')).toMatchObject({ passed: true, message: 'Release gate passed: 1 compliant artifact(s) found' });
    session.stop();
    expect(await session.code).toBe(0);
  });

  it('warns when bound beyond loopback', async () => {
    const session = serve(['--host', '0.0.0.0']);
    await session.running;
    expect(session.err.join('\n')).toContain('0.0.0.0 is reachable from other machines, and this API has no authentication');
    session.stop();
    expect(await session.code).toBe(0);
  });

  it('refuses an invalid manifest before listening: exit 2, every issue shown', async () => {
    const workspace = await workspaces({ 'maestro.yml': 'run: { name: x, owner: y, status: done }\nartifacts: [{ kind: banana, path_or_uri: a }]\n' });
    const session = serve(['--workspace', workspace.root, 'maestro.yml']);
    expect(await session.code).toBe(2);
    const text = session.err.join('\n');
    expect(text).toContain("maestro.yml:1:35 run.status: string 'done' is not one of pending");
    expect(text).toContain("artifacts[0].kind: string 'banana' is not one of");
    expect(session.out).toEqual([]);
  });

  it.each([
    [['--port', '70000'], "--port: '70000' is not a whole number from 0 to 65535"],
    [['--max-body', '0'], "--max-body: '0' is not a whole number from 1"],
    [['--bogus'], "unknown option '--bogus'"],
  ])('refuses %j: exit 2 with the usage', async (args, message) => {
    const session = serve(args);
    expect(await session.code).toBe(2);
    expect(session.err.join('\n')).toContain(message);
    expect(session.err.join('\n')).toContain('Usage: maestro-gate serve');
  });

  it('says so when the port is taken', async () => {
    const first = serve([]);
    const running = await first.running;
    const second = serveCommand(['--port', String(running.port)], { out: () => undefined, err: (text) => first.err.push(text) });
    expect(await second).toBe(2);
    expect(first.err.join('\n')).toContain('the port is already in use');
    first.stop();
    await first.code;
  });
});
