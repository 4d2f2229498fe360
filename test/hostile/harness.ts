/**
 * The hostile-vector harness: runs one vector (a workspace, inputs, optionally a fault module
 * preloaded with `--import`) through the bundled Action (`dist/index.js`) as a GitHub runner
 * runs it, and checks what every vector must show to count as "no pass":
 *
 * - a non-zero exit, `passed` false and `outcome` the expected `error` or `failed`;
 * - a stable code: `errors.json` `errors[].code` for an error, or `compliance-report.json`
 *   `failures[].rule` and the failing artifact for a failed gate;
 * - a message that names the file, key path or artifact;
 * - no stack trace for user errors, and no byte of a non-manifest file (every such file here
 *   holds SECRET) in the log, the outputs, the summary or the report folder.
 *
 * Every vector also runs under `trace-fs.mjs`, which records the paths the gate opened: none may
 * lie outside the workspace. The test files of test/hostile/ each register their rows with it.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, test, type ExpectStatic } from 'vitest';
import { isInside } from '../../src/files/locations.js';
import { runActionInProcess } from '../helpers/in-process.js';
import { ROOT, runAction, type ActionRun } from '../helpers/runner.js';
import { makeWorkspace, sha256Of, type FileContent, type Workspace } from '../helpers/workspace.js';

export const FAULTS = path.join(ROOT, 'test/fixtures/faults');
export const HOSTILE = path.join(ROOT, 'test/fixtures/hostile');
export const OLD_HOSTILE = path.join(ROOT, 'test/fixtures/manifests/hostile');
export const EVIDENCE = path.join(ROOT, 'test/fixtures/evidence');

/** In every non-manifest file a vector writes; it must never be echoed anywhere. */
export const SECRET = 'SECRET-NOT-IN-ANY-MANIFEST-5d1c';
export const ARTIFACT_BYTES = `release bytes ${SECRET}\n`;
export const ARTIFACT_HASH = sha256Of(ARTIFACT_BYTES);
export const FLAGS = '{ sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }';
export const RUN = 'run:\n  name: release\n  owner: platform\n  status: succeeded\n';
/** A stack frame as V8 prints it. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m;

export type Expectation =
  | {
      outcome: 'error';
      /** `errors.json` holds an error with this code; null when the report folder itself is unusable. */
      code: string | null;
      /** Where the first error with that code points. */
      file?: string;
      path?: string;
      line?: number;
      /** Words a user must read: in the `message` output or in `errors.json`. */
      names: string[];
    }
  | { outcome: 'failed'; rule: string; artifact?: string; names: string[] };

export interface Vector {
  row: number;
  name: string;
  files?: Record<string, FileContent>;
  setup?: (ws: Workspace) => Promise<void>;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** A module of test/fixtures/faults, preloaded; MAESTRO_FAULT_TARGET is `faultTarget`. */
  fault?: string;
  faultTarget?: string;
  expect: Expectation;
  /** An internal fault may log its stack; a user error never does. */
  internal?: boolean;
  /** Absolute paths (computed from the workspace) the gate must never open, stat or resolve. */
  untouched?: (ws: Workspace) => string[];
  /** Extra checks on what the user sees. */
  check?: (run: ActionRun, ws: Workspace, expect: ExpectStatic) => Promise<void> | void;
}

export interface Artifact {
  id?: string;
  path: string;
  hash?: string | null;
  flags?: string;
  evidence?: Record<string, string>;
}

