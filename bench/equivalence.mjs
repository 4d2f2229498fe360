#!/usr/bin/env node
// What the Action hands a user, captured at a fixed time (SOURCE_DATE_EPOCH) so that two
// bundles can be compared: its outputs, every report file and the job summary (issue 12: the
// performance work must leave them unchanged in content). Annotations are left out: issue 14
// item 4 changes them on purpose.
//
//   node bench/equivalence.mjs --write [--dist DIR] [--only reports,summary]
//       regenerates test/fixtures/equivalence/*.json from the bundle in DIR (default: the
//       reference, main's bundle at REFERENCE_COMMIT, extracted with `git archive` into a temp
//       folder). Rerun it with `--only summary` after a deliberate change to the summary layout.
//   node bench/equivalence.mjs [--dist DIR]
//       compares DIR (default ./dist) with the goldens and exits 1 on a difference, as
//       test/report/equivalence.test.ts does for every case.
//
// Small cases are kept whole (parsed JSON, the summary text); large ones as the sha256 of their
// canonical form (JSON parsed and written with sorted keys), so the goldens stay small.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The bundle `--write` extracts by default. The committed goldens were last rewritten with
// `--dist dist` from the merge that added SARIF, GitHub attestations and the new summary layout
// (each golden's "source" says which), so they hold that renderer's output: the reference the
// performance work of issue 12 must keep.
export const REFERENCE_COMMIT = '0eab4ab';
export const GOLDEN_DIR = path.join(ROOT, 'test/fixtures/equivalence');
const EPOCH = '1764547200'; // 2025-12-01T00:00:00Z
const MiB = 1024 * 1024;

const FLAGS_TRUE = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };
const FLAGS_FALSE = { sbom_present: false, slsa_provenance_present: false, risk_assessment_present: false };

/** Deterministic manifests: remote artifacts, 90% non-compliant, and a few local files. */
function scenario(size) {
  const files = {};
  const artifacts = [];
  for (let index = 1; index <= size; index += 1) {
    const local = index % 1000 === 1;
    const body = `artifact ${index}\n`;
    if (local) files[`dist/a-${index}.txt`] = body;
    // Every third local artifact declares a wrong hash: an integrity failure in the reports.
    const declared = local && index % 3 === 0 ? 'sha256:' + '0'.repeat(64) : `sha256:${createHash('sha256').update(local ? body : String(index)).digest('hex')}`;
    artifacts.push({
      id: `component-${index}`,
      kind: 'other',
      path_or_uri: local ? `dist/a-${index}.txt` : `oci://registry.example.com/summit/component-${index}:1.4.2`,
      content_hash: declared,
      created_at: '2024-05-01T12:00:00Z',
      metadata_json: index % 10 === 1 ? FLAGS_TRUE : FLAGS_FALSE,
    });
  }
  const run = { id: `eq-${size}`, name: 'equivalence', owner: 'perf-team', status: 'succeeded' };
  files['maestro.json'] = `{"version": 1, "run": ${JSON.stringify(run)}, "artifacts": [\n  ${artifacts.map((artifact) => JSON.stringify(artifact)).join(',\n  ')}\n]}\n`;
  return files;
}

/** A failing one-artifact manifest too: the status failure and "what to do" paths. */
function failingScenario() {
  const run = { id: 'eq-failed', name: 'equivalence', owner: 'perf-team', status: 'failed' };
  const artifact = { id: 'lonely', kind: 'other', path_or_uri: 'oci://registry.example.com/lonely:1', metadata_json: FLAGS_FALSE };
  return { 'maestro.yml': `version: 1\nrun: ${JSON.stringify(run)}\nartifacts:\n  - ${JSON.stringify(artifact)}\n` };
}

export const CASES = [
  { name: '1-artifact', files: () => scenario(1), manifest: 'maestro.json', whole: true },
  { name: '1-artifact-failed', files: failingScenario, manifest: 'maestro.yml', whole: true },
  { name: '10k-artifacts', files: () => scenario(10_000), manifest: 'maestro.json', whole: false },
  // About 25 s and 1.3 GB of memory to run and compare: the test suite gives it a longer timeout.
  { name: '100k-artifacts', files: () => scenario(100_000), manifest: 'maestro.json', whole: false, slow: true },
];

