/**
 * The shape of the house (STYLE.md): data flows one way, inputs → manifests → store → gate →
 * report → delivery, and only the outer steps touch the runner, the file system or the network.
 * These checks read every import under src/, so a shortcut that runs back up fails here, named.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

interface SourceFile {
  /** Relative to src/, with forward slashes: `core/check.ts`. */
  name: string;
  lines: number;
  /** Every module it imports, statically or with `import()`: relative ones resolved to src/ names. */
  imports: string[];
  /** Those evaluated as soon as it is: static imports that are not type-only. */
  eagerImports: string[];
}

function sourceFiles(folder = SRC): SourceFile[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    const name = path.relative(SRC, full).split(path.sep).join('/');
    const resolve = (specifier: string): string =>
      specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(name), specifier)).replace(/\.js$/, '.ts') : specifier;
    const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((match) => resolve((match[1] ?? match[2])!));
    const eagerImports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'/g)].map((match) => resolve((match[1] ?? match[2])!));
    return [{ name, lines: text.split('\n').length, imports, eagerImports }];
  });
}

const FILES = sourceFiles();
const folderOf = (name: string): string => (name.includes('/') ? name.slice(0, name.indexOf('/')) : '');

/** Imports of the files in `folder` that match `forbidden`, as `file → import` lines. */
function offending(folder: string, forbidden: (target: string) => boolean): string[] {
  return FILES.filter((file) => folderOf(file.name) === folder).flatMap((file) => file.imports.filter(forbidden).map((target) => `${file.name} → ${target}`));
}

const RUNNER_OR_IO = (target: string): boolean => /^(@actions\/|node:(fs|http|https|net|child_process)\b|undici$|fastify$)/.test(target);
const inFolder =
  (...folders: string[]) =>
  (target: string): boolean =>
    folders.includes(folderOf(target)) && !target.startsWith('@') && !target.startsWith('node:');

describe('the one-way flow of STYLE.md', () => {
  it('finds the sources it judges', () => {
    expect(FILES.map((file) => file.name)).toEqual(expect.arrayContaining(['core/check.ts', 'gate/evaluate.ts', 'report/summary.ts', 'action/run.ts']));
    expect(FILES.find((file) => file.name === 'core/check.ts')!.imports).toContain('gate/types.ts');
  });

  it('the core never builds reports, and never calls a shell or delivery', () => {
    expect(offending('core', inFolder('report', 'action', 'cli', 'serve', 'deliver'))).toEqual([]);
  });

  it('report/ and gate/ are pure: no runner, no file system, no network', () => {
    expect(offending('report', RUNNER_OR_IO)).toEqual([]);
    expect(offending('gate', RUNNER_OR_IO)).toEqual([]);
    expect(offending('report', inFolder('files', 'deliver', 'action', 'cli', 'serve'))).toEqual([]);
    expect(offending('gate', inFolder('files', 'evidence', 'report', 'deliver', 'action', 'cli', 'serve', 'core'))).toEqual([]);
  });

  it('the model and the store depend on nothing above them', () => {
    expect(offending('model', (target) => target !== 'zod' && folderOf(target) !== 'model')).toEqual([]);
    expect(offending('store', (target) => folderOf(target) !== 'model' && folderOf(target) !== 'store')).toEqual([]);
  });

  it('only the Action speaks to the runner, through action/runner.ts', () => {
    const users = FILES.filter((file) => file.imports.includes('action/runner.ts') || file.imports.includes('@actions/core')).map((file) => folderOf(file.name));
    expect([...new Set(users)].filter((folder) => folder !== 'action')).toEqual([]);
  });

  it('the Action starts without @actions/*, undici, yaml, js-yaml or snappyjs: each is loaded where it is used (issue 12)', () => {
    const byName = new Map(FILES.map((file) => [file.name, file]));
    const evaluated = new Set<string>();
    const visit = (name: string): void => {
      if (evaluated.has(name)) return;
      evaluated.add(name);
      for (const target of byName.get(name)?.eagerImports ?? []) visit(target);
    };
    visit('index.ts');
    expect(evaluated.has('report/render.ts')).toBe(true);
    expect([...evaluated].filter((name) => /^(@actions\/|undici$|yaml$|js-yaml$|snappyjs$|@sigstore\/)/.test(name) || name === 'manifest/yaml.ts' || name === 'manifest/yaml-fast.ts')).toEqual([]);
  });

  it('no file under src/ is over 350 lines', () => {
    expect(FILES.filter((file) => file.lines > 350).map((file) => `${file.name}: ${file.lines} lines`)).toEqual([]);
  });
});
