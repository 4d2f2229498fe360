/**
 * HOSTILE.md rows 1–16 and 19, at the core: manifests and artifact files built to break the
 * gate. In every case the outcome is never a pass: either the load is refused with issues that
 * name the file, line, key path and a stable code, or the gate fails and names the artifact.
 *
 * `node:fs/promises` is wrapped (not replaced) so that "the file is never opened" is checked
 * against the calls the core really made.
 */
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkManifests, type CheckOptions, type CheckResult } from '../../src/core/check.js';
import { buildRunDocuments } from '../../src/report/documents.js';
import { ErrorCode, formatIssue, type ManifestIssue } from '../../src/errors.js';
import { isInside } from '../../src/files/locations.js';
import { loadManifests } from '../../src/manifest/load.js';
import { DEFAULT_MAX_MANIFEST_BYTES } from '../../src/manifest/read.js';
import { fixture, manifestIssues, NOW, sha256Of, useWorkspaces, type FileContent, type Workspace } from '../helpers/workspace.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsp>();
  return { ...actual, open: vi.fn(actual.open), realpath: vi.fn(actual.realpath), stat: vi.fn(actual.stat) };
});

const workspace = useWorkspaces();
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

const fsSpies = [vi.mocked(fsp.open), vi.mocked(fsp.realpath), vi.mocked(fsp.stat)];

/** Every path the core opened (`open`) during the last check. */
function openedPaths(): string[] {
  return vi.mocked(fsp.open).mock.calls.map((call) => String(call[0]));
}

/** Every path the core looked at (`open`, `realpath`, `stat`) during the last check. */
function touchedPaths(): string[] {
  return fsSpies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
}

/** Checks `maestro.yml`; file-system calls are recorded from here on, not those of the setup. */
async function check(ws: Workspace, options: Partial<CheckOptions> = {}): Promise<CheckResult> {
  for (const spy of fsSpies) spy.mockClear();
  return checkManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW, judgedAt: NOW, ...options });
}

/** The issues of a refused check of `maestro.yml`. */
async function refused(ws: Workspace, options: Partial<CheckOptions> = {}): Promise<ManifestIssue[]> {
  const issues = await manifestIssues(check(ws, options));
  expect(issues.length).toBeGreaterThan(0);
  return issues;
}

async function refusedWith(content: FileContent, options: Partial<CheckOptions> = {}): Promise<ManifestIssue[]> {
  return refused(await workspace({ 'maestro.yml': content }), options);
}

/** A gate that ran and said no; returns the single run's verdict. */
function expectGateFailure(result: CheckResult) {
  expect(result.passed).toBe(false);
  expect(result.runs).toHaveLength(1);
  const verdict = result.runs[0]!;
  expect(verdict.gate.passed).toBe(false);
  expect(buildRunDocuments(verdict).releaseGate.passed).toBe(false);
  expect(buildRunDocuments(verdict).complianceReport.release_gate_passed).toBe(false);
  return verdict;
}

const FLAGS = '{ sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }';
const RUN = ['run:', '  name: release', '  owner: platform', '  status: succeeded'];

interface ArtifactSpec {
  id?: string;
  path: string;
  hash?: string;
}

