/**
 * A real `maestro-gate serve` for tests: in this process (startService on 127.0.0.1, port 0)
 * or as a child process that can be killed with SIGKILL. Requests go over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { startService, type RunningService, type StartOptions } from '../../../src/serve/server.js';
import { BUNDLE_NODE, ROOT } from '../../helpers/runner.js';

export interface TestService {
  url: string;
  running: RunningService;
  logs: string[];
  close: () => Promise<void>;
}

export async function startTestService(options: Partial<StartOptions> = {}): Promise<TestService> {
  const logs: string[] = [];
  const running = await startService({
    host: '127.0.0.1',
    port: 0,
    workspace: ROOT,
    now: () => new Date().toISOString(),
    log: (text) => logs.push(text),
    ...options,
  });
  return { url: running.url, running, logs, close: () => running.close() };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** One request; `body` is sent as JSON unless it is already a string or bytes (sent as is). */
export async function call(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    const raw = typeof body === 'string' || body instanceof Uint8Array;
    init.body = raw ? body : JSON.stringify(body);
    if (!raw) (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${url}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Shortcut for tests that only read the JSON body of a call. */
export async function json<T = Record<string, unknown>>(base: string, method: string, url: string, body?: unknown): Promise<T> {
  return (await call(base, method, url, body)).json as T;
}

export interface ChildService {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** `ulimit -f`: writes past that many KiB fail with EFBIG, a disk that fills up on cue. */
  maxFileBlocks?: number;
  /** Before the TypeScript hooks, e.g. `--import` of a fault module. */
  nodeArgs?: readonly string[];
  env?: Record<string, string>;
}

/** Preload with `--import` and set MAESTRO_JOURNAL_FAULT: see the module. */
export const JOURNAL_FAULT = path.join(ROOT, 'test/serve/fixtures/journal-fault.mjs');

// The bundled CLI, as users run it: it starts in ~0.2 s where the TypeScript sources through a
// loader hook took seconds (the tests' global setup rebuilds dist/ when the sources changed).
const CLI = path.join(ROOT, 'bin/maestro-gate.js');

/**
 * `maestro-gate serve ARGS` from the bundled CLI in a child process;
 * resolves once it prints its address.
 */
export async function spawnService(args: readonly string[], options: SpawnOptions = {}): Promise<ChildService> {
  const argv = [BUNDLE_NODE, ...(options.nodeArgs ?? []), CLI, 'serve', ...(args.includes('--port') ? [] : ['--port', '0']), ...args];
  const env = { ...process.env, ...options.env };
  const child =
    options.maxFileBlocks === undefined
      ? spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -f ${options.maxFileBlocks}; exec "$0" "$@"`, ...argv], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+) /.exec(stdout);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 20);
    void exited.then(({ code, signal }) => {
      clearInterval(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening:\n${stdout}\n${stderr}`));
    });
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr, exited };
}

/** A started `maestro-gate serve`, however it was started. */
export interface ServeSession {
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Stops it (SIGTERM, or Ctrl-C's equivalent in this process) and resolves with how it ended. */
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `maestro-gate serve ARGS` in this process, through the command the CLI runs (`serveCommand`),
 * on a free port; resolves once it listens. No process start-up to pay, but no preloaded fault,
 * signal or ulimit either: those need spawnService.
 */
export async function serveInProcess(args: readonly string[]): Promise<ServeSession> {
  // Imported here: the other users of this module need only the server, not the command.
  const { serveCommand } = await import('../../../src/cli/serve.js');
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let listening: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const code = serveCommand([...(args.includes('--port') ? [] : ['--port', '0']), ...args], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    signal: controller.signal,
    onListening: (running) => listening(running.url),
  });
  const started = await Promise.race([url, code.then((exit) => Promise.reject(new Error(`serve exited (${exit}) before listening:\n${err.join('\n')}`)))]);
  return {
    url: started,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
    stop: async () => {
      controller.abort();
      return { code: await code, signal: null };
    },
  };
}

/** `serve ARGS` as a child process (spawnService) or in this process (serveInProcess). */
export async function serveSession(args: readonly string[], mode: 'process' | 'in-process'): Promise<ServeSession> {
  if (mode === 'in-process') return serveInProcess(args);
  const server = await spawnService(args);
  return {
    url: server.url,
    stdout: server.stdout,
    stderr: server.stderr,
    stop: async () => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      return server.exited;
    },
  };
}

/**
 * One request over node:http, which (unlike fetch) sends the Host, Origin and Sec-Fetch-* headers
 * it is given and adds no Content-Type of its own. `connect` is where to connect to; `host: ''`
 * sends no Host header.
 */
export function rawCall(connect: { host: string; port: number }, method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An empty Host is sent as no Host at all (node would otherwise put the address back).
    const noHost = headers.host === '';
    // A connection of its own (agent: false): whether a refused request's unread body disturbs
    // a kept-alive socket is not what these vectors judge, and sharing one made them flaky.
    const sent = request({ host: connect.host, port: connect.port, method, path: url, agent: false, headers: noHost ? Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'host')) : headers, setHost: !noHost }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) responseHeaders.set(name, String(value));
        resolve({ status: response.statusCode ?? 0, headers: responseHeaders, text, json: parsed });
      });
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

export const COMPLIANT = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };
