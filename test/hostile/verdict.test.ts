/**
 * HOSTILE.md rows 29, 31, 33, 35 and 39–42, through the bundled Action as the runner runs it:
 * what later steps read (outputs, summary, report folder) can never say "passed" when the run did
 * not pass, and nothing a manifest, an input or the environment holds can forge or hide it.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startFakeGitHubApi, type FakeGitHubApi } from '../fakes/github-api.js';
import { runAction, type ActionRun } from '../helpers/runner.js';
import { makeWorkspace, type Workspace } from '../helpers/workspace.js';
import { ARTIFACT_BYTES, error, failed, FAULTS, FLAGS, inManifest, manifest, readJson, registered, RUN, vectors, workspaces, type Vector } from './harness.js';

const PASSING = { 'dist/app.tgz': ARTIFACT_BYTES, 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) };
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const ANY_FORMAT_CHARACTER = /\p{Cf}/u;

/** What a later step sees must not say passed, whatever ended the run. */
function expectNoPass(run: ActionRun, label: string): void {
  expect(run.code, label).not.toBe(0);
  expect(run.outputs.passed, label).not.toBe('true');
  expect(run.outputs.outcome, label).not.toBe('passed');
  expect(run.summary.trimStart().startsWith('## ✅'), `${label}: the summary opens with a pass`).toBe(false);
}

async function reportFiles(ws: Workspace, folder = 'maestro-report'): Promise<string[]> {
  const entries = await readdir(ws.path(folder), { recursive: true }).catch(() => []);
  return entries.map(String).sort();
}

/* ------------------------------------------------- row 29: failures after the verdict */