/** A succeeded run whose artifacts all declare the three flags: only integrity can fail it. */
function manifestWith(artifacts: ArtifactSpec[]): string {
  const lines = [...RUN, 'artifacts:'];
  for (const artifact of artifacts) {
    lines.push('  - kind: other');
    if (artifact.id !== undefined) lines.push(`    id: ${JSON.stringify(artifact.id)}`);
    lines.push(`    path_or_uri: ${JSON.stringify(artifact.path)}`);
    if (artifact.hash !== undefined) lines.push(`    content_hash: ${artifact.hash}`);
    lines.push(`    metadata_json: ${FLAGS}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Where each issue points, without its message. */
const located = (issues: ManifestIssue[]) => issues.map((issue) => ({ code: issue.code, file: issue.file, line: issue.line, column: issue.column, path: issue.path }));

describe('row 1: missing, empty, comment-only, top-level scalar or list', () => {
  it('refuses a missing manifest, naming the path', async () => {
    const ws = await workspace();
    expect(await refused(ws)).toEqual([{ code: 'FILE_NOT_FOUND', file: 'maestro.yml', path: '', message: 'manifest not found' }]);
  });

  it.each([
    { name: 'empty', file: 'hostile/empty.yml', code: ErrorCode.EmptyManifest, message: 'manifest is empty; expected a mapping with `run` and `artifacts`' },
    { name: 'comment-only', file: 'hostile/comment-only.yml', code: ErrorCode.EmptyManifest, message: 'manifest is empty; expected a mapping with `run` and `artifacts`' },
    { name: 'a top-level scalar', file: 'hostile/top-level-scalar.yml', code: ErrorCode.NotAMapping, message: 'manifest is a single value; expected a mapping with `run` and `artifacts`' },
    { name: 'a top-level list', file: 'hostile/top-level-list.yml', code: ErrorCode.NotAMapping, message: 'manifest is a list; expected a mapping with `run` and `artifacts`' },
  ])('refuses $name', async ({ file, code, message }) => {
    expect(await refusedWith(await fixture(file))).toEqual([{ code, file: 'maestro.yml', line: 1, column: 1, path: '', message }]);
  });

  it.each([
    { name: 'whitespace only', content: '   \n\n  \n', code: ErrorCode.EmptyManifest },
    { name: 'a lone document marker', content: '---\n', code: ErrorCode.EmptyManifest },
    { name: 'an explicit null', content: 'null\n', code: ErrorCode.EmptyManifest },
    { name: 'a tilde', content: '~\n', code: ErrorCode.EmptyManifest },
    { name: 'a number', content: '42\n', code: ErrorCode.NotAMapping },
    { name: 'a quoted string', content: '"run: {}"\n', code: ErrorCode.NotAMapping },
    { name: 'a JSON list', content: '[{"run": {"name": "r", "owner": "o"}}]', code: ErrorCode.NotAMapping },
    { name: 'an empty mapping', content: '{}\n', code: ErrorCode.MissingField },
    { name: 'a null run', content: 'run:\nartifacts: []\n', code: ErrorCode.InvalidValue },
  ])('refuses $name', async ({ content, code }) => {
    const issues = await refusedWith(content);
    expect(issues.map((issue) => [issue.code, issue.file])).toEqual([[code, 'maestro.yml']]);
  });

  it('refuses a manifest input whose glob finds nothing, naming the glob', async () => {
    const ws = await workspace({ 'other.yml': 'x: 1' });
    expect(await refused(ws, { patterns: ['**/maestro.yml'] })).toEqual([{ code: 'NO_MANIFEST', file: '**/maestro.yml', path: '', message: 'this glob matches no file' }]);
  });
});

describe('row 2: invalid UTF-8, BOM plus junk, NUL bytes, tab indentation', () => {
  const text = (value: string) => Buffer.from(value, 'utf8');
  it.each([
    { name: 'a lone 0xFF byte', bytes: Buffer.concat([text('run:\n  name: '), Buffer.from([0xff]), text('\n')]), line: 2, column: 9 },
    { name: 'a cut multi-byte sequence', bytes: Buffer.concat([text('run:\n  owner: caf'), Buffer.from([0xc3]), text('\n')]), line: 2, column: 13 },
    { name: 'an overlong encoding of /', bytes: Buffer.concat([text('run: '), Buffer.from([0xc0, 0xaf]), text('\n')]), line: 1, column: 6 },
    { name: 'an encoded surrogate', bytes: Buffer.concat([text('a: 1\nb: 2\nrun: '), Buffer.from([0xed, 0xa0, 0x80]), text('\n')]), line: 3, column: 6 },
    { name: 'Latin-1 text', bytes: Buffer.from('run:\n  name: café\n', 'latin1'), line: 2, column: 12 },
    { name: 'a BOM then junk bytes', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0x80, 0x81, 0xfe])]), line: 1, column: 4 },
    { name: 'UTF-16 with its BOM', bytes: Buffer.from('\uFEFFrun:\n  name: r\n', 'utf16le'), line: 1, column: 1 },
  ])('refuses $name with the line and column of the first bad byte', async ({ bytes, line, column }) => {
    expect(await refusedWith(bytes)).toEqual([{ code: 'NOT_UTF8', file: 'maestro.yml', line, column, path: '', message: 'manifest is not valid UTF-8' }]);
  });

  it.each([
    { name: 'a NUL in a value', content: 'run:\n  name: rel\u0000ease\n  owner: o\n', line: 2, column: 12 },
    { name: 'a NUL at the start', content: '\u0000run: {}\n', line: 1, column: 1 },
    { name: 'a NUL after a BOM', content: '\uFEFF\u0000', line: 1, column: 1 },
  ])('refuses $name', async ({ content, line, column }) => {
    expect(await refusedWith(content)).toEqual([{ code: 'NUL_BYTE', file: 'maestro.yml', line, column, path: '', message: 'manifest contains a NUL byte' }]);
  });

  it('refuses a BOM followed by text that is not YAML', async () => {
    const issues = await refusedWith('\uFEFF@@@ ::: %%%\n');
    expect(located(issues)[0]).toEqual({ code: 'PARSE_ERROR', file: 'maestro.yml', line: 1, column: 1, path: '' });
    expect(issues.every((issue) => issue.code === 'PARSE_ERROR')).toBe(true);
  });

  it('refuses tab indentation, at the first tab', async () => {
    const issues = await refusedWith(await fixture('hostile/tab-indent.yml'));
    expect(issues[0]).toMatchObject({ code: 'PARSE_ERROR', file: 'maestro.yml', line: 2, column: 1, path: '' });
    expect(issues[0]!.message).toMatch(/tab/i);
    expect(issues.every((issue) => issue.code === 'PARSE_ERROR')).toBe(true);
  });

  it.each([
    { name: 'an unterminated quote', content: 'run:\n  name: "SECRET-TOKEN-1234\n  owner: o\n' },
    { name: 'a nested compact mapping', content: 'run:\n  name: SECRET-TOKEN-1234: x: y\n' },
    { name: 'a stray flow bracket', content: 'run: { name: SECRET-TOKEN-1234 ]\n' },
  ])('never echoes file content in a parse error: $name', async ({ content }) => {
    const issues = await refusedWith(content);
    expect(issues.every((issue) => issue.code === 'PARSE_ERROR' && issue.line !== undefined)).toBe(true);
    expect(issues.map(formatIssue).join('\n')).not.toContain('SECRET-TOKEN');
  });

  it('refuses a second YAML document with a message for people, not for programmers', async () => {
    const issues = await refusedWith(`${RUN.join('\n')}\n---\n${RUN.join('\n')}\n`);
    expect(issues).toEqual([
      { code: 'PARSE_ERROR', file: 'maestro.yml', line: 5, column: 1, path: '', message: 'a manifest holds one YAML document; remove this `---` and what follows, or split it into another file' },
    ]);
  });
});

describe('row 3: alias bombs', () => {
  it('refuses billion laughs with ALIAS_LIMIT, at the first alias past the bound', async () => {
    const issues = await refusedWith(await fixture('hostile/alias-bomb.yml'));
    expect(located(issues)).toEqual([{ code: 'ALIAS_LIMIT', file: 'maestro.yml', line: 6, column: 8, path: 'e[0]' }]);
    expect(issues[0]!.message).toBe('aliases expand to more than 10000 nodes; write the values out or share less');
  });

  it('refuses a flat list aliased many times (a hundredfold report, not exponential)', async () => {
    const list = `[${Array.from({ length: 1000 }, (_, index) => index).join(', ')}]`;
    const aliases = Array.from({ length: 90 }, () => '*big').join(', ');
    const issues = await refusedWith(`${RUN.join('\n')}\n  metadata:\n    big: &big ${list}\n    copies: [${aliases}]\n`);
    expect(located(issues)).toEqual([{ code: 'ALIAS_LIMIT', file: 'maestro.yml', line: 7, column: 68, path: 'run.metadata.copies[9]' }]);
  });

  it('refuses more alias uses than the parser allows, even of a scalar', async () => {
    const aliases = Array.from({ length: 101 }, () => '*o').join(', ');
    const issues = await refusedWith(`${RUN.join('\n')}\n  metadata:\n    one: &o x\n    many: [${aliases}]\n`);
    expect(issues).toEqual([{ code: 'ALIAS_LIMIT', file: 'maestro.yml', line: 1, column: 1, path: '', message: 'aliases are used more than the limit of 100 times' }]);
  });

  it('still accepts a small shared value', async () => {
    const ws = await workspace({
      'maestro.yml': `${RUN.join('\n')}\n  metadata: { team: &team { name: payments, oncall: pager } }\nartifacts:\n  - { kind: other, path_or_uri: a, metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true, additional_metadata: { team: *team } } }\n`,
    });
    const result = await check(ws);
    expect(result.passed).toBe(true);
    expect(result.runs[0]!.artifacts[0]!.metadata_json.additional_metadata).toEqual({ team: { name: 'payments', oncall: 'pager' } });
  });
});

describe('row 4: manifest over the size cap', () => {
  it('defaults to 64 MiB', () => {
    expect(DEFAULT_MAX_MANIFEST_BYTES).toBe(64 * 1024 * 1024);
  });

  it('refuses a manifest over maxManifestBytes before parsing it', async () => {
    // The content is itself an alias bomb: only the size error may be reported, so it was never parsed.
    const bomb = (await fixture('hostile/alias-bomb.yml')).toString();
    const content = `${bomb}${'#'.repeat(2048 - bomb.length - 1)}\n`;
    expect(Buffer.byteLength(content)).toBe(2048);
    expect(await refusedWith(content, { maxManifestBytes: 1024 })).toEqual([
      { code: 'FILE_TOO_LARGE', file: 'maestro.yml', path: '', message: 'manifest is 2048 bytes, over the limit of 1024 bytes' },
    ]);
  });

  it('accepts a manifest exactly at the cap', async () => {
    const body = `${RUN.join('\n')}\n`;
    const content = `${body}${'#'.repeat(300 - body.length - 1)}\n`;
    const ws = await workspace({ 'maestro.yml': content });
    const { runs } = await loadManifests({ workspace: ws.root, patterns: ['maestro.yml'], now: NOW, maxManifestBytes: 300 });
    expect(runs).toHaveLength(1);
  });
});

describe('row 5: 10,000-deep nesting', () => {
  const DEPTH = 10_000;
  it.each([
    { name: 'flow sequences [[[…]]]', content: () => `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n` },
    { name: 'flow mappings {a: {a: …}}', content: () => `${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n` },
    // Block mappings indent quadratically: 10,000 levels are a 50 MB file, over the YAML cap (below).
    { name: 'block mappings, 2,000 deep', content: () => `${Array.from({ length: 2_000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n')} 1\n` },
    { name: 'compact block sequences', content: () => `${'- '.repeat(DEPTH)}x\n` },
    { name: 'flow sequences under run.metadata', content: () => `run:\n  name: r\n  owner: o\n  metadata: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n` },
  ])('refuses $name with TOO_DEEP, without crashing', async ({ content }) => {
    const issues = await refusedWith(content());
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'TOO_DEEP', file: 'maestro.yml' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(1);
    expect(issues[0]!.message).toMatch(/^nesting is (too deep to parse|deeper than 64 levels)$/);
  });

  it('refuses nesting past 64 levels that the parser could still handle, with its key path', async () => {
    const issues = await refusedWith(`run:\n  name: r\n  owner: o\n  metadata: { deep: ${'['.repeat(100)}${']'.repeat(100)} }\n`);
    expect(issues).toEqual([{ code: 'TOO_DEEP', file: 'maestro.yml', line: 4, column: 83, path: 'run.metadata.deep', message: 'nesting is deeper than 64 levels' }]);
  });
});

describe('row 6: duplicate keys are errors, never last-wins', () => {
  it('refuses sbom_present: false then true', async () => {
    expect(await refusedWith(await fixture('hostile/duplicate-flag.yml'))).toEqual([
      { code: 'DUPLICATE_KEY', file: 'maestro.yml', line: 12, column: 7, path: 'artifacts[0].metadata_json.sbom_present', message: "duplicate key 'sbom_present': each key may appear only once in a mapping" },
    ]);
  });

  it('refuses two `run:` keys', async () => {
    expect(await refusedWith(await fixture('hostile/duplicate-run.yml'))).toEqual([
      { code: 'DUPLICATE_KEY', file: 'maestro.yml', line: 6, column: 1, path: 'run', message: "duplicate key 'run': each key may appear only once in a mapping" },
    ]);
  });

  it.each([
    { name: 'in JSON', content: '{"run": {"name": "a", "owner": "o", "status": "failed", "status": "succeeded"}}', line: 1, column: 57, path: 'run.status' },
    { name: 'quoted and plain', content: 'run: { name: a, "name": b, owner: o }\n', line: 1, column: 17, path: 'run.name' },
    { name: 'a number and a string that load as the same key', content: 'run: { name: a, owner: o, metadata: { 1: x, "1": y } }\n', line: 1, column: 45, path: 'run.metadata["1"]' },
    { name: 'a boolean and a string', content: 'run: { name: a, owner: o, metadata: { true: x, "true": y } }\n', line: 1, column: 48, path: 'run.metadata.true' },
    { name: 'inside an artifact list', content: `${RUN.join('\n')}\nartifacts:\n  - { kind: other, kind: sbom, path_or_uri: a }\n`, line: 6, column: 20, path: 'artifacts[0].kind' },
  ])('refuses a duplicate $name', async ({ content, line, column, path: keyPath }) => {
    expect(located(await refusedWith(content))).toEqual([{ code: 'DUPLICATE_KEY', file: 'maestro.yml', line, column, path: keyPath }]);
  });
});

describe('row 7: YAML 1.1 booleans are never true', () => {
  it('refuses yes / on / y as a flag: expected boolean', async () => {
    expect(await refusedWith(await fixture('hostile/yaml11-booleans.yml'))).toEqual([
      { code: 'INVALID_VALUE', file: 'maestro.yml', line: 9, column: 21, path: 'artifacts[0].metadata_json.sbom_present', message: "expected boolean, got string 'yes'" },
      { code: 'INVALID_VALUE', file: 'maestro.yml', line: 10, column: 32, path: 'artifacts[0].metadata_json.slsa_provenance_present', message: "expected boolean, got string 'on'" },
      { code: 'INVALID_VALUE', file: 'maestro.yml', line: 11, column: 32, path: 'artifacts[0].metadata_json.risk_assessment_present', message: "expected boolean, got string 'y'" },
    ]);
  });

  it.each(['Yes', 'YES', 'On', 'ON', 'Y', 'no', 'off', 'n', '!!bool yes', '"true"', "'true'", '1'])('refuses %s as a flag', async (value) => {
    const issues = await refusedWith(`${RUN.join('\n')}\nartifacts:\n  - kind: other\n    path_or_uri: a\n    metadata_json: { sbom_present: ${value}, slsa_provenance_present: true, risk_assessment_present: true }\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'INVALID_VALUE', line: 8, path: 'artifacts[0].metadata_json.sbom_present' });
    expect(issues[0]!.message).toMatch(/^expected boolean, got (string|number) /);
  });

  it('refuses a %YAML 1.1 directive outright, so `yes` can never become true', async () => {
    expect(await refusedWith(await fixture('hostile/yaml11-directive.yml'))).toEqual([
      { code: 'PARSE_ERROR', file: 'maestro.yml', line: 1, column: 1, path: '', message: '%YAML 1.1 is not supported; manifests are YAML 1.2' },
    ]);
  });

  it('refuses yes for the other booleans of the manifest too', async () => {
    const issues = await refusedWith(`${RUN.join('\n')}\npolicy: { require_evidence: yes, verify_content_hash: off }\n`);
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['policy.require_evidence', "expected boolean, got string 'yes'"],
      ['policy.verify_content_hash', "expected boolean, got string 'off'"],
    ]);
  });
});

describe('row 8: unknown or typo keys', () => {
  it('refuses sbom_presnt and slsa_provenance, naming each key and the likely one', async () => {
    expect(await refusedWith(await fixture('hostile/typo-keys.yml'))).toEqual([
      {
        code: 'UNKNOWN_KEY',
        file: 'maestro.yml',
        line: 9,
        column: 7,
        path: 'artifacts[0].metadata_json.sbom_presnt',
        message: "unknown key 'sbom_presnt' (did you mean 'sbom_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
      },
      {
        code: 'UNKNOWN_KEY',
        file: 'maestro.yml',
        line: 10,
        column: 7,
        path: 'artifacts[0].metadata_json.slsa_provenance',
        message: "unknown key 'slsa_provenance' (did you mean 'slsa_provenance_present'?); allowed keys: sbom_present, slsa_provenance_present, risk_assessment_present, additional_metadata",
      },
    ]);
  });

  it.each([
    { where: 'the document', content: `${RUN.join('\n')}\nartefacts: []\n`, key: 'artefacts', path: 'artefacts' },
    { where: 'run', content: `${RUN.join('\n')}\n  Status: failed\n`, key: 'Status', path: 'run.Status' },
    { where: 'policy', content: `${RUN.join('\n')}\npolicy: { min_compliant: 2 }\n`, key: 'min_compliant', path: 'policy.min_compliant' },
    { where: 'a disclosure pack', content: `${RUN.join('\n')}\ndisclosure_pack: { summary: s, artifactids: [] }\n`, key: 'artifactids', path: 'disclosure_pack.artifactids' },
    { where: 'an artifact', content: `${RUN.join('\n')}\nartifacts: [{ kind: other, path: a, path_or_uri: a }]\n`, key: 'path', path: 'artifacts[0].path' },
  ])('refuses an unknown key in $where', async ({ content, key, path: keyPath }) => {
    const issues = await refusedWith(content);
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['UNKNOWN_KEY', keyPath]]);
    expect(issues[0]!.message).toMatch(new RegExp(`^unknown key '${key}'`));
  });
});

describe('row 9: __proto__, constructor, prototype', () => {
  it('refuses them anywhere, metadata included, and Object.prototype stays untouched', async () => {
    const issues = await refusedWith(await fixture('hostile/prototype-keys.yml'));
    expect(issues).toEqual([
      { code: 'FORBIDDEN_KEY', file: 'maestro.yml', line: 1, column: 1, path: '', message: "key '__proto__' is not allowed anywhere in a manifest" },
      { code: 'FORBIDDEN_KEY', file: 'maestro.yml', line: 8, column: 5, path: 'run.metadata', message: "key 'constructor' is not allowed anywhere in a manifest" },
      { code: 'FORBIDDEN_KEY', file: 'maestro.yml', line: 20, column: 13, path: 'artifacts[0].metadata_json.additional_metadata.nested[0]', message: "key '__proto__' is not allowed anywhere in a manifest" },
    ]);
    expectPrototypeUntouched();
  });

  it.each([
    { name: '__proto__ in JSON', file: 'maestro.json', content: '{"__proto__": {"polluted": true}, "run": {"name": "r", "owner": "o"}}', path: '' },
    { name: '"__proto__" quoted in YAML', file: 'maestro.yml', content: 'run: { name: r, owner: o, metadata: { "__proto__": { polluted: true } } }\n', path: 'run.metadata' },
    { name: 'prototype in additional_metadata', file: 'maestro.yml', content: `${RUN.join('\n')}\nartifacts: [{ kind: other, path_or_uri: a, metadata_json: { additional_metadata: { prototype: { polluted: 1 } } } }]\n`, path: 'artifacts[0].metadata_json.additional_metadata' },
    { name: 'constructor in a disclosure pack', file: 'maestro.yml', content: `${RUN.join('\n')}\ndisclosure_pack: { summary: s, metadata: { constructor: { prototype: { polluted: 1 } } } }\n`, path: 'disclosure_pack.metadata' },
    { name: '__proto__ as a run key', file: 'maestro.yml', content: 'run: { name: r, owner: o, __proto__: { status: succeeded } }\n', path: 'run' },
  ])('refuses $name', async ({ file, content, path: keyPath }) => {
    const ws = await workspace({ [file]: content });
    const issues = await refused(ws, { patterns: [file] });
    expect(issues.map((issue) => [issue.code, issue.file, issue.path])).toEqual([['FORBIDDEN_KEY', file, keyPath]]);
    expectPrototypeUntouched();
  });

  it('keeps an artifact id __proto__ as data, counted and reported', async () => {
    const ws = await workspace({ 'maestro.yml': await fixture('hostile/proto-artifact-id.yml') });
    const result = await check(ws);
    const verdict = result.runs[0]!;
    expect(verdict.artifacts.map((artifact) => artifact.id)).toEqual(['__proto__', 'constructor']);
    expect(verdict.gate.details).toEqual({ run_id: 'maestro-yml', total_artifacts: 2, compliant_artifacts: 1, compliant_artifact_ids: ['__proto__'] });
    expect(buildRunDocuments(verdict).complianceReport.summary).toEqual({ total_artifacts: 2, compliant_artifacts: 1 });
    expect(buildRunDocuments(verdict).complianceReport.artifacts.map((artifact) => artifact.artifact_id)).toEqual(['__proto__', 'constructor']);
    expect(verdict.disclosurePack?.artifact_ids).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(buildRunDocuments(verdict).releaseGate)).details.compliant_artifact_ids).toEqual(['__proto__']);
    expect(result.passed).toBe(true);
    expectPrototypeUntouched();
  });
});

describe('row 10: merge keys', () => {
  it('refuses `<<: *base`', async () => {
    expect(await refusedWith(await fixture('hostile/merge-key.yml'))).toEqual([
      { code: 'MERGE_KEY', file: 'maestro.yml', line: 13, column: 7, path: 'artifacts[0].metadata_json', message: 'merge keys (`<<`) are not supported; write the keys out' },
    ]);
  });

  it.each([
    { name: 'a quoted "<<" key', content: 'run: { name: r, owner: o, metadata: { "<<": x } }\n' },
    { name: 'a merge of an inline map', content: 'run: { name: r, owner: o, <<: { status: succeeded } }\n' },
    { name: 'a "<<" key in JSON', content: '{"run": {"name": "r", "owner": "o", "<<": {"status": "succeeded"}}}' },
  ])('refuses $name', async ({ content }) => {
    const issues = await refusedWith(content);
    expect(issues.map((issue) => issue.code)).toEqual(['MERGE_KEY']);
  });
});

describe('row 11: content_hash is a checked string, never coerced', () => {
  const DIGEST = sha256Of('bundle bytes');
  it.each([
    { name: 'an unquoted number', value: '12345', message: 'expected string, got number 12345' },
    { name: 'an unquoted all-digit "hex"', value: '1'.repeat(64), message: 'expected string, got number 1.1111111111111112e+63' },
    { name: 'a YAML hex integer', value: '0xdeadbeef', message: 'expected string, got number 3735928559' },
    { name: 'md5', value: 'md5:0123456789abcdef0123456789abcdef', message: "string 'md5:0123456789abcdef0123456789abcdef' must be sha256:<64 hex digits> or sha512:<128 hex digits>" },
    { name: 'sha1', value: `sha1:${'a'.repeat(40)}`, message: `string 'sha1:${'a'.repeat(40)}' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'a truncated sha256', value: DIGEST.slice(0, -1), message: `string '${DIGEST.slice(0, 57)}...' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'a sha256 one digit too long', value: `${DIGEST}0`, message: `string '${DIGEST.slice(0, 57)}...' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'a bare hex digest', value: DIGEST.slice('sha256:'.length), message: `string '${DIGEST.slice(7, 64)}...' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'a non-hex digit', value: `sha256:${'g'.repeat(64)}`, message: `string 'sha256:${'g'.repeat(50)}...' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'an uppercase algorithm', value: DIGEST.replace('sha256', 'SHA256'), message: `string '${DIGEST.replace('sha256', 'SHA256').slice(0, 57)}...' must be sha256:<64 hex digits> or sha512:<128 hex digits>` },
    { name: 'a boolean', value: 'true', message: 'expected string, got boolean true' },
    { name: 'a list', value: `[${JSON.stringify(DIGEST)}]`, message: 'expected string, got a list' },
  ])('refuses $name', async ({ value, message }) => {
    const issues = await refusedWith(manifestWith([{ path: 'dist/bundle.tgz', hash: value }]));
    expect(issues).toEqual([{ code: 'INVALID_VALUE', file: 'maestro.yml', line: 8, column: 19, path: 'artifacts[0].content_hash', message }]);
  });

  it('normalises uppercase hex to lowercase, verifies it, and reports it lowercase', async () => {
    const ws = await workspace({ 'dist/bundle.tgz': 'bundle bytes' });
    await ws.write('maestro.yml', manifestWith([{ path: 'dist/bundle.tgz', hash: `sha256:${DIGEST.slice(7).toUpperCase()}` }]));
    const result = await check(ws);
    expect(result.passed).toBe(true);
    const verdict = result.runs[0]!;
    expect(verdict.artifacts[0]!.content_hash).toBe(DIGEST);
    expect(buildRunDocuments(verdict).complianceReport.artifacts[0]!.content_hash).toBe(DIGEST);
    expect(buildRunDocuments(verdict).runManifest.artifacts[0]!.content_hash).toBe(DIGEST);
    expect(buildRunDocuments(verdict).complianceReport.artifacts[0]!.integrity).toEqual({ status: 'verified', algorithm: 'sha256', digest: DIGEST, size: 12 });
  });

  it('fails a lowercase digest of other bytes as a mismatch', async () => {
    const ws = await workspace({ 'dist/bundle.tgz': 'other bytes' });
    await ws.write('maestro.yml', manifestWith([{ path: 'dist/bundle.tgz', hash: DIGEST }]));
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.message).toBe(`Integrity check failed for 1 artifact(s): artifact-1 (dist/bundle.tgz): content_hash mismatch (expected ${DIGEST}, got ${sha256Of('other bytes')}; first difference at hex digit 1 of 64)`);
  });
});

describe('row 12: zero artifacts', () => {
  it.each([
    { name: 'an empty list', content: `${RUN.join('\n')}\nartifacts: []\n` },
    { name: 'no artifacts key', content: `${RUN.join('\n')}\n` },
    { name: 'a disclosure pack naming nothing', content: `${RUN.join('\n')}\ndisclosure_pack: { summary: nothing to disclose, artifact_ids: [] }\n` },
    { name: 'a lenient policy', content: `${RUN.join('\n')}\npolicy: { required_flags: [sbom_present] }\n` },
  ])('fails with the service message for $name, never a vacuous pass', async ({ content }) => {
    const verdict = expectGateFailure(await check(await workspace({ 'maestro.yml': content })));
    expect(verdict.gate.message).toBe('No artifacts found for this run');
    expect(buildRunDocuments(verdict).complianceReport.summary).toEqual({ total_artifacts: 0, compliant_artifacts: 0 });
  });

  it('refuses `artifacts:` left empty (null) as a schema error', async () => {
    expect(located(await refusedWith(`${RUN.join('\n')}\nartifacts:\n`))).toEqual([{ code: 'INVALID_VALUE', file: 'maestro.yml', line: 5, column: 11, path: 'artifacts' }]);
  });
});

describe('row 13: paths that leave the workspace are refused, and never opened', () => {
  it.each([
    { value: '../../etc/passwd', message: "'../../etc/passwd' contains a '..' segment (paths must stay inside the workspace)" },
    { value: '/etc/passwd', message: "'/etc/passwd' is absolute (paths are relative to the workspace)" },
    { value: 'C:\\x', message: "'C:\\x' is an absolute Windows path" },
    { value: '\\\\server\\share', message: "'\\\\server\\share' contains a backslash (use / between folders)" },
    { value: 'dist/../../x', message: "'dist/../../x' contains a '..' segment (paths must stay inside the workspace)" },
    { value: '//server/share/x', message: "'//server/share/x' is absolute (paths are relative to the workspace)" },
    { value: 'dist/..', message: "'dist/..' contains a '..' segment (paths must stay inside the workspace)" },
    { value: '.', message: "'.' names the workspace itself, not a file" },
  ])('refuses $value as UNSAFE_PATH at the path_or_uri line', async ({ value, message }) => {
    const ws = await workspace({ 'maestro.yml': manifestWith([{ path: 'dist/ok.tgz' }, { path: value, hash: sha256Of('root:x:0:0') }]) });
    const issues = await refused(ws);
    expect(issues).toEqual([{ code: 'UNSAFE_PATH', file: 'maestro.yml', line: 10, column: 18, path: 'artifacts[1].path_or_uri', message }]);
    expect(touchedPaths().filter((touched) => touched !== ws.path('maestro.yml') && touched !== ws.root)).toEqual([]);
  });

  it.each([
    { name: 'an empty path', value: '' },
    { name: 'a blank path', value: '   ' },
  ])('refuses $name as a missing value', async ({ value }) => {
    const ws = await workspace({ 'maestro.yml': manifestWith([{ path: value, hash: sha256Of('x') }]) });
    expect(await refused(ws)).toEqual([{ code: 'INVALID_VALUE', file: 'maestro.yml', line: 7, column: 18, path: 'artifacts[0].path_or_uri', message: 'must not be empty' }]);
    expect(touchedPaths().filter((touched) => touched !== ws.path('maestro.yml') && touched !== ws.root)).toEqual([]);
  });

  it('reports every unsafe path of a file at once', async () => {
    const ws = await workspace({ 'maestro.yml': manifestWith(['../a', '/b', 'C:\\c', 'ok/d'].map((value) => ({ path: value }))) });
    expect((await refused(ws)).map((issue) => [issue.code, issue.line, issue.path])).toEqual([
      ['UNSAFE_PATH', 7, 'artifacts[0].path_or_uri'],
      ['UNSAFE_PATH', 10, 'artifacts[1].path_or_uri'],
      ['UNSAFE_PATH', 13, 'artifacts[2].path_or_uri'],
    ]);
  });

  it.each(['https://169.254.169.254/latest/meta-data/', 'file:///etc/passwd', 'data:text/plain,x', 'http://localhost:1/x'])(
    'never fetches or opens a URI (%s)',
    async (value) => {
      const ws = await workspace({ 'maestro.yml': manifestWith([{ path: value, hash: sha256Of('x') }]) });
      const result = await check(ws);
      expect(result.runs[0]!.gate.artifacts[0]!.integrity).toMatchObject({ status: 'not_verified' });
      expect(touchedPaths().filter((touched) => touched !== ws.path('maestro.yml') && touched !== ws.root)).toEqual([]);
    },
  );
});

describe('row 14: a sibling folder whose name starts with the workspace name', () => {
  it('refuses ../<ws>-evil/x at validation', async () => {
    const ws = await workspace();
    const evil = await ws.sibling('-evil');
    const target = path.join(evil, 'x');
    await fsp.writeFile(target, 'evil bytes');
    const relative = `../${path.basename(evil)}/x`;
    await ws.write('maestro.yml', manifestWith([{ path: relative, hash: sha256Of('evil bytes') }]));
    const issues = await refused(ws);
    expect(located(issues)).toEqual([{ code: 'UNSAFE_PATH', file: 'maestro.yml', line: 7, column: 18, path: 'artifacts[0].path_or_uri' }]);
    expect(touchedPaths()).not.toContain(target);
  });

  it('refuses a symlink into <ws>-evil, which a startsWith check would let through', async () => {
    const ws = await workspace({ 'dist/good.tgz': 'good' });
    const evil = await ws.sibling('-evil');
    const target = path.join(evil, 'x');
    await fsp.writeFile(target, 'evil bytes');
    expect(target.startsWith(ws.root)).toBe(true);
    await ws.symlink('dist/app.tgz', target);
    await ws.write('maestro.yml', manifestWith([{ id: 'good', path: 'dist/good.tgz', hash: sha256Of('good') }, { id: 'app', path: 'dist/app.tgz', hash: sha256Of('evil bytes') }]));
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.message).toBe('Integrity check failed for 1 artifact(s): app (dist/app.tgz): dist/app.tgz resolves outside the workspace (through a symlink)');
    expect(verdict.gate.artifacts[1]!.integrity).toMatchObject({ status: 'unreadable', code: 'UNSAFE_PATH' });
    expect(openedPaths()).not.toContain(target);
  });
});

