/**
 * Runs HOSTILE rows 38 and 44 against real `maestro-gate serve` servers over real HTTP: one per
 * configuration, started on first use, each holding one run made by a legitimate client so that
 * a forged PATCH has something to change. After every row-38 vector the server's runs are listed
 * again: a refused request must have created or changed nothing.
 */
import type { ExpectStatic } from 'vitest';
import { rawCall, serveSession, type Answer, type ServeSession } from './service.js';

export type ServerKind = 'plain' | 'cors' | 'bound' | 'wildcard';

/**
 * `plain`, which most vectors of both rows hit, is the bundled CLI in a process of its own, as a
 * user runs it; the other three run the same command in this process (serveInProcess), which
 * saves a process start-up each and binds, guards and answers the same way.
 */
const CONFIG: Record<ServerKind, { args: string[]; connect: string; mode: 'process' | 'in-process' }> = {
  plain: { args: [], connect: '127.0.0.1', mode: 'process' },
  cors: { args: ['--cors', 'https://dashboard.example'], connect: '127.0.0.1', mode: 'in-process' },
  bound: { args: ['--host', '127.0.0.2'], connect: '127.0.0.2', mode: 'in-process' },
  wildcard: { args: ['--host', '0.0.0.0'], connect: '127.0.0.1', mode: 'in-process' },
};

export interface GuardContext {
  port: number;
  runId: string;
}

export interface GuardVector {
  name: string;
  server?: ServerKind;
  method: string;
  /** Defaults to `/maestro/runs` (POST) or the server's run (PATCH). */
  path?: string;
  headers: (context: GuardContext) => Record<string, string>;
  /** Defaults to a valid JSON body for the route, so that only the headers are wrong. */
  body?: (context: GuardContext) => string;
  status: number;
  /** What the refusal's `detail` must say. */
  detail?: RegExp;
}

export interface PathRoute {
  method: string;
  path: (id: string) => string;
  entity: string;
  body?: string;
  /** `…/release-gate`: an unknown run is a 200 with `passed: false`, as the service answered. */
  gate?: boolean;
}

interface Running {
  server: ServeSession;
  connect: { host: string; port: number };
  runId: string;
  /** Runs the server holds, as listed after the last vector. */
  runs: number;
  run: unknown;
}

/** Control and format characters (NUL, ESC, bidi overrides): never raw in a message. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export class Servers {
  readonly #started = new Map<ServerKind, Promise<Running>>();

  async #get(kind: ServerKind): Promise<Running> {
    let running = this.#started.get(kind);
    if (!running) {
      running = (async () => {
        const server = await serveSession(CONFIG[kind].args, CONFIG[kind].mode);
        const connect = { host: CONFIG[kind].connect, port: Number(new URL(server.url).port) };
        const created = await this.#legit(connect, 'POST', '/maestro/runs', '{"name": "legit", "owner": "ops"}');
        if (created.status !== 201) throw new Error(`cannot create the legitimate run: ${created.status} ${created.text}`);
        const runId = (created.json as { id: string }).id;
        return { server, connect, runId, runs: 1, run: created.json };
      })();
      this.#started.set(kind, running);
    }
    return running;
  }

  /** A request as curl sends it: the server's own Host, no Origin, JSON. */
  #legit(connect: { host: string; port: number }, method: string, url: string, body?: string): Promise<Answer> {
    return rawCall(connect, method, url, body === undefined ? {} : { 'content-type': 'application/json' }, body);
  }

  async runGuardVector(vector: GuardVector, expect: ExpectStatic): Promise<void> {
    const running = await this.#get(vector.server ?? 'plain');
    const context: GuardContext = { port: running.connect.port, runId: running.runId };
    const path = vector.path ?? (vector.method === 'PATCH' ? `/maestro/runs/${running.runId}` : '/maestro/runs');
    const body = vector.body?.(context) ?? (vector.method === 'GET' || vector.method === 'OPTIONS' ? undefined : vector.method === 'PATCH' ? '{"status": "succeeded"}' : '{"name": "forged", "owner": "evil"}');
    const answer = await rawCall(running.connect, vector.method, path, vector.headers(context), body);
    expect(answer.status, answer.text.slice(0, 500)).toBe(vector.status);

    if (vector.detail !== undefined) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.json).toEqual({ detail: expect.stringMatching(vector.detail) });
      const detail = (answer.json as { detail: string }).detail;
      expect(detail.length).toBeLessThan(400);
      expect(detail).not.toMatch(INVISIBLE);
    }

    const runs = await this.#legit(running.connect, 'GET', '/maestro/runs');
    expect(runs.status).toBe(200);
    const created = vector.status === 201 && path === '/maestro/runs' ? 1 : 0;
    expect((runs.json as unknown[]).length, 'a refused request created a run').toBe(running.runs + created);
    running.runs += created;
    const run = (await this.#legit(running.connect, 'GET', `/maestro/runs/${running.runId}`)).json;
    if (vector.status === 200) running.run = run;
    else expect(run, 'a refused request changed the run').toEqual(running.run);
  }

  async runPathVector(route: PathRoute, rawId: string, expected: 'not found' | 400 | 431, expect: ExpectStatic): Promise<void> {
    const running = await this.#get('plain');
    const answer = await rawCall(running.connect, route.method, route.path(rawId), route.body === undefined ? {} : { 'content-type': 'application/json' }, route.body);
    const context = `${answer.status} ${answer.text.slice(0, 300)}`;
    expect(answer.text, context).not.toContain('FST_');
    expect(answer.headers.get('content-type'), context).toMatch(/^application\/json/);
    const body = answer.json as Record<string, unknown>;
    if (expected === 'not found' && route.gate) {
      expect(answer.status, context).toBe(200);
      expect(body).toMatchObject({ passed: false, message: expect.stringMatching(/^Run .+ not found$/s) });
      expect(String(body.message).length).toBeLessThan(300);
      expect(String(body.message)).not.toMatch(INVISIBLE);
      return;
    }
    expect(answer.status, context).toBe(expected === 'not found' ? 404 : expected);
    expect(Object.keys(body), context).toEqual(['detail']);
    const detail = body.detail as string;
    expect(typeof detail).toBe('string');
    expect(detail.length, detail).toBeLessThan(300);
    expect(detail).not.toMatch(INVISIBLE);
    if (expected === 'not found') expect(detail).toMatch(new RegExp(`^${route.entity} .+ not found$`, 's'));
    if (expected === 'not found' && rawId.length > 300) expect(detail).toContain('…');
  }

  async stop(): Promise<void> {
    for (const running of this.#started.values()) {
      const { server } = await running.catch(() => ({ server: undefined }));
      await server?.stop();
    }
  }
}