describe('row 29: whatever fails after the verdict ends as passed=false, outcome=error', () => {
  const servers: FakeGitHubApi[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  async function passingWorkspace(): Promise<Workspace> {
    const ws = await makeWorkspace(PASSING);
    workspaces.push(ws);
    return ws;
  }

  /** A pull-request run whose comment API never answers. */
  type Child = Parameters<NonNullable<Parameters<typeof runAction>[0]['onStart']>>[0];
  // onStart gets this run's own fake API: the tests run concurrently, so "the newest server" may be another test's.
  async function hungComment(ws: Workspace, extra: { env?: Record<string, string>; onStart?: (child: Child, api: FakeGitHubApi) => void } = {}) {
    const api = await startFakeGitHubApi();
    servers.push(api);
    api.fault({ delayMs: 600_000 });
    const eventPath = `${ws.root}.event.json`;
    await writeFile(eventPath, JSON.stringify({ number: 7, pull_request: { number: 7 } }));
    const run = await runAction({
      workspace: ws.root,
      inputs: { 'upload-report': 'false', 'comment-on-pr': 'true' },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: api.url, ...extra.env },
      onStart: extra.onStart && ((child) => extra.onStart!(child, api)),
    });
    return { api, run };
  }

  async function expectRetracted(run: ActionRun, ws: Workspace, words: string): Promise<void> {
    expectNoPass(run, words);
    expect(run.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(run.outputs.message).toContain(words);
    expect(run.summary).toContain('Release gate not evaluated');
    // The verdict files it had written are replaced: an uploaded or later-read folder says error.
    expect(await readJson(ws.path('maestro-report/release-gate.json'))).toBeUndefined();
    expect(await readJson(ws.path('maestro-report/errors.json'))).toMatchObject({ outcome: 'error', passed: false });
  }

  test.concurrent('the watchdog fires while the PR comment hangs', async () => {
    const ws = await passingWorkspace();
    const { run } = await hungComment(ws, { env: { MAESTRO_GATE_TIMEOUT_MS: '2500' } });
    await expectRetracted(run, ws, 'did not finish within');
  });

  test.concurrent('SIGTERM arrives while the PR comment hangs', async () => {
    const ws = await passingWorkspace();
    const { run } = await hungComment(ws, {
      onStart: (child, api) => {
        // Once the request is in flight the verdict has been reached: stop the step then.
        const poll = setInterval(() => {
          if (api.requests.length > 0) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 20);
      },
    });
    expect(run.code).toBe(143);
    await expectRetracted(run, ws, 'stopped by SIGTERM');
  });

  test.concurrent('an uncaught exception while the summary is written', async () => {
    const ws = await passingWorkspace();
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false' }, nodeArgs: ['--import', path.join(FAULTS, 'after-verdict.mjs')], env: { MAESTRO_FAULT_TARGET: 'throw' } });
    await expectRetracted(run, ws, 'uncaught exception');
  });

  test.concurrent('a summary write that never settles, ended by the watchdog', async () => {
    const ws = await passingWorkspace();
    const run = await runAction({
      workspace: ws.root,
      inputs: { 'upload-report': 'false' },
      nodeArgs: ['--import', path.join(FAULTS, 'after-verdict.mjs')],
      env: { MAESTRO_FAULT_TARGET: 'hang', MAESTRO_GATE_TIMEOUT_MS: '2500' },
    });
    await expectRetracted(run, ws, 'did not finish within');
  });

  test.concurrent('out of memory after the verdict: the process aborts before any output says passed', async () => {
    const ws = await passingWorkspace();
    const run = await runAction({
      workspace: ws.root,
      inputs: { 'upload-report': 'false' },
      nodeArgs: ['--max-old-space-size=96', '--import', path.join(FAULTS, 'after-verdict.mjs')],
      env: { MAESTRO_FAULT_TARGET: 'oom' },
    });
    expectNoPass(run, 'oom');
    // No handler runs on a V8 abort: the outputs were simply never written.
    expect(run.outputs.passed).toBeUndefined();
    expect(run.stderr).toMatch(/heap out of memory|Allocation failed/);
  });
});

/* ------------------------------------------------- row 31: no vacuous pass by waiver */

const runWaiver = (rule: string, status = 'succeeded'): string =>
  `run:\n  name: release\n  owner: platform\n  status: ${status}\nartifacts: []\npolicy:\n  waivers:\n    - { run: true, rule: ${rule}, reason: nothing to ship, owner: sec, expires: '${day(30)}' }\n`;

vectors('row 31: zero artifacts never pass, whatever is waived', [
  { row: 31, name: 'a has_artifacts waiver is invalid', files: inManifest(runWaiver('has_artifacts')), expect: error('INVALID_VALUE', ['maestro.yml', 'has_artifacts'], { path: 'policy.waivers[0].rule', line: 8 }) },
  {
    row: 31,
    name: 'has_artifacts waived for named artifacts',
    files: inManifest(`${RUN}artifacts: []\npolicy:\n  waivers:\n    - { artifact_ids: [a], rule: has_artifacts, reason: r, owner: o, expires: '${day(30)}' }\n`),
    expect: error('INVALID_VALUE', ['maestro.yml', 'has_artifacts'], { path: 'policy.waivers[0].rule' }),
  },
  {
    row: 31,
    name: 'has_artifacts waived in a JSON manifest',
    inputs: { manifest: 'maestro.json' },
    files: { 'maestro.json': JSON.stringify({ run: { name: 'r', owner: 'o', status: 'succeeded' }, policy: { waivers: [{ run: true, rule: 'has_artifacts', reason: 'r', owner: 'o', expires: day(30) }] } }) },
    expect: error('INVALID_VALUE', ['maestro.json', 'has_artifacts'], { path: 'policy.waivers[0].rule' }),
  },
  { row: 31, name: 'min_compliant_artifacts waived, no artifacts', files: inManifest(runWaiver('min_compliant_artifacts')), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
  { row: 31, name: 'require_evidence waived, no artifacts', files: inManifest(runWaiver('require_evidence')), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
  { row: 31, name: 'every flag waived, no artifacts', files: inManifest(runWaiver('sbom_present').replace(/( {4}- .*\n)$/, (line) => `${line}${line.replace('sbom_present', 'slsa_provenance_present')}${line.replace('sbom_present', 'risk_assessment_present')}`)), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
  {
    row: 31,
    name: 'run_succeeded and min_compliant_artifacts waived on a pending run with no artifacts',
    files: inManifest(
      `run:\n  name: r\n  owner: o\n  status: pending\nartifacts: []\npolicy:\n  waivers:\n    - { run: true, rule: run_succeeded, reason: r, owner: o, expires: '${day(30)}' }\n    - { run: true, rule: min_compliant_artifacts, reason: r, owner: o, expires: '${day(30)}' }\n`,
    ),
    expect: failed('has_artifacts', undefined, ['No artifacts found for this run']),
  },
  { row: 31, name: 'min-compliant 0 is not a way around it', files: inManifest(`${RUN}artifacts: []\npolicy: { min_compliant_artifacts: 0 }\n`), expect: error('INVALID_VALUE', ['maestro.yml', 'min_compliant_artifacts'], { path: 'policy.min_compliant_artifacts' }) },
]);

/* ------------------------------------------------- row 33: the clock is the real one */

const missingFlag = manifest([{ id: 'app', path: 'dist/app.tgz', flags: '{ sbom_present: true, slsa_provenance_present: true }' }]);
const expiredWaiver = (expires: string): string => `policy:\n  waivers:\n    - { artifact_ids: [app], rule: risk_assessment_present, reason: accepted, owner: sec, expires: '${expires}' }\n`;
const oldClocks = [
  ['SOURCE_DATE_EPOCH=0', { SOURCE_DATE_EPOCH: '0' }],
  ['SOURCE_DATE_EPOCH a year back', { SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000) - 365 * 86_400) }],
  ['SOURCE_DATE_EPOCH the day before expiry, and TZ far west', { SOURCE_DATE_EPOCH: String(Math.floor(Date.now() / 1000) - 3 * 86_400), TZ: 'Etc/GMT+12' }],
] as const;

vectors('row 33: SOURCE_DATE_EPOCH in the past brings nothing back into force', [
  ...oldClocks.map(
    ([name, env]): Vector => ({
      row: 33,
      name: `an expired waiver with ${name}`,
      files: inManifest(`${missingFlag}${expiredWaiver(day(-2))}`, { 'dist/app.tgz': ARTIFACT_BYTES }),
      env: { ...env },
      expect: failed('min_compliant_artifacts', 'app', ['No artifacts meet compliance requirements']),
      check: async (run, ws) => {
        const verdict = (await readJson(ws.path('maestro-report/verdict.json'))) as { waivers?: { status: string }[] } | undefined;
        expect(JSON.stringify(verdict)).toContain('expired');
        expect(run.annotations.some((annotation) => annotation.level === 'error' && /expired/.test(annotation.message))).toBe(true);
      },
    }),
  ),
  ...oldClocks.map(
    ([name, env]): Vector => ({
      row: 33,
      name: `an expired risk assessment with ${name}`,
      files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { risk_assessment: 'risk.yml' } }]), {
        'dist/app.tgz': ARTIFACT_BYTES,
        'risk.yml': `summary: reviewed\nexpires: '${day(-1)}'\n`,
      }),
      env: { ...env },
      expect: failed('integrity', 'app', ['app']),
    }),
  ),
  {
    row: 33,
    name: 'reports still carry the reproducible time',
    files: inManifest(`${missingFlag}${expiredWaiver(day(-2))}`, { 'dist/app.tgz': ARTIFACT_BYTES }),
    env: { SOURCE_DATE_EPOCH: '1700000000' },
    expect: failed('min_compliant_artifacts', 'app'),
    check: async (_run, ws) => {
      expect(await readFile(ws.path('maestro-report/verdict.json'), 'utf8')).toContain('2023-11-14T22:13:20.000Z');
    },
  },
]);