describe('row 15: symlinks that point outside the workspace', () => {
  it.each([
    { name: 'a file symlink', link: 'dist/app.tgz', to: (outside: string) => path.join(outside, 'app.tgz'), artifactPath: 'dist/app.tgz' },
    { name: 'a parent folder symlink', link: 'dist', to: (outside: string) => outside, artifactPath: 'dist/app.tgz' },
    { name: 'a relative symlink', link: 'dist', to: (outside: string) => `../${path.basename(outside)}`, artifactPath: 'dist/app.tgz' },
    { name: 'a chain of symlinks', link: 'dist/app.tgz', to: () => '../hop', artifactPath: 'dist/app.tgz', hop: true },
  ])('fails $name even when the outside file matches its content_hash', async ({ link, to, artifactPath, hop }) => {
    const ws = await workspace({ 'other/other.tgz': 'other' });
    const outside = await ws.sibling('-outside');
    const outsideFile = path.join(outside, 'app.tgz');
    await fsp.writeFile(outsideFile, 'outside bytes');
    if (hop) await ws.symlink('hop', outsideFile);
    await ws.symlink(link, to(outside));
    await ws.write('maestro.yml', manifestWith([{ id: 'other', path: 'other/other.tgz', hash: sha256Of('other') }, { id: 'app', path: artifactPath, hash: sha256Of('outside bytes') }]));
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.failures.map((failure) => [failure.rule, failure.artifact_ids])).toEqual([['integrity', ['app']]]);
    expect(verdict.gate.message).toBe(`Integrity check failed for 1 artifact(s): app (${artifactPath}): ${artifactPath} resolves outside the workspace (through a symlink)`);
    expect(verdict.gate.message).not.toContain(outside);
    expect(verdict.gate.artifacts[1]!.integrity).toEqual({ status: 'unreadable', code: 'UNSAFE_PATH', reason: `${artifactPath} resolves outside the workspace (through a symlink)` });
    expect(verdict.gate.artifacts[0]!.integrity).toMatchObject({ status: 'verified' });
    expect(openedPaths()).not.toContain(outsideFile);
    expect(openedPaths().every((opened) => isInside(ws.root, opened))).toBe(true);
  });
});

