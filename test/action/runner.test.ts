/**
 * src/action/runner.ts speaks the runner's protocol in place of @actions/core (whose import costs
 * a third of the cold start). Here @actions/core itself is the oracle: the same calls with the
 * same values must write the same bytes to stdout, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../src/action/runner.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'maestro-runner-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(folder, { recursive: true, force: true });
});

/** What `write` printed to stdout. */
function stdoutOf(write: () => void): string {
  let text = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  try {
    write();
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return text;
}

const VALUES = ['plain', '', 'two\nlines\r\n', '100% done: a, b', '::error::forged', 'ünïcödé 😀', 'ghadelimiter_not-ours'];

describe('annotations and log lines', () => {
  const properties: runner.AnnotationProperties[] = [
    {},
    { title: 'Gate: failed, twice' },
    { title: 't', file: 'sub dir/maestro.yml', startLine: 12, startColumn: 5 },
    { file: 'a:b,c%d.yml', startLine: 1 },
    { title: '', file: 'm.yml', startLine: 0 },
  ];

  it.each(VALUES)('error and warning encode %j as @actions/core does, with every kind of location', (message) => {
    for (const where of properties) {
      expect(stdoutOf(() => runner.error(message, where))).toBe(stdoutOf(() => core.error(message, where)));
      expect(stdoutOf(() => runner.warning(message, where))).toBe(stdoutOf(() => core.warning(message, where)));
    }
    expect(stdoutOf(() => runner.notice(message))).toBe(stdoutOf(() => core.notice(message)));
    expect(stdoutOf(() => runner.info(message))).toBe(stdoutOf(() => core.info(message)));
  });

  it('setFailed fails the job and says why, as @actions/core does', () => {
    const before = process.exitCode;
    try {
      process.exitCode = 0;
      const ours = stdoutOf(() => runner.setFailed('no: gate\nfailed'));
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
      expect(ours).toBe(stdoutOf(() => core.setFailed('no: gate\nfailed')));
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = before;
    }
  });
});

describe('outputs', () => {
  /** A GITHUB_OUTPUT file with its random delimiters replaced, so two writers can be compared. */
  const normalised = (file: string): string => readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');

  it.each(VALUES)('write %j to GITHUB_OUTPUT in the same block as @actions/core', (value) => {
    const ours = path.join(folder, 'ours');
    const theirs = path.join(folder, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    vi.stubEnv('GITHUB_OUTPUT', ours);
    runner.setOutput('message', value);
    vi.stubEnv('GITHUB_OUTPUT', theirs);
    core.setOutput('message', value);
    expect(normalised(ours)).toBe(normalised(theirs));
    expect(normalised(ours)).toContain(`message<<DELIMITER\n${value}\nDELIMITER\n`);
  });

  it('uses a fresh delimiter for every output', () => {
    const file = path.join(folder, 'output');
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    runner.setOutput('a', '1');
    runner.setOutput('b', '2');
    const delimiters = readFileSync(file, 'utf8').match(/ghadelimiter_[0-9a-f-]{36}/g) ?? [];
    expect(delimiters).toHaveLength(4);
    expect(new Set(delimiters).size).toBe(2);
  });

  it('refuses a GITHUB_OUTPUT file that does not exist, as @actions/core does', () => {
    vi.stubEnv('GITHUB_OUTPUT', path.join(folder, 'missing'));
    expect(() => runner.setOutput('passed', 'true')).toThrow(/Missing file at path/);
    expect(() => core.setOutput('passed', 'true')).toThrow(/Missing file at path/);
  });

  it('without GITHUB_OUTPUT, falls back to the same stdout command', () => {
    vi.stubEnv('GITHUB_OUTPUT', '');
    expect(stdoutOf(() => runner.setOutput('run-id', 'a,b:c\nd'))).toBe(stdoutOf(() => core.setOutput('run-id', 'a,b:c\nd')));
  });
});

describe('inputs', () => {
  it('reads INPUT_<NAME> with hyphens kept, trimmed, as @actions/core does', () => {
    vi.stubEnv('INPUT_RUN-STATUS', '  success \n');
    vi.stubEnv('INPUT_MY_INPUT', 'x');
    for (const name of ['run-status', 'my input', 'absent']) expect(runner.getInput(name)).toBe(core.getInput(name));
    expect(runner.getInput('run-status')).toBe('success');
  });
});

describe('the job summary', () => {
  // @actions/core keeps the first summary path it sees for the life of the process: one for the file.
  const theirsFile = path.join(mkdtempSync(path.join(tmpdir(), 'maestro-core-summary-')), 'theirs.md');

  async function both(markdown: string, overwrite: boolean): Promise<[string, string]> {
    const files = [path.join(folder, 'ours.md'), theirsFile] as const;
    for (const file of files) writeFileSync(file, 'earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', files[0]);
    await runner.writeSummary(markdown, { overwrite });
    vi.stubEnv('GITHUB_STEP_SUMMARY', files[1]);
    await core.summary.addRaw(markdown, true).write({ overwrite });
    core.summary.emptyBuffer();
    return [readFileSync(files[0], 'utf8'), readFileSync(files[1], 'utf8')];
  }

  it.each([false, true])('appends or overwrites (overwrite: %s) exactly as @actions/core does', async (overwrite) => {
    const [ours, theirs] = await both('## ✅ Release gate passed\n\n| a | b |', overwrite);
    expect(ours).toBe(theirs);
    expect(ours.startsWith('earlier step')).toBe(!overwrite);
  });

  it('throws when the runner gave no summary file, or one it cannot write', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    await expect(runner.writeSummary('x', { overwrite: false })).rejects.toThrow(/GITHUB_STEP_SUMMARY/);
    const readOnly = path.join(folder, 'read-only.md');
    writeFileSync(readOnly, '');
    chmodSync(readOnly, 0o444);
    vi.stubEnv('GITHUB_STEP_SUMMARY', readOnly);
    // root ignores file modes: only a missing file is refused for every user.
    if (process.getuid?.() !== 0) await expect(runner.writeSummary('x', { overwrite: false })).rejects.toThrow(/Unable to access summary file/);
    vi.stubEnv('GITHUB_STEP_SUMMARY', path.join(folder, 'missing.md'));
    await expect(runner.writeSummary('x', { overwrite: false })).rejects.toThrow(/Unable to access summary file/);
  });
});
