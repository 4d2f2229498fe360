/**
 * HOSTILE.md rows 37, 38 and 44: `maestro-gate serve` as a real process (the CLI from the
 * sources, see test/serve/helpers/service.ts), driven over real HTTP. Each row is a table of
 * vectors; a vector that is accepted fails the suite.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { canMount, failingServer, journalLines, readBack, restart, type Outcome, type RestartMode } from '../serve/helpers/durability.js';
import { Servers, type GuardVector, type PathRoute } from '../serve/helpers/guard.js';
import { call, JOURNAL_FAULT, type SpawnOptions } from '../serve/helpers/service.js';

const folders: string[] = [];
const mounted: string[] = [];
afterAll(async () => {
  for (const point of mounted.splice(0)) execFileSync('umount', [point], { stdio: 'ignore' });
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const made = await mkdtemp(path.join(tmpdir(), 'maestro-hostile-serve-'));
  folders.push(made);
  return made;
}

/* ------------------------------------------------------------ row 37: a full or failing disk */

/**
 * What every row-37 vector must show once the server has stopped and been started again. The
 * failing server is always a process; the restarts are processes for `mode: 'process'` (the
 * first vector of the row) and in this process otherwise (see RestartMode).
 */
async function expectExactlyAcknowledged(dataDir: string, outcome: Outcome, exit: { code: number | null }, stderr: string, mode: RestartMode): Promise<void> {
  expect(outcome.refused.size, 'the vector must actually make a write fail').toBeGreaterThan(0);
  for (const error of outcome.errors) expect(error).toEqual({ detail: expect.stringMatching(/journal\.jsonl.*stopped accepting writes|is stopping/) });
  expect(exit.code, stderr).toBe(1);
  expect(stderr).toContain('Restart it to replay');

  expect(await journalLines(dataDir), 'no torn or glued line is left behind').toMatchObject({ complete: true });
  const stored = await readBack(dataDir, mode);
  expect(stored.stderr, 'a rolled-back append leaves nothing for the restart to cut off').not.toContain('cut short');
  for (const name of outcome.acknowledged) if (!name.startsWith('seq:')) expect(stored.names, `acknowledged ${name} lost`).toContain(name);
  for (const name of outcome.refused) expect(stored.names, `${name} was answered with an error but is back after the restart`).not.toContain(name);
  for (const name of stored.names) expect(outcome.acknowledged.has(name) || outcome.unknown.has(name), `${name} was never acknowledged`).toBe(true);
  const patches = [...outcome.acknowledged].filter((name) => name.startsWith('seq:')).map((name) => Number(name.slice(4)));
  if (outcome.acknowledged.has('run:first')) expect(stored.seq).toBe(patches.length > 0 ? Math.max(...patches) : undefined);

  // Appends after the failure land on a clean line: they replay, and so does everything before.
  const again = await restart(dataDir, mode);
  expect((await call(again.url, 'POST', '/maestro/runs', { name: 'after the restart', owner: 'ops' })).status).toBe(201);
  expect(await again.stop()).toEqual({ code: 0, signal: null });
  const final = await readBack(dataDir, mode);
  expect(final.names).toEqual(new Set([...stored.names, 'after the restart']));
  expect(final.stderr).not.toContain('cut short');
}

const faults: { name: string; options: SpawnOptions }[] = [
  ...[1, 3, 6].map((nth) => ({
    name: `journal write ${nth} keeps one line and part of the next, then the disk is full`,
    options: { nodeArgs: ['--import', JOURNAL_FAULT], env: { MAESTRO_JOURNAL_FAULT: `short:${nth}` } },
  })),
  ...[2, 5].map((nth) => ({ name: `journal write ${nth} fails with ENOSPC`, options: { nodeArgs: ['--import', JOURNAL_FAULT], env: { MAESTRO_JOURNAL_FAULT: `enospc:${nth}` } } })),
  ...[1, 4].map((nth) => ({ name: `fsync ${nth} fails with EIO after the bytes were written`, options: { nodeArgs: ['--import', JOURNAL_FAULT], env: { MAESTRO_JOURNAL_FAULT: `eio:${nth}` } } })),
  ...[4, 9].map((blocks) => ({ name: `ulimit -f ${blocks}: writes past ${blocks} KiB fail with EFBIG`, options: { maxFileBlocks: blocks } })),
];