describe('row 16: special files are "not a regular file", at once', () => {
  const SPECIAL_TIMEOUT = 5_000;

  it.each([
    { name: 'a FIFO', make: (ws: Workspace) => ws.fifo('dist/app.tgz'), code: 'NOT_REGULAR_FILE', reason: 'dist/app.tgz is not a regular file' },
    { name: 'a socket', make: (ws: Workspace) => ws.socket('dist/app.tgz'), code: 'NOT_REGULAR_FILE', reason: 'dist/app.tgz is not a regular file' },
    { name: 'a directory', make: (ws: Workspace) => fsp.mkdir(ws.path('dist/app.tgz'), { recursive: true }), code: 'NOT_REGULAR_FILE', reason: 'dist/app.tgz is not a regular file' },
    { name: 'a symlink to /dev/zero', make: (ws: Workspace) => ws.symlink('dist/app.tgz', '/dev/zero'), code: 'UNSAFE_PATH', reason: 'dist/app.tgz resolves outside the workspace (through a symlink)' },
    { name: 'a symlink to a FIFO', make: async (ws: Workspace) => { await ws.fifo('pipe'); await ws.symlink('dist/app.tgz', '../pipe'); }, code: 'NOT_REGULAR_FILE', reason: 'dist/app.tgz is not a regular file' },
  ])(
    'fails the gate for $name as the artifact, without hanging',
    async ({ make, code, reason }) => {
      const ws = await workspace({ 'dist/good.tgz': 'good' });
      await make(ws);
      await ws.write('maestro.yml', manifestWith([{ id: 'good', path: 'dist/good.tgz', hash: sha256Of('good') }, { id: 'app', path: 'dist/app.tgz', hash: sha256Of('') }]));
      const verdict = expectGateFailure(await check(ws));
      expect(verdict.gate.artifacts[1]!.integrity).toEqual({ status: 'unreadable', code, reason });
      expect(verdict.gate.message).toBe(`Integrity check failed for 1 artifact(s): app (dist/app.tgz): ${reason}`);
    },
    SPECIAL_TIMEOUT,
  );

  it.each([
    { name: 'a FIFO', make: (ws: Workspace) => ws.fifo('maestro.yml'), code: 'NOT_REGULAR_FILE' },
    { name: 'a socket', make: (ws: Workspace) => ws.socket('maestro.yml'), code: 'NOT_REGULAR_FILE' },
    { name: 'a directory', make: (ws: Workspace) => fsp.mkdir(ws.path('maestro.yml')), code: 'NOT_REGULAR_FILE' },
  ])(
    'refuses $name as the manifest, without hanging',
    async ({ make, code }) => {
      const ws = await workspace();
      await make(ws);
      expect(await refused(ws)).toEqual([{ code, file: 'maestro.yml', path: '', message: 'manifest is not a regular file' }]);
    },
    SPECIAL_TIMEOUT,
  );

  it('refuses a manifest symlinked to /dev/zero as a path out of the workspace (row 43), without reading it', async () => {
    const ws = await workspace();
    await ws.symlink('maestro.yml', '/dev/zero');
    const issues = await refused(ws);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'UNSAFE_PATH', file: 'maestro.yml' });
  }, SPECIAL_TIMEOUT);
});