function actionInputs() {
  // action.yml's defaults, read without a YAML parser (the keys are flat and simple).
  const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  const inputs = {};
  let current;
  for (const line of text.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line);
    if (name) current = name[1];
    const value = /^ {4}default:\s*(.*)$/.exec(line);
    if (value && current) inputs[current] = value[1].replace(/^'(.*)'$/, '$1');
    if (/^outputs:/.test(line)) break;
  }
  inputs['github-token'] = 'ghs_fake-token-for-equivalence';
  return inputs;
}

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

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Runs `distDir/index.js` as a runner would on the case; returns what a user is handed. */
export function capture(distDir, testCase) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'maestro-eq-'));
  try {
    const workspace = path.join(tmp, 'ws');
    for (const [name, text] of Object.entries(testCase.files())) {
      mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      writeFileSync(path.join(workspace, name), text);
    }
    const app = path.join(tmp, 'app');
    cpSync(distDir, path.join(app, 'dist'), { recursive: true });
    writeFileSync(path.join(app, 'package.json'), '{ "type": "module" }\n');
    const runner = path.join(tmp, 'runner');
    mkdirSync(runner);
    writeFileSync(path.join(runner, 'output'), '');
    writeFileSync(path.join(runner, 'summary.md'), '');
    const env = { PATH: process.env.PATH ?? '', HOME: tmp, SOURCE_DATE_EPOCH: EPOCH };
    Object.assign(env, {
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: path.join(runner, 'output'),
      GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REPOSITORY: 'summit/example',
      GITHUB_EVENT_NAME: 'push',
      RUNNER_TEMP: runner,
    });
    for (const [name, value] of Object.entries({ ...actionInputs(), manifest: testCase.manifest })) env[`INPUT_${name.toUpperCase()}`] = value;
    const result = spawnSync(process.execPath, [path.join(app, 'dist/index.js')], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 64 * MiB });
    const scrub = (text) => text.split(workspace).join('<workspace>').split(runner).join('<runner>');
    const outputs = JSON.parse(scrub(JSON.stringify(parseOutputFile(readFileSync(path.join(runner, 'output'), 'utf8')))));
    const reports = {};
    const reportDir = path.join(workspace, 'maestro-report');
    const walk = (folder, prefix) => {
      if (!existsSync(folder)) return;
      for (const entry of readdirSync(folder).sort()) {
        const full = path.join(folder, entry);
        if (statSync(full).isDirectory()) walk(full, `${prefix}${entry}/`);
        else {
          const text = scrub(readFileSync(full, 'utf8'));
          reports[`${prefix}${entry}`] = entry.endsWith('.json') || entry.endsWith('.sarif') ? canonical(JSON.parse(text)) : text;
        }
      }
    };
    walk(reportDir, '');
    const summary = scrub(readFileSync(path.join(runner, 'summary.md'), 'utf8'));
    const captured = { exitCode: result.status, outputs, reports, summary };
    if (testCase.whole) return captured;
    return {
      exitCode: captured.exitCode,
      outputs: Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, value.length > 200 ? `sha256:${sha256(value)}` : value])),
      reports: Object.fromEntries(Object.entries(reports).map(([key, value]) => [key, `sha256:${sha256(typeof value === 'string' ? value : JSON.stringify(value))}`])),
      summary: `sha256:${sha256(summary)}`,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Main's bundle at REFERENCE_COMMIT, extracted into a temp folder (the caller removes it). */
function referenceDist() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'maestro-ref-'));
  const archive = spawnSync('git', ['-C', ROOT, 'archive', REFERENCE_COMMIT, 'dist'], { maxBuffer: 256 * MiB });
  if (archive.status !== 0) throw new Error(`git archive ${REFERENCE_COMMIT} failed: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  return { dir: path.join(tmp, 'dist'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const goldenFile = (name) => path.join(GOLDEN_DIR, `${name}.json`);

export function readGolden(name) {
  return JSON.parse(readFileSync(goldenFile(name), 'utf8'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, dist: { type: 'string' }, only: { type: 'string' } } });
  const parts = values.only ? values.only.split(',') : ['reports', 'summary'];
  if (values.write) {
    const reference = values.dist ? { dir: path.resolve(values.dist), cleanup() {} } : referenceDist();
    try {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const testCase of CASES) {
        const captured = capture(reference.dir, testCase);
        const previous = existsSync(goldenFile(testCase.name)) ? readGolden(testCase.name) : {};
        const from = values.dist ? `bundle in ${values.dist}` : `dist/ at ${REFERENCE_COMMIT}`;
        const { source: previousSource, ...previousContent } = previous;
        const next = {
          // Which bundle wrote the reports, and which the summary, when they differ.
          source: parts.length === 2 || previousSource === undefined ? from : parts.includes('summary') ? `${previousSource}; summary from ${from}` : `${from}; summary from ${previousSource}`,
          ...(parts.includes('reports') ? captured : previousContent),
          summary: parts.includes('summary') ? captured.summary : previousContent.summary,
        };
        writeFileSync(goldenFile(testCase.name), `${JSON.stringify(next, null, 1)}\n`);
        console.log(`wrote ${path.relative(ROOT, goldenFile(testCase.name))}`);
      }
    } finally {
      reference.cleanup();
    }
  } else {
    const dist = path.resolve(values.dist ?? path.join(ROOT, 'dist'));
    let failed = false;
    for (const testCase of CASES) {
      const golden = readGolden(testCase.name);
      delete golden.source;
      const same = JSON.stringify(capture(dist, testCase)) === JSON.stringify(golden);
      console.log(`${testCase.name}: ${same ? 'same' : 'DIFFERENT'}`);
      failed ||= !same;
    }
    process.exitCode = failed ? 1 : 0;
  }
}