describe('row 37: serve --data on a failing disk holds exactly what it acknowledged', () => {
  test.for(faults.map((fault, index) => ({ ...fault, mode: (index === 0 ? 'process' : 'in-process') as RestartMode })))('row 37: $name (restarts: $mode)', async ({ options, mode }) => {
    const dataDir = path.join(await folder(), 'data');
    const { outcome, exit, stderr } = await failingServer(dataDir, options);
    await expectExactlyAcknowledged(dataDir, outcome, exit, stderr, mode);
  });
});

describe.skipIf(!canMount)('row 37: a real full tmpfs under --data (as root)', () => {
  test.for([
    { name: 'full but for the slack of the journal’s own page', leave: 0 },
    { name: 'three pages left when the writes start', leave: 3 * 4096 },
  ])('row 37: $name', async ({ leave }) => {
    const disk = path.join(await folder(), 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', disk]);
    mounted.push(disk);
    const dataDir = path.join(disk, 'data');
    // The server must start (lock file, journal) before the disk fills.
    const filler = path.join(disk, 'filler');
    const { outcome, exit, stderr } = await failingServer(dataDir, {
      beforeWrites: async () => {
        const { bavail, bsize } = await statfs(disk);
        await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - leave))).catch(() => undefined);
        if (leave === 0) await writeFile(`${filler}-rest`, Buffer.alloc(64 * 1024)).catch(() => undefined);
      },
    });
    // The operator frees space, then restarts.
    await rm(filler, { force: true });
    await rm(`${filler}-rest`, { force: true });
    await expectExactlyAcknowledged(dataDir, outcome, exit, stderr, 'in-process');
  });
});

/* -------------------------------------------- row 38: other origins, foreign Host (rebinding) */

const servers = new Servers();
afterAll(() => servers.stop());

const json = { 'content-type': 'application/json' };
const evil = { origin: 'https://evil.example' };
const SIMPLE_TYPES = ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
const FORGED_HOSTS = (port: number): string[] => [
  `evil.example:${port}`,
  'evil.example',
  `localhost.evil.example:${port}`,
  `127.0.0.1.nip.io:${port}`,
  `127.0.0.1:${port + 1}`,
  '127.0.0.1',
  `localhost:${port}@evil.example`,
  `0x7f000001:${port}`,
  '',
];

/** Refused with `status` (the service's `{"detail": …}`), and nothing is created or changed. */
const origin38: GuardVector[] = [
  ...['POST', 'PATCH'].flatMap((method) => [
    ...SIMPLE_TYPES.map((type): GuardVector => ({ name: `${method} from another origin as ${type}`, method, headers: () => ({ ...evil, 'content-type': type }), status: 403, detail: /Origin 'https:\/\/evil\.example'/ })),
    { name: `${method} from another origin with no content type`, method, headers: () => evil, status: 403, detail: /Origin/ },
    { name: `${method} from another origin as JSON (a forged preflight-free client)`, method, headers: () => ({ ...evil, ...json }), status: 403, detail: /Origin/ },
  ]),
  { name: 'Origin: null (a sandboxed frame, a file:// page)', method: 'POST', headers: () => ({ origin: 'null', 'content-type': 'text/plain' }), status: 403, detail: /Origin 'null'/ },
  { name: 'localhost posting to 127.0.0.1 (another origin)', method: 'POST', headers: ({ port }) => ({ origin: `http://localhost:${port}`, ...json }), status: 403, detail: /Origin/ },
  { name: 'the right host on another port', method: 'POST', headers: ({ port }) => ({ origin: `http://127.0.0.1:${port + 1}`, ...json }), status: 403, detail: /Origin/ },
  { name: 'https instead of http', method: 'POST', headers: ({ port }) => ({ origin: `https://127.0.0.1:${port}`, ...json }), status: 403, detail: /Origin/ },
  { name: 'the own origin as a prefix of another', method: 'POST', headers: ({ port }) => ({ origin: `http://127.0.0.1:${port}.evil.example`, ...json }), status: 403, detail: /Origin/ },
  { name: 'no Origin, Sec-Fetch-Site: cross-site', method: 'POST', headers: () => ({ 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }), status: 403, detail: /cross-site/ },
  { name: 'no Origin, Sec-Fetch-Site: same-site (another port of localhost)', method: 'POST', headers: () => ({ 'sec-fetch-site': 'same-site', ...json }), status: 403, detail: /same-site/ },
  { name: 'POST /maestro/artifacts from another origin', method: 'POST', path: '/maestro/artifacts', headers: () => ({ ...evil, 'content-type': 'text/plain' }), body: () => '{}', status: 403, detail: /Origin/ },
  { name: 'POST /maestro/disclosure-packs from another origin', method: 'POST', path: '/maestro/disclosure-packs', headers: () => evil, body: () => '{}', status: 403, detail: /Origin/ },
  // No body: a route that does not exist reads none, and what becomes of unread body bytes on the
  // socket is node's business (it varied between Node 20 and 24), not the guard's.
  ...['PUT', 'DELETE'].map((method): GuardVector => ({ name: `${method} from another origin (no such route: refused first)`, method, headers: () => evil, body: () => '', status: 403, detail: /Origin/ })),
  ...SIMPLE_TYPES.map((type): GuardVector => ({ name: `same origin, but the body is ${type}`, method: 'POST', headers: ({ port }) => ({ origin: `http://127.0.0.1:${port}`, 'content-type': type }), status: 415, detail: /application\/json/ })),
  { name: 'a body with no content type at all', method: 'POST', headers: () => ({}), status: 415, detail: /application\/json/ },
  { name: 'PATCH with a body with no content type', method: 'PATCH', headers: () => ({}), status: 415, detail: /application\/json/ },
  { name: 'PATCH as text/plain', method: 'PATCH', headers: () => ({ 'content-type': 'text/plain' }), status: 415, detail: /application\/json/ },
];