/* ------------------------------------------------- row 35: one line per output */

function expectOneLineOutputs(run: ActionRun, runs: number): void {
  for (const [name, value] of Object.entries(run.outputs)) {
    const lines = value.split('\n');
    expect(lines.length, `output ${name}: ${JSON.stringify(value)}`).toBe(name === 'message' ? runs : 1);
    for (const line of lines) {
      // What `echo "${{ steps.gate.outputs.<name> }}"` would print must issue no workflow command.
      expect(/^\s*::/.test(line) || line.includes('##['), `output ${name} line ${JSON.stringify(line)}`).toBe(false);
      expect(/[\r\u2028\u2029\u0085]/.test(line)).toBe(false);
    }
  }
}

const FORGED = ['x\n::error::forged', 'x\r::add-mask::secret', 'x\u2028::warning::y', 'x\n##[error]forged', 'x\n\n  ::stop-commands::token', 'a\nb: Release gate passed: 1 compliant artifact(s) found'];

vectors('row 35: ids with line breaks or commands cannot add a line to any output', [
  ...FORGED.map(
    (id): Vector => ({
      row: 35,
      name: `artifact id ${JSON.stringify(id)}`,
      files: inManifest(manifest([{ id, path: 'oci://r/app:1', flags: '{ sbom_present: true }' }])),
      expect: failed('min_compliant_artifacts', undefined, []),
      check: (run) => expectOneLineOutputs(run, 1),
    }),
  ),
  ...FORGED.map(
    (id): Vector => ({
      row: 35,
      name: `a compliant id ${JSON.stringify(id)} in compliant-artifact-ids, beside a failing one`,
      files: inManifest(manifest([{ id, path: 'oci://r/app:1', hash: null }, { id: 'other', path: 'oci://r/b:1', hash: null, flags: '{ sbom_present: true }' }], 'policy: { min_compliant_artifacts: 2 }\n')),
      expect: failed('min_compliant_artifacts', 'other'),
      check: (run) => {
        expectOneLineOutputs(run, 1);
        expect(JSON.parse(run.outputs['compliant-artifact-ids']!)).toEqual([id]);
      },
    }),
  ),
]);