/** A succeeded run whose artifacts (by default) declare all three flags and the right digest. */
export function manifest(artifacts: Artifact[], extra = ''): string {
  const lines = [RUN.trimEnd(), 'artifacts:'];
  for (const artifact of artifacts) {
    lines.push('  - kind: other');
    if (artifact.id !== undefined) lines.push(`    id: ${JSON.stringify(artifact.id)}`);
    lines.push(`    path_or_uri: ${JSON.stringify(artifact.path)}`);
    const hash = artifact.hash === undefined ? ARTIFACT_HASH : artifact.hash;
    if (hash !== null) lines.push(`    content_hash: ${hash}`);
    lines.push(`    metadata_json: ${artifact.flags ?? FLAGS}`);
    if (artifact.evidence) lines.push(`    evidence: ${JSON.stringify(artifact.evidence)}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

export const fixtureFile = (folder: string, name: string): Promise<Buffer> => readFile(path.join(folder, name));
export const workspaces: Workspace[] = [];
afterAll(async () => {
  await Promise.all(workspaces.splice(0).map((ws) => ws.cleanup()));
});

/**
 * The files under `folder` that hold `text` (none when the folder does not exist). Searched as
 * bytes: the reports of the large vectors are hundreds of MB, and decoding them only to search
 * for an ASCII string cost seconds.
 */
export async function filesContaining(folder: string, text: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const found = await Promise.all(files.map(async (file) => ((await readFile(file).catch(() => Buffer.alloc(0))).includes(text) ? [file] : [])));
  return found.flat();
}

export async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface ErrorsJson {
  outcome: string;
  passed: boolean;
  message: string;
  errors: { code: string; file?: string; line?: number; column?: number; path?: string; message: string }[];
}

export interface ComplianceJson {
  release_gate_passed: boolean;
  release_gate_message: string;
  failures: { rule: string; message: string; artifact_ids: string[] }[];
  artifacts: { artifact_id: string; compliant: boolean; reasons: string[] }[];
  summary: { total_artifacts: number; compliant_artifacts: number };
}

/**
 * How a vector runs: `dist` spawns the bundle as a runner does (under trace-fs.mjs and the
 * vector's fault module); `in-process` calls src/main.ts's `run()` in this process
 * (test/helpers/in-process.ts), tracing the same calls. Both are judged by the same checks below.
 */
export type Mode = 'dist' | 'in-process';

/** A preloaded fault, the watchdog or another summary file can only be shown by a process. */
export function needsProcess(vector: Vector): boolean {
  const env = vector.env ?? {};
  return vector.fault !== undefined || 'MAESTRO_GATE_TIMEOUT_MS' in env || 'GITHUB_STEP_SUMMARY' in env;
}

/** Runs one vector and checks what every vector must show; returns the run for extra checks. */
export async function runVector(vector: Vector, expect: ExpectStatic, mode: Mode = 'dist'): Promise<{ run: ActionRun; ws: Workspace }> {
  if (mode === 'in-process' && needsProcess(vector)) throw new Error(`row ${vector.row} ${vector.name}: needs a process of its own`);
  const ws = await makeWorkspace(vector.files ?? {});
  workspaces.push(ws);
  await vector.setup?.(ws);
  const inputs = { 'upload-report': 'false', ...vector.inputs };
  const env = { ...(vector.faultTarget === undefined ? {} : { MAESTRO_FAULT_TARGET: vector.faultTarget }), ...vector.env };
  const { run, traced } = mode === 'dist' ? await spawnVector(vector, ws, inputs, env) : await inProcessVector(ws, inputs, env);
  const log = `exit ${run.code} ${run.signal}\n--- stdout\n${run.stdout.slice(0, 4000)}\n--- stderr\n${run.stderr.slice(0, 2000)}`;

  // No pass, ever.
  expect(run.code, log).not.toBe(0);
  expect(run.code, log).not.toBeNull();
  expect(run.outputs.passed, log).toBe('false');
  expect(run.outputs.outcome, log).toBe(vector.expect.outcome);

  const reportDir = path.resolve(ws.root, vector.inputs?.['report-dir'] ?? 'maestro-report');
  const message = run.outputs.message ?? '';
  if (vector.expect.outcome === 'error') {
    const { code, names } = vector.expect;
    const errors = (await readJson(path.join(reportDir, 'errors.json'))) as ErrorsJson | undefined;
    let visible = message;
    if (code !== null) {
      expect(errors, `errors.json in ${reportDir}\n${log}`).toBeDefined();
      expect(errors!).toMatchObject({ outcome: 'error', passed: false });
      const codes = errors!.errors.map((error) => error.code);
      expect(codes, log).toContain(code);
      const first = errors!.errors.find((error) => error.code === code)!;
      if (vector.expect.file !== undefined) expect(first.file).toBe(vector.expect.file);
      if (vector.expect.path !== undefined) expect(first.path).toBe(vector.expect.path);
      if (vector.expect.line !== undefined) expect(first.line).toBe(vector.expect.line);
      visible += `\n${errors!.errors.map((error) => `${error.file ?? ''}:${error.line ?? ''}:${error.column ?? ''} ${error.path ?? ''}: ${error.message}`).join('\n')}`;
    }
    for (const name of names) expect(visible, `the user must read '${name}'`).toContain(name);
    // No report may claim a verdict the run did not reach.
    const gate = await readJson(path.join(reportDir, 'release-gate.json'));
    if (gate !== undefined) expect(gate.passed).toBe(false);
  } else {
    const { rule, artifact, names } = vector.expect;
    const report = (await readJson(path.join(reportDir, 'compliance-report.json'))) as ComplianceJson | undefined;
    expect(report, `compliance-report.json\n${log}`).toBeDefined();
    expect(report!.release_gate_passed).toBe(false);
    const failure = report!.failures.find((entry) => entry.rule === rule);
    expect(failure, `failures: ${JSON.stringify(report!.failures)}`).toBeDefined();
    if (artifact !== undefined) {
      expect(failure!.artifact_ids).toContain(artifact);
      expect(report!.artifacts.find((entry) => entry.artifact_id === artifact)?.compliant).toBe(false);
      // The service's own sentences name no artifact ("No artifacts meet compliance requirements
      // (…)"): then the artifact's warning annotation, at its line in the manifest, names it.
      const named = message.includes(artifact) || run.annotations.some((annotation) => annotation.level === 'warning' && `${annotation.properties.title ?? ''} ${annotation.message}`.includes(artifact));
      expect(named, `'${artifact}' named in the message or a warning annotation`).toBe(true);
    }
    for (const name of names) expect(message, `the message must name '${name}'`).toContain(name);
    expect(await readJson(path.join(reportDir, 'release-gate.json'))).toMatchObject({ passed: false });
  }

  if (!vector.internal) {
    expect(run.stdout, 'no stack trace for a user error').not.toMatch(STACK_FRAME);
    expect(run.stderr, 'no stack trace for a user error').not.toMatch(STACK_FRAME);
  }
  // A refused report-dir (the workspace itself, say) holds the vector's own files: not a report.
  const seen = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
  expect(seen.includes(SECRET), 'the content of a non-manifest file was echoed').toBe(false);
  const reports = isInside(ws.root, reportDir) && reportDir !== ws.root ? await filesContaining(reportDir, SECRET) : [];
  expect(reports, 'the content of a non-manifest file was echoed in the report folder').toEqual([]);

  const opened = traced.filter((line) => line.startsWith('open ')).map((line) => line.slice('open '.length));
  const outside = opened.filter((file) => !file.startsWith('file://') && !isInside(ws.root, path.resolve(ws.root, file)));
  expect(outside, 'files opened outside the workspace').toEqual([]);
  for (const forbidden of vector.untouched?.(ws) ?? []) {
    expect(traced.filter((line) => line.endsWith(` ${forbidden}`) || line.includes(`${forbidden}/`)), `${forbidden} was looked at`).toEqual([]);
  }
  await vector.check?.(run, ws, expect);
  return { run, ws };
}

async function inProcessVector(ws: Workspace, inputs: Record<string, string>, env: Record<string, string>): Promise<{ run: ActionRun; traced: string[] }> {
  const { traced, ...run } = await runActionInProcess({ workspace: ws.root, inputs, env });
  return { run, traced };
}

async function spawnVector(vector: Vector, ws: Workspace, inputs: Record<string, string>, env: Record<string, string>): Promise<{ run: ActionRun; traced: string[] }> {
  const trace = `${ws.root}.trace`;
  const nodeArgs = ['--import', path.join(FAULTS, 'trace-fs.mjs')];
  if (vector.fault) nodeArgs.push('--import', path.join(FAULTS, vector.fault));
  const run = await runAction({ workspace: ws.root, inputs, env: { MAESTRO_TRACE_FILE: trace, ...env }, nodeArgs });
  const traced = (await readFile(trace, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  await rm(trace, { force: true });
  return { run, traced };
}

/** Rows of this test file that already have a vector through dist/. */
const rowsThroughDist = new Set<number>();

/**
 * Registers `vectors` as tests. Through dist/, side by side: the first vector of each row and
 * every vector that needs a process (`needsProcess`); the others run in-process, one at a time,
 * after them (in-process runs share the process's environment and current folder).
 */
export function vectors(title: string, list: Vector[]): void {
  const modes = list.map((vector): Mode => {
    if (needsProcess(vector) || !rowsThroughDist.has(vector.row)) {
      rowsThroughDist.add(vector.row);
      return 'dist';
    }
    return 'in-process';
  });
  const named = (mode: Mode) => list.filter((_, index) => modes[index] === mode).map((vector) => [`row ${vector.row}: ${vector.name} (${mode})`, vector] as const);
  describe(title, () => {
    const spawned = named('dist');
    const inProcess = named('in-process');
    if (spawned.length > 0) {
      test.concurrent.for(spawned)('%s', async ([, vector], { expect }) => {
        await runVector(vector, expect, 'dist');
      });
    }
    if (inProcess.length > 0) {
      test.for(inProcess)('%s', async ([, vector], { expect }) => {
        await runVector(vector, expect, 'in-process');
      });
    }
  });
  registered.push(...list);
}
export const registered: Vector[] = [];

export const error = (code: string | null, names: string[], where: { file?: string; path?: string; line?: number } = {}): Expectation => ({ outcome: 'error', code, names, ...where });
export const failed = (rule: string, artifact: string | undefined, names: string[] = []): Expectation => ({ outcome: 'failed', rule, artifact, names });
export const inManifest = (content: FileContent, extra: Record<string, FileContent> = {}): Record<string, FileContent> => ({ 'maestro.yml': content, ...extra });

/**
 * A hostile input is refused quickly and without a memory spike. A bare start of the bundle is
 * ~70 MiB and ~150 ms on the 2-core machine (the alias bomb: 75 MiB, 133 ms); the bounds leave
 * room for five of these running at once on a loaded CI machine.
 */
export function expectCheap(run: ActionRun, expect: ExpectStatic, bounds: { mib: number; ms: number } = { mib: 200, ms: 2_500 }): void {
  const measured = /maestro-measure rss_kib=(\d+) ms=(\d+)/.exec(run.stderr);
  expect(measured, run.stderr).not.toBeNull();
  const [, rssKib, ms] = measured!;
  expect(Number(rssKib)).toBeLessThan(bounds.mib * 1024);
  expect(Number(ms)).toBeLessThan(bounds.ms);
}
