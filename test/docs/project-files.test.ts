/**
 * The files a project needs, as a reader or a maintainer meets them: the licence package.json
 * names, a security policy and a contributing guide whose links land on real headings, a changelog
 * the release workflow can read, coverage floors that CI enforces in its one run of the suite,
 * workflows pinned by SHA, a release that waits for approval before anything is published or v1
 * moves, and an npm package that works on its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import vitestConfig from '../../vitest.config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8').replace(/\r\n/g, '\n');
const PACKAGE = JSON.parse(read('package.json')) as {
  name: string;
  version: string;
  license: string;
  private?: boolean;
  repository: { url: string };
  scripts: Record<string, string>;
  files: string[];
};
const REPO_URL = PACKAGE.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const DOCS = ['README.md', 'SECURITY.md', 'CONTRIBUTING.md', 'CHANGELOG.md'];

/** Markdown without fenced code blocks and code spans, where `#` and `[..](..)` mean nothing. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lowercased, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const match of withoutFences.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = match[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Every relative link target in a Markdown file's prose (web and mail links left out). */
function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The links of `file` that do not land: a missing file, or a `#anchor` no heading there has. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of relativeLinks(read(file))) {
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = pathPart === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), pathPart);
    if (!existsSync(resolved)) {
      broken.push(`${target} (no such file)`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push(`${target} (no such heading)`);
    }
  }
  return broken;
}

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('project files', () => {
  test('LICENSE is the MIT licence package.json names, held by the maestro-gate authors', () => {
    expect(PACKAGE.license).toBe('MIT');
    const licence = read('LICENSE');
    expect(licence.split('\n')[0]).toBe('MIT License');
    expect(licence).toMatch(/^Copyright \(c\) \d{4} The maestro-gate authors$/m);
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  test.each(DOCS)('every relative link in %s lands on a file and heading that exist', (file) => {
    expect(relativeLinks(read(file)).length).toBeGreaterThan(0);
    expect(brokenLinks(file)).toEqual([]);
  });

  test('the link check catches a missing heading and a missing file', () => {
    const readme = anchors(read('README.md'));
    expect(readme.has('who-controls-what')).toBe(true);
    expect(readme.has('who-controls-nothing')).toBe(false);
    expect(anchors('## `pull_request_target`\n## A, b: c\n## A, b: c\n')).toEqual(new Set(['pull_request_target', 'a-b-c', 'a-b-c-1']));
    expect(relativeLinks('see [x](NOPE.md#a) and `[y](code.md)` and [z](https://example.com)')).toEqual(['NOPE.md#a']);
  });

  test("SECURITY.md says how to report privately and links to the README's 'Who controls what'", () => {
    const security = read('SECURITY.md');
    expect(security).toContain(`${REPO_URL}/security/advisories/new`);
    expect(security).toMatch(/private vulnerability reporting/i);
    expect(security).toMatch(/Do not open a public issue/);
    expect(relativeLinks(security)).toContain('README.md#who-controls-what');
  });

  test('CHANGELOG.md has an Unreleased section and every version heading is one the release workflow reads', () => {
    const changelog = read('CHANGELOG.md');
    const headings = [...changelog.matchAll(/^## (.*)$/gm)].map((match) => match[1]!);
    expect(headings[0]).toBe('[Unreleased]');
    for (const heading of headings.slice(1)) expect(heading).toMatch(/^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/);
    // release.yml refuses a tag unless this exact heading prefix is present.
    expect(read('.github/workflows/release.yml')).toContain('grep -qF "## [${version}] - " CHANGELOG.md');
  });

  test("CONTRIBUTING.md shows the README's quick start, and every npm script it names exists", () => {
    const contributing = read('CONTRIBUTING.md');
    expect(contributing).toContain('npm ci && npm start\nnpm test\n');
    const named = [...new Set([...contributing.matchAll(/\bnpm run ([a-z:-]+)/g)].map((match) => match[1]!))];
    expect(named).toEqual(expect.arrayContaining(['bundle', 'coverage', 'bench', 'lint:workflows']));
    expect(named.filter((script) => PACKAGE.scripts[script] === undefined)).toEqual([]);
  });
});

describe('coverage', () => {
  const coverage = vitestConfig.test?.coverage as { provider?: string; include?: string[]; thresholds?: Record<string, number> } | undefined;

  test('vitest.config.ts measures src/ with v8 and sets a floor for every metric', () => {
    expect(coverage?.provider).toBe('v8');
    expect(coverage?.include).toEqual(['src/**/*.ts']);
    for (const metric of ['statements', 'branches', 'functions', 'lines']) {
      const floor = coverage?.thresholds?.[metric];
      expect(floor, metric).toBeGreaterThanOrEqual(70);
      expect(floor, metric).toBeLessThanOrEqual(100);
    }
  });

  test('`npm run coverage` and CI run the suite with coverage, and CI runs the whole suite once', () => {
    expect(PACKAGE.scripts.coverage).toBe('vitest run --coverage');
    const ci = read('.ci/run')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'));
    const suiteRuns = ci.filter((line) => /\bnpm (test|run coverage)\b|\bvitest run\b(?! test\/)/.test(line));
    expect(suiteRuns).toHaveLength(1);
    expect(suiteRuns[0]).toMatch(/^npm test -- --coverage /);
  });
});

describe('workflows', () => {
  const workflowFiles = readdirSync(path.join(ROOT, '.github/workflows')).filter((file) => file.endsWith('.yml'));
  type Job = { needs?: string | string[]; environment?: string | { name: string }; permissions?: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] };
  const workflow = (file: string): { jobs: Record<string, Job> } => parse(read(`.github/workflows/${file}`)) as { jobs: Record<string, Job> };

  test.each(workflowFiles)('every action in %s is pinned by its full commit SHA, with its version in a comment', (file) => {
    const uses = [...read(`.github/workflows/${file}`).matchAll(/^\s*(?:- )?uses: *(.+)$/gm)].map((match) => match[1]!.trim());
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((line) => !line.startsWith('./') && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line))).toEqual([]);
  });

  test('CodeQL analyses javascript-typescript and may only write security events', () => {
    const job = workflow('codeql.yml').jobs.analyze!;
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const init = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/init@'));
    expect(init?.with?.languages).toBe('javascript-typescript');
    expect(job.steps.some((step) => step.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true);
  });

  test('release: nothing is published and no tag moves before approval in the release environment', () => {
    const { jobs } = workflow('release.yml');
    const environment = (job: Job): string | undefined => (typeof job.environment === 'string' ? job.environment : job.environment?.name);
    const approved = (name: string): boolean => {
      const job = jobs[name]!;
      if (environment(job) === 'release') return true;
      const needs = job.needs === undefined ? [] : ([] as string[]).concat(job.needs);
      return needs.some(approved);
    };
    const acting = Object.entries(jobs).filter(([, job]) => job.steps.some((step) => /\bgit push\b|\bnpm publish\b|\bgh release create\b/.test(step.run ?? '')));
    expect(acting.map(([name]) => name).sort()).toEqual(['npm', 'publish', 'rollback']);
    for (const [name] of acting) expect(approved(name), name).toBe(true);

    const npm = jobs.npm!;
    expect(npm.permissions?.['id-token']).toBe('write');
    expect(npm.steps.map((step) => step.run ?? '').join('\n')).toMatch(/npm publish "\$\{RUNNER_TEMP\}\/npm-package" --provenance --access public/);
  });
});

describe('the npm package', () => {
  const stage = (dir: string) => run(process.execPath, [path.join(ROOT, 'scripts/npm-package.mjs'), dir], ROOT);

  test('the staged package lists no dependencies, installs nothing and runs the CLI on its own', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'maestro-npm-'));
    try {
      const staged = path.join(scratch, 'package');
      const staging = stage(staged);
      expect(staging.stderr).toBe('');
      expect(staging.status).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(staged, 'package.json'), 'utf8')) as Record<string, unknown>;
      for (const key of ['private', 'scripts', 'dependencies', 'devDependencies', 'optionalDependencies']) expect(manifest, key).not.toHaveProperty(key);
      expect(manifest).toMatchObject({ name: 'maestro-gate', version: PACKAGE.version, bin: { 'maestro-gate': 'bin/maestro-gate.js' }, publishConfig: { provenance: true, access: 'public' } });

      // npm's own packing decides what is published: pack it, unpack it where no node_modules is
      // reachable, and run it as an `npx maestro-gate` user would.
      const packed = run('npm', ['pack', '--json', '--pack-destination', scratch], staged);
      expect(packed.status, packed.stderr).toBe(0);
      const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
      const files = info.files.map((file) => file.path);
      expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'action.yml', 'bin/maestro-gate.js', 'dist/cli/index.js', 'schema/maestro.schema.json']));
      expect(files.filter((file) => /^(src|test|scripts|node_modules)\//.test(file))).toEqual([]);

      const installed = path.join(scratch, 'installed');
      await mkdir(installed);
      expect(run('tar', ['-xzf', path.join(scratch, info.filename), '-C', installed], scratch).status).toBe(0);
      const cli = path.join(installed, 'package/bin/maestro-gate.js');
      const version = run(process.execPath, [cli, '--version'], installed);
      expect(version.stdout.trim()).toBe(PACKAGE.version);
      expect(run(process.execPath, [cli, 'init', 'maestro.yml'], installed).status).toBe(0);
      const validated = run(process.execPath, [cli, 'validate', 'maestro.yml'], installed);
      expect(validated.stdout).toContain('maestro.yml: valid');
      expect(validated.status).toBe(0);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  test('staging refuses a folder that is not empty, or one inside the repository', async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'maestro-npm-'));
    try {
      await writeFile(path.join(scratch, 'left-over.txt'), 'x');
      const full = stage(scratch);
      expect(full.status).toBe(1);
      expect(full.stderr).toContain('is not empty');
      expect(statSync(path.join(scratch, 'left-over.txt')).isFile()).toBe(true);

      const inside = stage(path.join(ROOT, '.npm-package'));
      expect(inside.status).toBe(1);
      expect(inside.stderr).toContain('inside the repository');
      expect(existsSync(path.join(ROOT, '.npm-package'))).toBe(false);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  test('the repository manifest stays private, so a publish from a clone fails instead of shipping it', () => {
    expect(PACKAGE.private).toBe(true);
    expect(PACKAGE.files).toEqual(expect.arrayContaining(['dist', 'bin', 'CHANGELOG.md']));
    expect(read('README.md')).toContain('`npx maestro-gate …`');
  });
});