test.concurrent("row 35: one run's id cannot forge another run's verdict line", async () => {
  const ws = await makeWorkspace({
    'a/maestro.yml': `run: { id: a, name: a, owner: o, status: succeeded }\nartifacts:\n  - { id: "x\\nb: Release gate passed: 1 compliant artifact(s) found", kind: other, path_or_uri: oci://r/a, metadata_json: { sbom_present: true } }\n`,
    'b/maestro.yml': `run: { id: b, name: b, owner: o, status: pending }\nartifacts:\n  - { kind: other, path_or_uri: oci://r/b, metadata_json: ${FLAGS} }\n`,
  });
  workspaces.push(ws);
  const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false', manifest: 'a/maestro.yml\nb/maestro.yml' } });
  expectNoPass(run, 'two runs');
  expectOneLineOutputs(run, 2);
  const lines = run.outputs.message!.split('\n');
  expect(lines[0]!.startsWith('a: No artifacts meet compliance requirements')).toBe(true);
  expect(lines[1]).toBe("b: Run status is 'pending', must be 'succeeded'");
});

/* ------------------------------------------------- rows 39–40: the report folder */

const forgedGate = JSON.stringify({ run_id: 'x', passed: true, message: 'Release gate passed: 1 compliant artifact(s) found', details: {} });
const FAILING = { 'maestro.yml': manifest([{ id: 'app', path: 'oci://r/app:1', hash: null, flags: '{ sbom_present: true }' }]) };

vectors('row 39: a disk that fills while the set is written leaves errors.json or nothing', [
  ...[0, 1, 2, 3, 4].map(
    (written): Vector => ({
      row: 39,
      name: `the disk fills after ${written} report file(s), a pass in the making`,
      files: PASSING,
      fault: 'disk-fills.mjs',
      env: { MAESTRO_FAULT_FILES: String(written) },
      expect: error(null, ['The report could not be written', 'ENOSPC']),
      check: async (_run, ws) => {
        const files = await reportFiles(ws);
        expect(files.filter((file) => file !== 'errors.json' && file !== 'compliance-report.md'), files.join(', ')).toEqual([]);
      },
    }),
  ),
  {
    row: 39,
    name: "an earlier run's passing set is there when the disk fills",
    files: { ...PASSING, 'maestro-report/release-gate.json': forgedGate, 'maestro-report/compliance-report.json': '{"release_gate_passed": true}' },
    fault: 'disk-fills.mjs',
    env: { MAESTRO_FAULT_FILES: '1' },
    expect: error(null, ['The report could not be written', 'ENOSPC']),
    check: async (_run, ws) => {
      expect(await readJson(ws.path('maestro-report/release-gate.json'))).toBeUndefined();
      expect(await readJson(ws.path('maestro-report/compliance-report.json'))).toBeUndefined();
    },
  },
]);