describe('row 19: one hash mismatch among N artifacts', () => {
  it('names that artifact, still reports the others, and fails the run', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`dist/part-${index}.tgz`, `part ${index}`]));
    const ws = await workspace(files);
    const artifacts = Object.entries(files).map(([file, content]) => ({ path: file, hash: sha256Of(content) }));
    await ws.write('dist/part-3.tgz', 'part 3, rebuilt behind our back');
    await ws.write('maestro.yml', manifestWith(artifacts));
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.message).toBe(
      `Integrity check failed for 1 artifact(s): artifact-4 (dist/part-3.tgz): content_hash mismatch (expected ${sha256Of('part 3')}, got ${sha256Of('part 3, rebuilt behind our back')}; first difference at hex digit 1 of 64)`,
    );
    expect(verdict.gate.failures).toEqual([{ rule: 'integrity', message: verdict.gate.message, artifact_ids: ['artifact-4'] }]);
    expect(buildRunDocuments(verdict).releaseGate.details).toMatchObject({ total_artifacts: 6, compliant_artifacts: 5, failing_artifact_ids: ['artifact-4'] });
    expect(buildRunDocuments(verdict).complianceReport.summary).toEqual({ total_artifacts: 6, compliant_artifacts: 5 });
    expect(buildRunDocuments(verdict).complianceReport.artifacts.map((artifact) => [artifact.artifact_id, artifact.compliant, artifact.integrity.status])).toEqual([
      ['artifact-1', true, 'verified'],
      ['artifact-2', true, 'verified'],
      ['artifact-3', true, 'verified'],
      ['artifact-4', false, 'mismatch'],
      ['artifact-5', true, 'verified'],
      ['artifact-6', true, 'verified'],
    ]);
  });

  it('also fails when the mismatched artifact is the only one with all three flags', async () => {
    const ws = await workspace({ 'dist/a.tgz': 'a', 'dist/b.tgz': 'tampered' });
    await ws.write(
      'maestro.yml',
      `${RUN.join('\n')}\nartifacts:\n  - { id: a, kind: other, path_or_uri: dist/a.tgz, content_hash: "${sha256Of('a')}" }\n  - { id: b, kind: other, path_or_uri: dist/b.tgz, content_hash: "${sha256Of('b')}", metadata_json: ${FLAGS} }\n`,
    );
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.failures.map((failure) => failure.rule)).toEqual(['integrity']);
    expect(verdict.gate.message).toMatch(/^Integrity check failed for 1 artifact\(s\): b \(dist\/b\.tgz\): content_hash mismatch/);
  });

  it('also fails when the file is missing', async () => {
    const ws = await workspace({ 'dist/a.tgz': 'a' });
    await ws.write('maestro.yml', manifestWith([{ id: 'a', path: 'dist/a.tgz', hash: sha256Of('a') }, { id: 'gone', path: 'dist/gone.tgz', hash: sha256Of('gone') }]));
    const verdict = expectGateFailure(await check(ws));
    expect(verdict.gate.message).toBe('Integrity check failed for 1 artifact(s): gone (dist/gone.tgz): dist/gone.tgz does not exist');
  });

  it('fails each run on its own when several manifests are gated together', async () => {
    const ws = await workspace({ 'a/bin': 'a', 'b/bin': 'b' });
    await ws.write('a/maestro.yml', manifestWith([{ path: 'a/bin', hash: sha256Of('a') }]));
    await ws.write('b/maestro.yml', manifestWith([{ path: 'b/bin', hash: sha256Of('not b') }]));
    const result = await check(ws, { patterns: ['*/maestro.yml'] });
    expect(result.passed).toBe(false);
    expect(result.runs.map((verdict) => [verdict.run.id, verdict.gate.passed])).toEqual([
      ['a-maestro-yml', true],
      ['b-maestro-yml', false],
    ]);
  });
});
