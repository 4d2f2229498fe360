/**
 * The README is part of the product: its tables match action.yml, its quick start is the two
 * commands that work on a fresh clone, and every name and example path it mentions is real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATOR = path.join(ROOT, 'scripts/readme-tables.mjs');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\r\n/g, '\n');
const ACTION = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};

function runGenerator(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [GENERATOR, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of the `## <title>` section, up to the next `## ` heading. */
function section(title: string): string {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start === -1) throw new Error(`README.md has no '## ${title}' section`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** Every non-blank, non-comment line inside the fenced code blocks of `markdown`. */
function commandsIn(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    for (const line of block[1]!.split('\n')) {
      const command = line.trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

describe('README.md', () => {
  test('its inputs and outputs tables are what action.yml generates', () => {
    const result = runGenerator('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('the quick start is exactly `npm ci && npm start` and `npm test`, in code blocks', () => {
    expect(commandsIn(section('Quick start'))).toEqual(['npm ci && npm start', 'npm test']);
  });

  test.each([
    ...Object.keys(ACTION.inputs).map((name) => ['input', name]),
    ...Object.keys(ACTION.outputs).map((name) => ['output', name]),
  ])('names the %s `%s` of action.yml', (_kind, name) => {
    expect(README).toContain(`\`${name}\``);
  });

  test('every examples/… path it mentions exists', async () => {
    const mentioned = [...new Set([...README.matchAll(/\bexamples\/[A-Za-z0-9._*/-]+/g)].map((match) => match[0].replace(/\.+$/, '')))];
    expect(mentioned.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const mention of mentioned) {
      const found = mention.includes('*') ? (await glob(mention, { cwd: ROOT })).length > 0 : existsSync(path.join(ROOT, mention));
      if (!found) missing.push(mention);
    }
    expect(missing).toEqual([]);
  });
});

describe('scripts/readme-tables.mjs', () => {
  const action = [
    'name: t',
    'description: t',
    'inputs:',
    '  pattern:',
    '    description: "a | b | c"',
    '    required: true',
    '  mode:',
    '    description: |',
    '      Two',
    '      lines.',
    "    default: 'x|y'",
    'outputs:',
    '  result:',
    '    description: one | two',
    'runs: { using: node24, main: dist/index.js }',
    '',
  ].join('\n');
  const readme = '# t\n\n<!-- inputs:start -->\nold\n<!-- inputs:end -->\n\n<!-- outputs:start -->\n<!-- outputs:end -->\n';

  async function scratch(): Promise<{ root: string; cleanup: () => Promise<void> }> {
    const root = await mkdtemp(path.join(tmpdir(), 'maestro-readme-'));
    await writeFile(path.join(root, 'action.yml'), action);
    await writeFile(path.join(root, 'README.md'), readme);
    return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
  }

  test('--check fails on a stale README and leaves it alone; a rewrite fixes it', async () => {
    const { root, cleanup } = await scratch();
    try {
      const stale = runGenerator('--check', '--root', root);
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('README.md is stale');
      expect(await readFile(path.join(root, 'README.md'), 'utf8')).toBe(readme);

      expect(runGenerator('--root', root).status).toBe(0);
      expect(runGenerator('--check', '--root', root).status).toBe(0);
    } finally {
      await cleanup();
    }
  });

  test('escapes every `|`, keeps one row per entry and marks required inputs', async () => {
    const { root, cleanup } = await scratch();
    try {
      runGenerator('--root', root);
      const text = await readFile(path.join(root, 'README.md'), 'utf8');
      expect(text).toContain('| `pattern` | a \\| b \\| c | **required** |');
      expect(text).toContain('| `mode` | Two lines. | `x\\|y` |');
      expect(text).toContain('| `result` | one \\| two |');
      expect(text).not.toContain('old');
    } finally {
      await cleanup();
    }
  });

  test('a README without the markers is an error, not a silent no-op', async () => {
    const { root, cleanup } = await scratch();
    try {
      await writeFile(path.join(root, 'README.md'), '# no markers\n');
      const result = runGenerator('--check', '--root', root);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('<!-- inputs:start -->');
    } finally {
      await cleanup();
    }
  });
});