const host38: GuardVector[] = ['POST', 'PATCH', 'GET', 'OPTIONS'].flatMap((method) =>
  Array.from({ length: FORGED_HOSTS(0).length }, (_, index): GuardVector => ({
    name: `${method} under Host #${index} (${FORGED_HOSTS(8001)[index] || 'empty'})`,
    method,
    headers: ({ port }) => ({ host: FORGED_HOSTS(port)[index]!, ...(method === 'GET' || method === 'OPTIONS' ? {} : json) }),
    status: 403,
    detail: /Host/,
  })),
).concat(
  ['/docs', '/openapi.json', '/health', '/maestro/runs/%zz', '/maestro/nothing'].map((url): GuardVector => ({ name: `GET ${url} under a rebinding Host`, method: 'GET', path: url, headers: ({ port }) => ({ host: `evil.example:${port}` }), status: 403, detail: /Host/ })),
);

/** Accepted: without these the refusals above would prove nothing. */
const allowed38: GuardVector[] = [
  { name: 'curl: no Origin, JSON', method: 'POST', headers: () => json, status: 201 },
  { name: 'the own origin (the docs page)', method: 'POST', headers: ({ port }) => ({ origin: `http://127.0.0.1:${port}`, ...json }), status: 201 },
  { name: 'Sec-Fetch-Site: same-origin', method: 'POST', headers: () => ({ 'sec-fetch-site': 'same-origin', ...json }), status: 201 },
  { name: 'Sec-Fetch-Site: none (typed in the address bar)', method: 'POST', headers: () => ({ 'sec-fetch-site': 'none', ...json }), status: 201 },
  ...['localhost', '[::1]', 'LOCALHOST'].map((name): GuardVector => ({ name: `Host ${name} with the port`, method: 'POST', headers: ({ port }) => ({ host: `${name}:${port}`, ...json }), status: 201 })),
  { name: 'application/json; charset=utf-8', method: 'POST', headers: () => ({ 'content-type': 'application/json; charset=utf-8' }), status: 201 },
  { name: 'a PATCH from curl', method: 'PATCH', headers: () => json, body: () => '{"metadata": {"patched": true}}', status: 200 },
];

