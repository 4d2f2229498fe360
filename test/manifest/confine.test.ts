/**
 * Manifests are confined to the workspace exactly like artifacts (SPEC §5, HOSTILE row 43): the
 * `manifest` input cannot name, glob or symlink its way to a file outside, and such a file is
 * refused with UNSAFE_PATH naming the input, never judged.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { manifestIssues, NOW, useWorkspaces, type Workspace } from '../helpers/workspace.js';

const workspace = useWorkspaces();
/** A valid, passing-looking manifest: were it ever read, loading would succeed. */
const OUTSIDE = 'run:\n  name: outside\n  owner: attacker\n  status: succeeded\n';

async function withOutside(): Promise<{ ws: Workspace; outside: string }> {
  const ws = await workspace({ 'maestro.yml': OUTSIDE });
  const outside = await ws.sibling('-outside');
  await writeFile(path.join(outside, 'm.yml'), OUTSIDE);
  return { ws, outside };
}

const refused = async (ws: Workspace, patterns: string[]) => manifestIssues(loadManifests({ workspace: ws.root, patterns, now: NOW }));

describe('manifest input entries that leave the workspace', () => {
  it.each([
    ['a parent path', (outside: string) => `../${path.basename(outside)}/m.yml`, "contains a '..' segment"],
    ['a parent path that comes back in', (outside: string) => `sub/../../${path.basename(outside)}/m.yml`, "contains a '..' segment"],
    ['an absolute path outside', (outside: string) => path.join(outside, 'm.yml'), 'is an absolute path outside the workspace'],
    ['a glob in the parent folder', () => '../*.yml', "contains a '..' segment"],
    ['a glob through the parent', (outside: string) => `../${path.basename(outside)}/*.yml`, "contains a '..' segment"],
    ['a brace expansion that yields ..', () => '{..,x}/*.yml', "contains a '..'"],
    ['an absolute glob outside', (outside: string) => `${outside}/*.yml`, 'is an absolute path outside the workspace'],
    ['a URI', () => 'https://example.com/maestro.yml', 'is a URI'],
    ['a backslash path', () => '..\\m.yml', 'backslash'],
  ])('refuses %s with UNSAFE_PATH naming the input', async (_, patternOf, reason) => {
    const { ws, outside } = await withOutside();
    const pattern = patternOf(outside);
    const issues = await refused(ws, [pattern]);
    expect(issues).toEqual([{ code: 'UNSAFE_PATH', file: pattern, path: '', message: expect.stringContaining(reason) }]);
    expect(issues[0]!.message).toContain(`manifest input '${pattern}'`);
  });

  it('refuses the bad entry and still reports the others at once', async () => {
    const { ws } = await withOutside();
    const issues = await refused(ws, ['../m.yml', 'missing.yml']);
    expect(issues.map((issue) => [issue.code, issue.file])).toEqual([['UNSAFE_PATH', '../m.yml'], ['FILE_NOT_FOUND', 'missing.yml']]);
  });
});

describe('symlinks that lead a manifest out', () => {
  it.each([
    ['maestro.yml itself', async (ws: Workspace, outside: string) => ws.symlink('maestro.yml', path.join(outside, 'm.yml')), 'maestro.yml', 'maestro.yml'],
    ['a relative link', async (ws: Workspace, outside: string) => ws.symlink('maestro.yml', `../${path.basename(outside)}/m.yml`), 'maestro.yml', 'maestro.yml'],
    ['a parent folder', async (ws: Workspace, outside: string) => ws.symlink('ci', outside), 'ci/m.yml', 'ci/m.yml'],
    ['a chain through the workspace', async (ws: Workspace, outside: string) => {
      await ws.symlink('hop.yml', path.join(outside, 'm.yml'));
      await ws.symlink('maestro.yml', 'hop.yml');
    }, 'maestro.yml', 'maestro.yml'],
  ])('refuses %s pointing outside, as UNSAFE_PATH at that file', async (_, link, pattern, file) => {
    const ws = await workspace();
    const outside = await ws.sibling('-outside');
    await writeFile(path.join(outside, 'm.yml'), OUTSIDE);
    await link(ws, outside);
    const issues = await refused(ws, [pattern]);
    expect(issues).toEqual([{ code: 'UNSAFE_PATH', file, path: '', message: `manifest '${file}' resolves outside the workspace (through a symlink); manifests must be files inside the workspace` }]);
    expect(issues[0]!.message).not.toContain(outside);
  });

  it('never follows a symlinked folder with a glob (a link to / would crawl the machine)', async () => {
    const ws = await workspace({ 'services/api/maestro.yml': OUTSIDE });
    const outside = await ws.sibling('-outside');
    await writeFile(path.join(outside, 'maestro.yml'), OUTSIDE);
    await ws.symlink('services/evil', outside);
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['services/*/maestro.yml'], now: NOW });
    expect(runs.map((run) => run.file)).toEqual(['services/api/maestro.yml']);
  });
});

describe('what stays allowed', () => {
  it('reads a symlink to a manifest inside the workspace, under the name the input gave', async () => {
    const ws = await workspace({ 'config/real.yml': OUTSIDE });
    await ws.symlink('maestro.yml', 'config/real.yml');
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW });
    expect(runs.map((run) => [run.file, run.runId])).toEqual([['maestro.yml', 'maestro-yml']]);
  });

  it('accepts an absolute path inside the workspace, shown relative', async () => {
    const ws = await workspace({ 'ci/maestro.yml': OUTSIDE });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: [ws.path('ci/maestro.yml')], now: NOW });
    expect(runs[0]!.file).toBe('ci/maestro.yml');
  });

  it('reads a file named ..release.yml, which a string-prefix check takes for a parent path', async () => {
    const ws = await workspace({ '..release.yml': OUTSIDE });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['..release.yml'], now: NOW });
    expect(runs[0]!.file).toBe('..release.yml');
  });

  it('refuses a sibling folder that shares the workspace prefix (<ws>-evil)', async () => {
    const ws = await workspace();
    const evil = await ws.sibling('-evil');
    await writeFile(path.join(evil, 'maestro.yml'), OUTSIDE);
    const issues = await refused(ws, [path.join(evil, 'maestro.yml')]);
    expect(issues.map((issue) => issue.code)).toEqual(['UNSAFE_PATH']);
  });
});
