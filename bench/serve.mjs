/* global fetch, clearInterval -- Node 20 globals the shared lint config does not list */
// Benchmark of `maestro-gate serve` on 127.0.0.1 (loopback only, bounded in time), for
// BENCHMARKS.md. Run: npm run bench:serve -- [--duration SECONDS] [--artifacts N]
//
// 1. GET a run, and GET the release gate and the manifest of a run with 100 artifacts: 16 connections each.
// 2. POST artifacts with --data (every write fsync'd before its 201; group commit).
// 3. RSS of the server holding N artifacts (default 100,000), created over the API.
//
// The server is the committed bundle (`bin/maestro-gate.js serve`), in a child process.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, artifacts: { type: 'string', default: '100000' } } });
const duration = Number(values.duration);
const artifactCount = Number(values.artifacts);
const COMPLIANT = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };

function startServer(args) {
  // The committed CLI bundle, as users run it; MAESTRO_SERVE_SOURCES=1 runs the TypeScript sources.
  const entry = process.env.MAESTRO_SERVE_SOURCES
    ? ['--import', path.join(ROOT, 'test/serve/helpers/register-ts.mjs'), path.join(ROOT, 'test/serve/fixtures/serve-child.ts')]
    : [path.join(ROOT, 'bin/maestro-gate.js'), 'serve'];
  const child = spawn(process.execPath, [...entry, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+) /.exec(stdout);
      if (match) {
        clearInterval(timer);
        resolve({ child, url: match[1] });
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code}) before listening: ${stdout}`));
    });
  });
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** POSTs `count` artifacts to `runId` (half of them compliant), `concurrency` at a time. */
async function postArtifacts(base, runId, count, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await post(`${base}/maestro/artifacts`, { run_id: runId, kind: 'other', path_or_uri: `s3://releases/artifact-${index}.tgz`, metadata_json: index % 2 === 0 ? COMPLIANT : {} });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function summarize(name, result) {
  return {
    name,
    'requests/s (mean)': Math.round(result.requests.average),
    'latency p50 ms': result.latency.p50,
    'latency p99 ms': result.latency.p99,
    'non-2xx': result.non2xx,
    errors: result.errors,
  };
}

async function rssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

const rows = [];

// 1. Reads, in memory.
{
  const { child, url } = await startServer([]);
  try {
    const run = await post(`${url}/maestro/runs`, { name: 'bench', owner: 'bench' });
    await postArtifacts(url, run.id, 100, 8);
    await fetch(`${url}/maestro/runs/${run.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"succeeded"}' });
    const gate = await (await fetch(`${url}/maestro/runs/${run.id}/release-gate`)).json();
    if (gate.message !== 'Release gate passed: 50 compliant artifact(s) found') throw new Error(`unexpected gate: ${JSON.stringify(gate)}`);
    for (const [name, target] of [
      ['GET /maestro/runs/{id}', `${url}/maestro/runs/${run.id}`],
      ['GET /maestro/runs/{id}/release-gate (100 artifacts)', `${url}/maestro/runs/${run.id}/release-gate`],
      ['GET /maestro/runs/{id}/manifest (100 artifacts)', `${url}/maestro/runs/${run.id}/manifest`],
    ]) {
      await autocannon({ url: target, connections: 16, duration: 2 }); // warm-up
      rows.push(summarize(name, await autocannon({ url: target, connections: 16, duration })));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

// 2. Durable writes.
{
  const data = await mkdtemp(path.join(tmpdir(), 'maestro-bench-'));
  const { child, url } = await startServer(['--data', data]);
  try {
    const run = await post(`${url}/maestro/runs`, { name: 'bench', owner: 'bench' });
    const body = JSON.stringify({ run_id: run.id, kind: 'other', path_or_uri: 's3://releases/x.tgz', metadata_json: COMPLIANT });
    rows.push(summarize('POST /maestro/artifacts with --data (fsync before 201)', await autocannon({ url: `${url}/maestro/artifacts`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 16, duration })));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    await rm(data, { recursive: true, force: true });
  }
}

// 3. Memory with many artifacts.
let memory;
{
  const { child, url } = await startServer([]);
  try {
    const idle = await rssMiB(child.pid);
    const run = await post(`${url}/maestro/runs`, { name: 'bench', owner: 'bench' });
    const started = Date.now();
    // autocannon as the client: a fetch loop would measure the client, not the server.
    const body = JSON.stringify({ run_id: run.id, kind: 'other', path_or_uri: 's3://releases/bundle.tgz', content_hash: `sha256:${'a'.repeat(64)}`, metadata_json: { ...COMPLIANT, additional_metadata: { build: 'bench' } } });
    const created = await autocannon({ url: `${url}/maestro/artifacts`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 16, amount: artifactCount });
    if (created['2xx'] !== artifactCount) throw new Error(`created ${created['2xx']} of ${artifactCount} artifacts`);
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const gateStarted = Date.now();
    await (await fetch(`${url}/maestro/runs/${run.id}/release-gate`)).json();
    memory = { artifacts: artifactCount, 'RSS idle MiB': idle, 'RSS loaded MiB': await rssMiB(child.pid), 'create rate /s': Math.round(artifactCount / seconds), [`release gate of ${artifactCount} artifacts ms`]: Date.now() - gateStarted };
  } finally {
    child.kill('SIGTERM');
  }
}

console.log(`maestro-gate serve benchmark: node ${process.version}, 16 connections, ${duration} s per run`);
console.table(rows);
console.table([memory]);