vectors('row 40: only this run’s files are in the report folder', [
  {
    row: 40,
    name: 'a committed release-gate.json saying passed, and a failing manifest',
    files: { ...FAILING, 'maestro-report/release-gate.json': forgedGate },
    expect: failed('min_compliant_artifacts', 'app'),
    check: async (_run, ws) => expect(await readJson(ws.path('maestro-report/release-gate.json'))).toMatchObject({ passed: false }),
  },
  {
    row: 40,
    name: 'a committed passing set, and an invalid manifest',
    files: { 'maestro.yml': 'run: {}\n', 'maestro-report/release-gate.json': forgedGate, 'maestro-report/verdict.json': '{"outcome": "passed"}' },
    expect: error('MISSING_FIELD', ['maestro.yml']),
    check: async (_run, ws) => expect(await reportFiles(ws)).toEqual(['compliance-report.md', 'errors.json']),
  },
  {
    row: 40,
    name: "an earlier run's subfolders beside a single run",
    files: { ...FAILING, 'maestro-report/old-run/release-gate.json': forgedGate, 'maestro-report/old-run/compliance-report.json': '{}' },
    expect: failed('min_compliant_artifacts', 'app'),
    check: async (_run, ws) => expect((await reportFiles(ws)).some((file) => file.startsWith('old-run'))).toBe(false),
  },
  {
    row: 40,
    name: 'a stray errors.json from an earlier error beside a new verdict',
    files: { ...FAILING, 'maestro-report/errors.json': '{"outcome": "error"}' },
    expect: failed('min_compliant_artifacts', 'app'),
    check: async (_run, ws) => expect(await reportFiles(ws)).not.toContain('errors.json'),
  },
  ...[
    ['a file of the user’s', 'maestro-report/notes.txt', 'notes.txt'],
    ['a source folder', 'maestro-report/src/index.ts', 'src/index.ts'],
    ['a file with a report name in a nested folder', 'maestro-report/a/b/release-gate.json', 'a/b/'],
  ].map(
    ([what, file, named]): Vector => ({
      row: 40,
      name: `report-dir holds ${what}: refused, and left as it was`,
      files: { ...FAILING, [file!]: 'keep me\n' },
      expect: error(null, ['report-dir', 'did not write', named!]),
      check: async (_run, ws) => expect(await readFile(ws.path(file!), 'utf8')).toBe('keep me\n'),
    }),
  ),
  {
    row: 40,
    name: 'a symlink inside report-dir: refused, never followed',
    files: FAILING,
    setup: async (ws) => {
      await mkdir(ws.path('maestro-report'));
      const outside = await ws.sibling('-out');
      await ws.symlink('maestro-report/release-gate.json', path.join(outside, 'release-gate.json'));
    },
    expect: error(null, ['report-dir', 'did not write', 'release-gate.json']),
  },
]);

/* ------------------------------------------------- row 41: prototype members as inputs */

vectors('row 41: inputs naming Object.prototype members are input errors', [
  ...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'].map(
    (value): Vector => ({ row: 41, name: `run-status: ${value}`, files: PASSING, inputs: { 'run-status': value }, expect: error('INVALID_INPUT', [`run-status: '${value}'`, 'pending, running, succeeded']) }),
  ),
  ...['fail-on-gate', 'require-evidence', 'upload-report', 'comment-on-pr'].map(
    (input): Vector => ({ row: 41, name: `${input}: constructor`, files: PASSING, inputs: { [input]: 'constructor' }, expect: error('INVALID_INPUT', [`${input}: 'constructor'`, 'true, false']) }),
  ),
]);

/* ------------------------------------------------- row 42: invisible format characters */

const FORMAT_CHARACTERS = ['\uFFF9', '\uFFFA', '\uFFFB', '\u{E0001}', '\u{E0041}', '\u{E007F}', '\u2060', '\u00AD', '\u206F', '\uFEFF', '\u200D'];

vectors('row 42: format characters are visible in the summary, the log and annotations', [
  ...FORMAT_CHARACTERS.map((char): Vector => {
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      row: 42,
      name: `${code} in an artifact id and the run name`,
      files: inManifest(
        manifest([{ id: `web${char}bundle`, path: 'oci://r/app:1', hash: null, flags: '{ sbom_present: true }' }]).replace('name: release', `name: rel${char}ease`),
      ),
      expect: failed('min_compliant_artifacts', undefined),
      check: (run) => {
        expect(ANY_FORMAT_CHARACTER.test(run.summary), `summary holds ${code}`).toBe(false);
        expect(run.summary).toContain(`⟨${code}⟩`);
        expect(ANY_FORMAT_CHARACTER.test(run.stdout), `log holds ${code}`).toBe(false);
        for (const annotation of run.annotations) expect(ANY_FORMAT_CHARACTER.test(`${annotation.message}${annotation.properties.title ?? ''}`)).toBe(false);
      },
    };
  }),
]);

test('rows 31, 33, 35 and 39–42 each have several vectors (row 29: the five written out above)', () => {
  for (const row of [31, 33, 35, 39, 40, 41, 42]) {
    expect(registered.filter((vector) => vector.row === row).length, `row ${row}`).toBeGreaterThanOrEqual(3);
  }
});