const withCors38: GuardVector[] = [
  { name: 'the --cors origin', server: 'cors', method: 'POST', headers: () => ({ origin: 'https://dashboard.example', ...json }), status: 201 },
  { name: 'the --cors origin, but as text/plain', server: 'cors', method: 'POST', headers: () => ({ origin: 'https://dashboard.example', 'content-type': 'text/plain' }), status: 415, detail: /application\/json/ },
  { name: 'another origin than the --cors one', server: 'cors', method: 'POST', headers: () => ({ ...evil, ...json }), status: 403, detail: /Origin/ },
  { name: '--host 127.0.0.2: that host', server: 'bound', method: 'POST', headers: ({ port }) => ({ host: `127.0.0.2:${port}`, ...json }), status: 201 },
  { name: '--host 127.0.0.2: its own origin', server: 'bound', method: 'POST', headers: ({ port }) => ({ host: `127.0.0.2:${port}`, origin: `http://127.0.0.2:${port}`, ...json }), status: 201 },
  { name: '--host 127.0.0.2: a rebinding Host', server: 'bound', method: 'POST', headers: ({ port }) => ({ host: `evil.example:${port}`, ...json }), status: 403, detail: /Host/ },
  { name: '--host 0.0.0.0: an address of this machine', server: 'wildcard', method: 'POST', headers: ({ port }) => ({ host: `192.0.2.7:${port}`, ...json }), status: 201 },
  { name: '--host 0.0.0.0: a rebinding Host', server: 'wildcard', method: 'POST', headers: ({ port }) => ({ host: `evil.example:${port}`, ...json }), status: 403, detail: /Host/ },
];

describe('row 38: only the local origin, under its own Host, may change state', () => {
  test.for([...origin38, ...host38, ...allowed38, ...withCors38].map((vector) => [`row 38: ${vector.name} → ${vector.status}`, vector] as const))('%s', async ([, vector]) => {
    await servers.runGuardVector(vector, expect);
  });
});

/* ------------------------------------------------- row 44: over-long or malformed path parameters */

const ROUTES: PathRoute[] = [
  { method: 'GET', path: (id) => `/maestro/runs/${id}`, entity: 'Run' },
  { method: 'PATCH', path: (id) => `/maestro/runs/${id}`, entity: 'Run', body: '{"status": "running"}' },
  { method: 'GET', path: (id) => `/maestro/runs/${id}/manifest`, entity: 'Run' },
  { method: 'GET', path: (id) => `/maestro/runs/${id}/manifest?format=yaml`, entity: 'Run' },
  { method: 'GET', path: (id) => `/maestro/runs/${id}/release-gate`, entity: 'Run', gate: true },
  { method: 'GET', path: (id) => `/maestro/artifacts/${id}`, entity: 'Artifact' },
  { method: 'GET', path: (id) => `/maestro/disclosure-packs/${id}`, entity: 'Disclosure pack' },
];

const IDS: { name: string; raw: string; expect: 'not found' | 400 | 431 }[] = [
  { name: 'a 10,000-character id', raw: 'a'.repeat(10_000), expect: 'not found' },
  { name: 'a 3,000-character id (over fastify’s default)', raw: 'b'.repeat(3_000), expect: 'not found' },
  { name: '%00', raw: '%00', expect: 'not found' },
  { name: '..%2f', raw: '..%2f', expect: 'not found' },
  { name: '..%2F..%2Fhealth', raw: '..%2F..%2Fhealth', expect: 'not found' },
  { name: 'a bidi override and an escape sequence', raw: '%E2%80%AEevil%1B%5B2J', expect: 'not found' },
  { name: 'a 10,000-character id of NULs', raw: '%00'.repeat(4_000), expect: 'not found' },
  { name: '%zz', raw: '%zz', expect: 400 },
  { name: 'a cut-off escape (%E0%A4%A)', raw: '%E0%A4%A', expect: 400 },
  { name: 'a lone %', raw: '%', expect: 400 },
  { name: '%ff (not UTF-8)', raw: '%ff', expect: 400 },
  { name: '%c0%af (overlong UTF-8 for /)', raw: '%c0%af', expect: 400 },
  { name: 'a lone surrogate (%ED%A0%80)', raw: '%ED%A0%80', expect: 400 },
  { name: 'a 20,000-character id (over the request-line limit)', raw: 'c'.repeat(20_000), expect: 431 },
];

describe('row 44: every path parameter is answered in the service’s shape', () => {
  test.for(ROUTES.flatMap((route) => IDS.map((id) => [`row 44: ${route.method} ${route.path('{id}')} with ${id.name}`, route, id] as const)))('%s', async ([, route, id]) => {
    await servers.runPathVector(route, id.raw, id.expect, expect);
  });
});
