/**
 * HOSTILE.md rows 1–28, through the bundled Action (`dist/index.js`) run as a GitHub runner runs
 * it, with the harness of ./harness.ts. test/hostile/core.test.ts covers the same rows at the
 * core; rows 29 and on live in the other files of this folder.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMMENT_TRUNCATION_MARKER } from '../../src/report/comment.js';
import { TRUNCATION_MARKER } from '../../src/report/summary.js';
import { startFakeGitHubApi } from '../fakes/github-api.js';
import { markdownProblems } from '../property/inert-markdown.js';
import { runActionInProcess } from '../helpers/in-process.js';
import { ROOT, runAction } from '../helpers/runner.js';
import { makeWorkspace, sha256Of, type FileContent, type Workspace } from '../helpers/workspace.js';
import {
  ARTIFACT_BYTES, ARTIFACT_HASH, error, EVIDENCE, expectCheap, failed, FAULTS, fixtureFile, HOSTILE, inManifest, manifest, OLD_HOSTILE,
  readJson, registered, RUN, runVector, SECRET, STACK_FRAME, vectors, workspaces, type ComplianceJson, type Mode, type Vector,
} from './harness.js';

/* ------------------------------------------------------------------ rows 1–12: the manifest */

vectors('rows 1–2: missing, empty, not a mapping, not text', [
  { row: 1, name: 'no maestro.yml at all', expect: error('FILE_NOT_FOUND', ['maestro.yml', 'manifest not found'], { file: 'maestro.yml' }) },
  { row: 1, name: 'a named manifest that does not exist', inputs: { manifest: 'release/maestro.yml' }, expect: error('FILE_NOT_FOUND', ['release/maestro.yml'], { file: 'release/maestro.yml' }) },
  { row: 1, name: 'a glob that matches nothing', inputs: { manifest: 'services/*/maestro.yml' }, files: { 'services/api/other.yml': 'x: 1\n' }, expect: error('NO_MANIFEST', ['services/*/maestro.yml'], { file: 'services/*/maestro.yml' }) },
  { row: 1, name: 'only exclusions', inputs: { manifest: '!maestro.yml' }, files: inManifest(RUN), expect: error('NO_MANIFEST', ['no manifest path given']) },
  { row: 1, name: 'an empty file', files: inManifest(''), expect: error('EMPTY_MANIFEST', ['maestro.yml', 'manifest is empty'], { file: 'maestro.yml', line: 1 }) },
  { row: 1, name: 'comments only', files: inManifest('# run: {name: x}\n# artifacts: []\n'), expect: error('EMPTY_MANIFEST', ['maestro.yml'], { file: 'maestro.yml' }) },
  { row: 1, name: 'a top-level scalar', files: inManifest('just a string\n'), expect: error('NOT_A_MAPPING', ['maestro.yml', 'a single value'], { file: 'maestro.yml' }) },
  { row: 1, name: 'a top-level list', files: inManifest('- run: { name: r, owner: o }\n'), expect: error('NOT_A_MAPPING', ['maestro.yml', 'a list'], { file: 'maestro.yml' }) },
  { row: 1, name: 'a JSON manifest that is a list', inputs: { manifest: 'maestro.json' }, files: { 'maestro.json': '[{"run": {"name": "r", "owner": "o", "status": "succeeded"}}]' }, expect: error('NOT_A_MAPPING', ['maestro.json'], { file: 'maestro.json' }) },
  { row: 1, name: 'a mapping without run', files: inManifest('artifacts: []\n'), expect: error('MISSING_FIELD', ['maestro.yml', 'run'], { file: 'maestro.yml', path: 'run' }) },
  { row: 1, name: 'an invalid manifest with fail-on-gate false (advisory never covers an error)', inputs: { 'fail-on-gate': 'false' }, files: inManifest(''), expect: error('EMPTY_MANIFEST', ['maestro.yml']) },
  { row: 2, name: 'a lone 0xFF byte', files: inManifest(Buffer.concat([Buffer.from('run:\n  name: '), Buffer.from([0xff]), Buffer.from('\n')])), expect: error('NOT_UTF8', ['maestro.yml', 'not valid UTF-8'], { file: 'maestro.yml', line: 2 }) },
  { row: 2, name: 'Latin-1 text', files: inManifest(Buffer.from(`${RUN}  metadata: { city: Montréal }\n`, 'latin1')), expect: error('NOT_UTF8', ['maestro.yml'], { line: 5 }) },
  { row: 2, name: 'UTF-16 with a BOM', files: inManifest(Buffer.from(`\uFEFF${RUN}`, 'utf16le')), expect: error('NOT_UTF8', ['maestro.yml'], { line: 1 }) },
  { row: 2, name: 'a BOM then junk', files: inManifest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('@@@ ::: %%%\n')])), expect: error('PARSE_ERROR', ['maestro.yml'], { file: 'maestro.yml', line: 1 }) },
  { row: 2, name: 'a NUL byte', files: inManifest(`${RUN}  metadata: { a: "x\u0000y" }\n`), expect: error('NUL_BYTE', ['maestro.yml', 'NUL'], { line: 5 }) },
  { row: 2, name: 'tab indentation', files: inManifest('run:\n\tname: release\n\towner: platform\n'), expect: error('PARSE_ERROR', ['maestro.yml'], { line: 2 }) },
]);

vectors('rows 3–5: alias bombs, size cap, deep nesting', [
  {
    row: 3,
    name: 'billion laughs, refused fast with flat memory',
    files: {},
    setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'alias-bomb.yml'))),
    fault: 'measure.mjs',
    expect: error('ALIAS_LIMIT', ['maestro.yml', 'aliases expand to more than'], { file: 'maestro.yml', line: 6 }),
    check: (run, _ws, expect) => expectCheap(run, expect),
  },
  {
    row: 3,
    name: 'a 1,000-item list aliased 90 times',
    files: inManifest(`${RUN}  metadata:\n    big: &big [${Array.from({ length: 1000 }, (_, index) => index).join(', ')}]\n    copies: [${Array(90).fill('*big').join(', ')}]\n`),
    fault: 'measure.mjs',
    expect: error('ALIAS_LIMIT', ['maestro.yml'], { path: 'run.metadata.copies[9]' }),
    check: (run, _ws, expect) => expectCheap(run, expect),
  },
  {
    row: 3,
    name: 'more than 100 alias uses of a scalar',
    files: inManifest(`${RUN}  metadata:\n    one: &o x\n    many: [${Array(101).fill('*o').join(', ')}]\n`),
    expect: error('ALIAS_LIMIT', ['maestro.yml', 'limit of 100']),
  },
  {
    row: 4,
    name: 'over MAESTRO_GATE_MAX_MANIFEST_BYTES, refused before parsing (the content is itself a bomb)',
    setup: async (ws) => {
      const bomb = (await fixtureFile(OLD_HOSTILE, 'alias-bomb.yml')).toString();
      await ws.write('maestro.yml', `${bomb}${'#'.repeat(2047 - bomb.length)}\n`);
    },
    env: { MAESTRO_GATE_MAX_MANIFEST_BYTES: '1024' },
    expect: error('FILE_TOO_LARGE', ['maestro.yml', '2048 bytes, over the limit of 1024 bytes'], { file: 'maestro.yml' }),
  },
  {
    row: 4,
    name: 'over the default 64 MiB cap (a sparse file: never read)',
    setup: async (ws) => {
      await ws.write('maestro.yml', RUN);
      await truncate(ws.path('maestro.yml'), 64 * 1024 * 1024 + 1);
    },
    fault: 'measure.mjs',
    expect: error('FILE_TOO_LARGE', ['maestro.yml', 'over the limit of 67108864 bytes']),
    check: (run, _ws, expect) => expectCheap(run, expect),
  },
  {
    row: 4,
    name: 'a JSON manifest over the cap',
    inputs: { manifest: 'maestro.json' },
    files: { 'maestro.json': JSON.stringify({ run: { name: 'r', owner: 'o', status: 'succeeded', metadata: { pad: 'x'.repeat(4096) } } }) },
    env: { MAESTRO_GATE_MAX_MANIFEST_BYTES: '4096' },
    expect: error('FILE_TOO_LARGE', ['maestro.json']),
  },
  ...[
    ['flow sequences', `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['flow mappings', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`],
    ['block mappings (2,000 deep: 10,000 would be 50 MB, over the YAML cap)', `${Array.from({ length: 2_000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n')} 1\n`],
    ['compact sequences under run.metadata', `${RUN}  metadata:\n    deep:\n      ${'- '.repeat(10_000)}x\n`],
    ['JSON arrays', `{"run": {"name": "r", "owner": "o", "metadata": {"deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`],
  ].map(([what, content]): Vector => ({ row: 5, name: `10,000-deep ${what}`, files: inManifest(content!), fault: 'measure.mjs', expect: error('TOO_DEEP', ['maestro.yml', 'nesting'], { file: 'maestro.yml' }), check: (run, _ws, expect) => expectCheap(run, expect, { mib: 400, ms: 8_000 }) })),
]);


vectors('rows 6–11: keys and values that must never be read leniently', [
  { row: 6, name: 'sbom_present false, then true', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'duplicate-flag.yml'))), expect: error('DUPLICATE_KEY', ['maestro.yml', "duplicate key 'sbom_present'"], { path: 'artifacts[0].metadata_json.sbom_present', line: 12 }) },
  { row: 6, name: 'two run: keys', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'duplicate-run.yml'))), expect: error('DUPLICATE_KEY', ['maestro.yml', "duplicate key 'run'"], { path: 'run' }) },
  { row: 6, name: 'a duplicate key in JSON', inputs: { manifest: 'maestro.json' }, files: { 'maestro.json': '{"run": {"name": "r", "owner": "o", "status": "failed", "status": "succeeded"}, "artifacts": []}' }, expect: error('DUPLICATE_KEY', ['maestro.json'], { path: 'run.status' }) },
  { row: 6, name: '1 and "1", the same key once loaded', files: inManifest(`${RUN}  metadata: { 1: x, "1": y }\n`), expect: error('DUPLICATE_KEY', ['maestro.yml'], { path: 'run.metadata["1"]' }) },
  { row: 6, name: 'two artifacts with one id', files: inManifest(manifest([{ id: 'app', path: 'oci://r/app:1' }, { id: 'app', path: 'oci://r/app:2' }])), expect: error('DUPLICATE_ID', ['maestro.yml', "artifact id 'app' is already used"], { path: 'artifacts[1].id' }) },
  {
    row: 6,
    name: 'two manifests with one run id',
    inputs: { manifest: 'a/maestro.yml\nb/maestro.yml' },
    files: { 'a/maestro.yml': `run: { id: rel, name: a, owner: o, status: succeeded }\n`, 'b/maestro.yml': `run: { id: rel, name: b, owner: o, status: succeeded }\n` },
    expect: error('DUPLICATE_ID', ['b/maestro.yml', "run id 'rel' is already used by a/maestro.yml"], { file: 'b/maestro.yml', path: 'run.id' }),
  },
  { row: 7, name: 'yes / on / y as flags', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'yaml11-booleans.yml'))), expect: error('INVALID_VALUE', ['maestro.yml', "expected boolean, got string 'yes'", 'slsa_provenance_present'], { path: 'artifacts[0].metadata_json.sbom_present', line: 9 }) },
  { row: 7, name: 'a %YAML 1.1 directive', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'yaml11-directive.yml'))), expect: error('PARSE_ERROR', ['maestro.yml', '%YAML 1.1 is not supported'], { line: 1 }) },
  { row: 7, name: '!!bool yes and "true" (a string)', files: inManifest(manifest([{ path: 'oci://r/a:1', flags: '{ sbom_present: !!bool yes, slsa_provenance_present: "true", risk_assessment_present: True }' }])), expect: error('INVALID_VALUE', ['maestro.yml', 'expected boolean'], { path: 'artifacts[0].metadata_json.sbom_present' }) },
  { row: 7, name: 'require_evidence: off', files: inManifest(`${RUN}policy: { require_evidence: off }\n`), expect: error('INVALID_VALUE', ['maestro.yml', "expected boolean, got string 'off'"], { path: 'policy.require_evidence' }) },
  { row: 8, name: 'sbom_presnt and slsa_provenance', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'typo-keys.yml'))), expect: error('UNKNOWN_KEY', ['maestro.yml', "unknown key 'sbom_presnt' (did you mean 'sbom_present'?)", "'slsa_provenance'"], { path: 'artifacts[0].metadata_json.sbom_presnt', line: 9 }) },
  { row: 8, name: 'artefacts at the top', files: inManifest(`${RUN}artefacts: []\n`), expect: error('UNKNOWN_KEY', ['maestro.yml', "unknown key 'artefacts'"], { path: 'artefacts' }) },
  { row: 8, name: 'a policy typo that would weaken nothing visibly', files: inManifest(`${RUN}policy: { require_evidance: true }\n`), expect: error('UNKNOWN_KEY', ['maestro.yml', "'require_evidance'", "did you mean 'require_evidence'"], { path: 'policy.require_evidance' }) },
  { row: 9, name: '__proto__, constructor and prototype keys', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'prototype-keys.yml'))), expect: error('FORBIDDEN_KEY', ['maestro.yml', "key '__proto__' is not allowed", "key 'constructor'"], { line: 1 }) },
  { row: 9, name: '__proto__ in JSON', inputs: { manifest: 'maestro.json' }, files: { 'maestro.json': '{"__proto__": {"status": "succeeded"}, "run": {"name": "r", "owner": "o"}}' }, expect: error('FORBIDDEN_KEY', ['maestro.json', '__proto__']) },
  { row: 9, name: 'prototype in additional_metadata', files: inManifest(manifest([{ path: 'oci://r/a:1', flags: '{ additional_metadata: { prototype: { polluted: 1 } } }' }])), expect: error('FORBIDDEN_KEY', ['maestro.yml', "'prototype'"], { path: 'artifacts[0].metadata_json.additional_metadata' }) },
  {
    row: 9,
    name: 'an artifact id __proto__ is kept as data, counted, and named when it fails',
    files: inManifest(`${RUN}artifacts:\n  - { id: __proto__, kind: other, path_or_uri: oci://r/a:1, metadata_json: { sbom_present: true } }\n  - { id: constructor, kind: other, path_or_uri: oci://r/b:1 }\n`),
    expect: failed('min_compliant_artifacts', '__proto__', ['No artifacts meet compliance requirements']),
    check: async (run, ws, expect) => {
      const report = (await readJson(ws.path('maestro-report/compliance-report.json'))) as unknown as ComplianceJson;
      expect(report.summary).toEqual({ total_artifacts: 2, compliant_artifacts: 0 });
      expect(report.artifacts.map((artifact) => artifact.artifact_id)).toEqual(['__proto__', 'constructor']);
      expect(run.outputs['total-artifacts']).toBe('2');
    },
  },
  { row: 10, name: '<<: *base', setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(OLD_HOSTILE, 'merge-key.yml'))), expect: error('MERGE_KEY', ['maestro.yml', 'merge keys'], { path: 'artifacts[0].metadata_json', line: 13 }) },
  { row: 10, name: 'a literal "<<" key', files: inManifest(`${RUN}  metadata: { "<<": x }\n`), expect: error('MERGE_KEY', ['maestro.yml'], { path: 'run.metadata' }) },
  { row: 10, name: 'a merge of an inline map over status', files: inManifest('run: { name: r, owner: o, <<: { status: succeeded } }\n'), expect: error('MERGE_KEY', ['maestro.yml'], { path: 'run' }) },
  ...[
    ['an unquoted number', '12345', 'expected string, got number 12345'],
    ['sixty-four unquoted 1s (a float once coerced)', '1'.repeat(64), 'expected string, got number'],
    ['md5', 'md5:0123456789abcdef0123456789abcdef', 'must be sha256:<64 hex digits>'],
    ['a truncated sha256', ARTIFACT_HASH.slice(0, -1), 'must be sha256:<64 hex digits>'],
    ['an uppercase algorithm', ARTIFACT_HASH.replace('sha256', 'SHA256'), 'must be sha256'],
  ].map(([what, hash, words]): Vector => ({
    row: 11,
    name: `content_hash: ${what}`,
    files: inManifest(manifest([{ path: 'dist/app.tgz', hash: hash! }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    expect: error('INVALID_VALUE', ['maestro.yml', words!], { path: 'artifacts[0].content_hash', line: 8 }),
  })),
  {
    row: 11,
    name: 'uppercase hex is normalised, and then it is checked: a wrong digest still fails',
    files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz', hash: sha256Of('other bytes').toUpperCase().replace('SHA256', 'sha256') }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    expect: failed('integrity', 'app', ['content_hash mismatch', sha256Of('other bytes')]),
  },
  { row: 12, name: 'artifacts: []', files: inManifest(`${RUN}artifacts: []\n`), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
  { row: 12, name: 'no artifacts key', files: inManifest(RUN), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
  { row: 12, name: 'a lenient policy and a disclosure pack, still no artifacts', files: inManifest(`${RUN}policy: { required_flags: [sbom_present] }\ndisclosure_pack: { summary: nothing, artifact_ids: [] }\n`), expect: failed('has_artifacts', undefined, ['No artifacts found for this run']) },
]);

/* ------------------------------------------------------------ rows 13–21: files and evidence */

const outsideFile = (ws: Workspace): string => `${ws.root}-evil/secret.txt`;
async function makeOutside(ws: Workspace): Promise<string> {
  const folder = await ws.sibling('-evil');
  await writeFile(path.join(folder, 'secret.txt'), ARTIFACT_BYTES);
  return folder;
}

vectors('rows 13–16: paths that leave the workspace, special files', [
  ...[
    ['../../etc/passwd', "contains a '..' segment"],
    ['/etc/passwd', 'is absolute'],
    ['C:\\x', 'absolute Windows path'],
    ['\\\\server\\share', 'contains a backslash'],
    ['dist/../../x', "contains a '..' segment"],
    ['.', 'names the workspace itself'],
  ].map(([value, words]): Vector => ({
    row: 13,
    name: `path_or_uri ${value}`,
    files: inManifest(manifest([{ path: 'oci://r/ok:1' }, { path: value! }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    expect: error('UNSAFE_PATH', ['maestro.yml', words!], { path: 'artifacts[1].path_or_uri', line: 11 }),
    untouched: () => ['/etc/passwd'],
  })),
  { row: 13, name: 'path_or_uri ""', files: inManifest(manifest([{ path: '' }])), expect: error('INVALID_VALUE', ['maestro.yml', 'must not be empty'], { path: 'artifacts[0].path_or_uri' }) },
  { row: 13, name: 'an evidence path ../../etc/passwd', files: inManifest(manifest([{ path: 'dist/app.tgz', evidence: { sbom: '../../etc/passwd' } }]), { 'dist/app.tgz': ARTIFACT_BYTES }), expect: error('UNSAFE_PATH', ['maestro.yml', "'..' segment"], { path: 'artifacts[0].evidence.sbom' }), untouched: () => ['/etc/passwd'] },
  { row: 13, name: 'a trusted key /etc/ssh/ssh_host_rsa_key.pub', files: inManifest(`${RUN}policy: { trusted_keys: [/etc/ssh/ssh_host_rsa_key.pub] }\n`), expect: error('UNSAFE_PATH', ['maestro.yml', 'is absolute'], { path: 'policy.trusted_keys[0]' }), untouched: () => ['/etc/ssh/ssh_host_rsa_key.pub'] },
  {
    row: 14,
    name: 'a sibling-prefix path ../<ws>-evil/secret.txt',
    setup: async (ws) => {
      await makeOutside(ws);
      await ws.write('maestro.yml', manifest([{ path: `../${path.basename(ws.root)}-evil/secret.txt` }]));
    },
    expect: error('UNSAFE_PATH', ['maestro.yml'], { path: 'artifacts[0].path_or_uri' }),
    untouched: (ws) => [outsideFile(ws)],
  },
  {
    row: 14,
    name: 'a symlink into <ws>-evil, which a startsWith check lets through',
    setup: async (ws) => {
      await makeOutside(ws);
      await ws.write('dist/good.tgz', ARTIFACT_BYTES);
      await ws.symlink('dist/app.tgz', outsideFile(ws));
      await ws.write('maestro.yml', manifest([{ id: 'good', path: 'dist/good.tgz' }, { id: 'app', path: 'dist/app.tgz' }]));
    },
    expect: failed('integrity', 'app', ['resolves outside the workspace']),
  },
  ...[
    ['a file symlink', 'dist/app.tgz', (outside: string) => path.join(outside, 'secret.txt'), 'dist/app.tgz'],
    ['a parent folder symlink', 'dist', (outside: string) => outside, 'dist/secret.txt'],
    ['a relative symlink', 'dist', (outside: string) => `../${path.basename(outside)}`, 'dist/secret.txt'],
  ].map(([what, link, target, artifactPath]): Vector => ({
    row: 15,
    name: `${what as string} out of the workspace, even with the matching digest`,
    setup: async (ws) => {
      const outside = await makeOutside(ws);
      await ws.symlink(link as string, (target as (outside: string) => string)(outside));
      await ws.write('other.tgz', ARTIFACT_BYTES);
      await ws.write('maestro.yml', manifest([{ id: 'other', path: 'other.tgz' }, { id: 'app', path: artifactPath as string }]));
    },
    expect: failed('integrity', 'app', [`${artifactPath as string} resolves outside the workspace`]),
    // Resolved (that is how the escape is seen), never opened.
    check: (run, ws, expect) => expect(run.stdout).not.toContain(`${ws.root}-evil`),
  })),
  {
    row: 15,
    name: 'an evidence file symlinked out of the workspace',
    setup: async (ws) => {
      await makeOutside(ws);
      await ws.write('dist/app.tgz', ARTIFACT_BYTES);
      await ws.symlink('evidence/sbom.json', outsideFile(ws));
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { sbom: 'evidence/sbom.json' } }]));
    },
    expect: failed('integrity', 'app', ['SBOM evidence evidence/sbom.json', 'resolves outside the workspace']),
  },
  ...[
    ['a FIFO', (ws: Workspace) => ws.fifo('dist/app.tgz'), 'is not a regular file'],
    ['a socket', (ws: Workspace) => ws.socket('dist/app.tgz'), 'is not a regular file'],
    ['a directory', (ws: Workspace) => mkdir(ws.path('dist/app.tgz'), { recursive: true }), 'is not a regular file'],
    ['a symlink to /dev/zero', (ws: Workspace) => ws.symlink('dist/app.tgz', '/dev/zero'), 'resolves outside the workspace'],
    ['a symlink to a FIFO inside', async (ws: Workspace) => { await ws.fifo('pipe'); await ws.symlink('dist/app.tgz', '../pipe'); }, 'is not a regular file'],
  ].map(([what, make, words]): Vector => ({
    row: 16,
    name: `${what as string} as the artifact, at once`,
    setup: async (ws) => {
      await (make as (ws: Workspace) => Promise<void>)(ws);
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz' }]));
    },
    fault: 'measure.mjs',
    expect: failed('integrity', 'app', [`dist/app.tgz ${words as string}`]),
    check: (run, _ws, expect) => expectCheap(run, expect),
  })),
  ...[
    ['a FIFO', (ws: Workspace) => ws.fifo('maestro.yml')],
    ['a directory', (ws: Workspace) => mkdir(ws.path('maestro.yml'))],
  ].map(([what, make]): Vector => ({
    row: 16,
    name: `${what as string} as the manifest, at once`,
    setup: make as (ws: Workspace) => Promise<void>,
    fault: 'measure.mjs',
    expect: error('NOT_REGULAR_FILE', ['maestro.yml', 'not a regular file'], { file: 'maestro.yml' }),
    check: (run, _ws, expect) => expectCheap(run, expect),
  })),
  {
    row: 16,
    name: 'a manifest symlinked to /dev/zero: out of the workspace, refused at once',
    setup: (ws) => ws.symlink('maestro.yml', '/dev/zero'),
    fault: 'measure.mjs',
    expect: error('UNSAFE_PATH', ['maestro.yml'], { file: 'maestro.yml' }),
    check: (run, _ws, expect) => expectCheap(run, expect),
  },
  {
    row: 16,
    name: 'a FIFO as an evidence file',
    setup: async (ws) => {
      await ws.write('dist/app.tgz', ARTIFACT_BYTES);
      await ws.fifo('evidence/risk.yml');
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { risk_assessment: 'evidence/risk.yml' } }]));
    },
    expect: failed('integrity', 'app', ['risk assessment evidence evidence/risk.yml', 'not a regular file']),
  },
]);

vectors('rows 17–19: files that are too large, change, or do not match', [
  {
    row: 17,
    name: 'an artifact over the 2 GiB cap (sparse: refused before a byte is read)',
    setup: async (ws) => {
      await ws.write('dist/app.tgz', ARTIFACT_BYTES);
      await truncate(ws.path('dist/app.tgz'), 2 * 1024 * 1024 * 1024 + 1);
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz' }]));
    },
    fault: 'measure.mjs',
    expect: failed('integrity', 'app', ['dist/app.tgz is 2147483649 bytes, over the limit']),
    check: (run, _ws, expect) => expectCheap(run, expect),
  },
  {
    row: 17,
    name: 'an evidence file over the 64 MiB cap (sparse)',
    setup: async (ws) => {
      await ws.write('dist/app.tgz', ARTIFACT_BYTES);
      await ws.write('evidence/sbom.json', `{"bomFormat": "${SECRET}"`);
      await truncate(ws.path('evidence/sbom.json'), 64 * 1024 * 1024 + 1);
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { sbom: 'evidence/sbom.json' } }]));
    },
    expect: failed('integrity', 'app', ['SBOM evidence evidence/sbom.json', 'over the limit']),
  },
  {
    row: 17,
    name: 'an artifact that keeps growing while it is hashed: stopped at once, not at the cap',
    files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz' }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    fault: 'grow-while-read.mjs',
    faultTarget: 'dist/app.tgz',
    expect: failed('integrity', 'app', ['dist/app.tgz changed while it was read']),
  },
  {
    row: 18,
    name: 'an artifact rewritten in place once hashed',
    files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz' }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    fault: 'rewrite-while-read.mjs',
    faultTarget: 'dist/app.tgz',
    expect: failed('integrity', 'app', ['dist/app.tgz changed while it was read']),
  },
  {
    row: 18,
    name: 'an artifact replaced (renamed over) after it was opened: the old bytes match, the path does not',
    files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz' }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    fault: 'replace-after-open.mjs',
    faultTarget: 'dist/app.tgz',
    expect: failed('integrity', 'app', ['dist/app.tgz was replaced while it was read']),
  },
  {
    row: 18,
    name: 'an evidence file replaced after it was opened',
    setup: async (ws) => {
      await ws.write('dist/app.tgz', ARTIFACT_BYTES);
      await ws.write('evidence/risk.md', `# Risk\n${SECRET}\n`);
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { risk_assessment: 'evidence/risk.md' } }]));
    },
    fault: 'replace-after-open.mjs',
    faultTarget: 'evidence/risk.md',
    expect: failed('integrity', 'app', ['risk assessment evidence evidence/risk.md', 'was replaced while it was read']),
  },
  {
    row: 19,
    name: 'one mismatch among five: named, the others still reported',
    setup: async (ws) => {
      for (let index = 0; index < 5; index += 1) await ws.write(`dist/part-${index}.tgz`, ARTIFACT_BYTES);
      await ws.write('dist/part-3.tgz', `rebuilt ${SECRET}\n`);
      await ws.write('maestro.yml', manifest(Array.from({ length: 5 }, (_, index) => ({ id: `part-${index}`, path: `dist/part-${index}.tgz` }))));
    },
    expect: failed('integrity', 'part-3', ['Integrity check failed for 1 artifact(s)', 'content_hash mismatch']),
    check: async (run, ws, expect) => {
      const report = (await readJson(ws.path('maestro-report/compliance-report.json'))) as unknown as ComplianceJson;
      expect(report.artifacts.map((artifact) => [artifact.artifact_id, artifact.compliant])).toEqual([
        ['part-0', true],
        ['part-1', true],
        ['part-2', true],
        ['part-3', false],
        ['part-4', true],
      ]);
      expect(run.outputs['compliant-artifacts']).toBe('4');
    },
  },
  {
    row: 19,
    name: 'one missing file among three',
    files: inManifest(manifest([{ id: 'a', path: 'dist/a.tgz' }, { id: 'gone', path: 'dist/gone.tgz' }, { id: 'c', path: 'dist/c.tgz' }]), { 'dist/a.tgz': ARTIFACT_BYTES, 'dist/c.tgz': ARTIFACT_BYTES }),
    expect: failed('integrity', 'gone', ['dist/gone.tgz does not exist']),
  },
]);

/** An artifact whose bytes `artifact.txt` are named by the provenance fixtures' subject. */
const PROVENANCE_SUBJECT = 'ac6984ed10f572bb82ed769871829c5eac0d7cc75a4f609354e82cfc795ae116';

function evidenceVector(row: number, name: string, key: 'sbom' | 'slsa_provenance' | 'risk_assessment', file: { fixture?: string; content?: string } | null, words: string[], extraPolicy = ''): Vector {
  const target = `evidence/${key}${file?.fixture ? path.extname(file.fixture) : '.json'}`;
  return {
    row,
    name,
    setup: async (ws) => {
      await ws.write('dist/app.txt', await readFile(path.join(EVIDENCE, 'provenance/artifact.txt')));
      if (file?.fixture) await ws.write(target, await readFile(path.join(EVIDENCE, file.fixture)));
      if (file?.content !== undefined) await ws.write(target, file.content);
      await ws.write('maestro.yml', manifest([{ id: 'app', path: 'dist/app.txt', hash: `sha256:${PROVENANCE_SUBJECT}`, evidence: { [key]: target } }], extraPolicy));
    },
    expect: failed('integrity', 'app', [target, ...words]),
  };
}

vectors('rows 20–21: evidence that does not back its flag', [
  evidenceVector(20, 'an SBOM that does not exist', 'sbom', null, ['does not exist']),
  evidenceVector(20, 'an empty SBOM', 'sbom', { fixture: 'sbom/empty.json' }, ['empty file']),
  evidenceVector(20, 'an SBOM that is not JSON (and whose bytes are secret)', 'sbom', { content: `${SECRET}: {not json` }, ['not JSON']),
  evidenceVector(20, 'JSON that is no SBOM', 'sbom', { fixture: 'sbom/not-an-sbom.json' }, ['SBOM evidence']),
  evidenceVector(20, 'a CycloneDX XML SBOM (wrong format)', 'sbom', { fixture: 'sbom/cyclonedx-1.6.xml' }, ['SBOM evidence']),
  evidenceVector(20, 'a CycloneDX SBOM with 0 components', 'sbom', { fixture: 'sbom/cyclonedx-1.6-no-components.json' }, ['lists no components and no services']),
  evidenceVector(20, 'a truncated CycloneDX SBOM', 'sbom', { fixture: 'sbom/cyclonedx-1.6-truncated.json' }, ['not JSON']),
  evidenceVector(20, 'an empty risk assessment', 'risk_assessment', { fixture: 'risk/empty.md' }, ['risk assessment evidence']),
  evidenceVector(20, 'a risk assessment that is invalid JSON', 'risk_assessment', { fixture: 'risk/risk-invalid.json' }, ['risk assessment evidence']),
  evidenceVector(20, 'a risk assessment whose YAML is an alias bomb', 'risk_assessment', { fixture: 'risk/risk-alias-bomb.yaml' }, ['risk assessment evidence']),
  {
    row: 20,
    name: 'flags declared true with require-evidence and no evidence at all: "the flag says true" is not enough',
    files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz' }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
    inputs: { 'require-evidence': 'true' },
    expect: failed('min_compliant_artifacts', 'app', ['SBOM declared true, no evidence']),
  },
  evidenceVector(21, 'provenance with a wrong _type', 'slsa_provenance', { fixture: 'provenance/wrong-type.json' }, ['SLSA provenance evidence']),
  evidenceVector(21, 'provenance without a subject', 'slsa_provenance', { fixture: 'provenance/no-subject.json' }, ['subject']),
  evidenceVector(21, "provenance of another artifact's digest", 'slsa_provenance', { fixture: 'provenance/other-artifact.json' }, ['SLSA provenance evidence']),
  evidenceVector(21, 'a DSSE envelope with an undecodable payload', 'slsa_provenance', { fixture: 'provenance/undecodable-payload.dsse.json' }, ['SLSA provenance evidence']),
  evidenceVector(21, 'an unknown predicate type', 'slsa_provenance', { fixture: 'provenance/unknown-predicate.json' }, ['predicate']),
  evidenceVector(21, 'a DSSE envelope whose payloadType is not in-toto', 'slsa_provenance', { fixture: 'provenance/wrong-payload-type.dsse.json' }, ['payloadType']),
  evidenceVector(21, 'truncated provenance JSON', 'slsa_provenance', { fixture: 'provenance/truncated.json' }, ['SLSA provenance evidence']),
  evidenceVector(21, 'an unsigned envelope when signatures are required', 'slsa_provenance', { fixture: 'provenance/unsigned.dsse.json' }, ['unsigned'], 'policy: { require_signatures: true }\n'),
]);

/* --------------------------------------------------------- rows 22–23: what the reports show */

vectors('rows 22–23: Markdown, HTML and workflow commands in every field', [
  {
    row: 22,
    name: 'Markdown, HTML, links, images, mentions and pipes (fixture)',
    setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(HOSTILE, 'markdown-injection.yml'))),
    expect: failed('run_succeeded', undefined, ["Run status is 'pending'"]),
    check: async (run, ws, expect) => {
      expect(markdownProblems(run.summary, { passed: false })).toEqual([]);
      expect(markdownProblems(await readFile(ws.path('maestro-report/compliance-report.md'), 'utf8'), { passed: false })).toEqual([]);
      // Inert, not dropped: a reviewer still reads what the manifest says.
      expect(run.summary).toContain('PASSED');
    },
  },
  ...[
    ['a fake verdict in run.name', { name: '</td></tr></table>\n\n## ✅ Release gate passed' }],
    ['an attribute breakout in an artifact id', { id: '" onclick="alert(1)" x="' }],
    ['a javascript: link as path_or_uri', { path: '[x](javascript:alert(1))' }],
    ['a team mention as owner', { owner: '@summit/release-admins please approve' }],
    ['an image as the disclosure summary', { summary: '<img src="https://attacker.example/pixel.png">' }],
    ['pipes everywhere', { name: '|a|b|', id: 'c|d', path: 'oci://r/e|f', owner: '||' }],
    ['newlines that start a heading, a list and a quote', { name: 'x\n# heading\n- item\n> quote', summary: 'a\r\n\r\n| fake | table |\n| --- | --- |\n| x | y |' }],
    ['an HTML comment that would swallow the rest', { name: '<!--', owner: '-->' }],
  ].map(([what, fields]): Vector => {
    const f = fields as { name?: string; id?: string; path?: string; owner?: string; summary?: string };
    return {
      row: 22,
      name: what as string,
      files: inManifest(
        [
          'run:',
          `  name: ${JSON.stringify(f.name ?? 'release')}`,
          `  owner: ${JSON.stringify(f.owner ?? 'platform')}`,
          '  status: succeeded',
          'artifacts:',
          `  - id: ${JSON.stringify(f.id ?? 'app')}`,
          '    kind: other',
          `    path_or_uri: ${JSON.stringify(f.path ?? 'oci://r/app:1')}`,
          '    metadata_json: { sbom_present: true }',
          `disclosure_pack: { summary: ${JSON.stringify(f.summary ?? 'pack')} }`,
          '',
        ].join('\n'),
      ),
      expect: failed('min_compliant_artifacts', f.id ?? 'app'),
      check: async (run, ws, expect) => {
        expect(markdownProblems(run.summary, { passed: false })).toEqual([]);
        expect(markdownProblems(await readFile(ws.path('maestro-report/compliance-report.md'), 'utf8'), { passed: false })).toEqual([]);
      },
    };
  }),
  {
    row: 23,
    name: '::error::, ::add-mask::, ::stop-commands::, ##[…] in every printed field (fixture)',
    setup: async (ws) => void (await ws.write('maestro.yml', await fixtureFile(HOSTILE, 'workflow-commands.yml'))),
    expect: failed('run_succeeded', undefined, ["Run status is 'pending'"]),
    check: (run, _ws, expect) => {
      expect(injectedCommands(run.stdout)).toEqual([]);
      expect(markdownProblems(run.summary, { passed: false })).toEqual([]);
    },
  },
  ...[
    ['an unknown key that is a command', '"::add-mask::x": 1\n', 'UNKNOWN_KEY'],
    ['a bad status that is a command', 'run: { name: r, owner: o, status: "::stop-commands::tok" }\n', 'INVALID_VALUE'],
    ['a bad kind after a newline', `${RUN}artifacts: [{ kind: "x\\n::error::forged", path_or_uri: a }]\n`, 'INVALID_VALUE'],
    ['an unsafe path with a legacy command', `${RUN}artifacts: [{ kind: other, path_or_uri: "/##[error]forged" }]\n`, 'UNSAFE_PATH'],
  ].map(([what, content, code]): Vector => ({
    row: 23,
    name: `${what as string} (in an error)`,
    files: inManifest(content!),
    expect: error(code!, ['maestro.yml']),
    check: (run, _ws, expect) => {
      expect(injectedCommands(run.stdout)).toEqual([]);
      expect(markdownProblems(run.summary)).toEqual([]);
    },
  })),
]);

/**
 * Lines of stdout the runner would read as a command the manifest wrote: any `::name` at a line
 * start that is not one of ours (error/warning/notice/debug annotations, whose message
 * src/action/runner.ts percent-encodes as @actions/core does), and a legacy `##[` anywhere in any other line.
 */
function injectedCommands(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((line) => {
    const command = /^[\s\p{Default_Ignorable_Code_Point}]*::([^\s:]*)/u.exec(line);
    // The runner tries a `::` command first; only a line that is not one is searched for `##[`.
    if (!command) return /##\p{Default_Ignorable_Code_Point}*\[/u.test(line);
    if (!['error', 'warning', 'notice', 'debug'].includes(command[1]!)) return true;
    // The message after the second `::` must not itself be a command (core escapes % \r \n, not ::).
    return /^::[a-z]+( [^:]*)?::[\s]*::/.test(line);
  });
}

/* ------------------------------------------------------------ rows 24–28: delivery and faults */

/*
 * More than the 200 rows a summary shows: 2,000 artifacts whose 200 shown rows, escaped, alone
 * pass 1 MiB, so the byte cap is what cuts; 10,000 problems whose rows (~210 bytes each), all
 * shown, would pass it twice. These were 20,000 of each, which cost ~3 s more CPU and were cut
 * the same way.
 */
const MANY = 2_000;
const MANY_PROBLEMS = 10_000;
const LONG = 'x'.repeat(200);
const LONG_ID = '@'.repeat(240);

vectors('row 24: the summary (unset, unwritable, huge) never decides the verdict', [
  {
    row: 24,
    name: `${MANY.toLocaleString('en-US')} artifacts with long ids that escaping multiplies: the summary stays under 1 MiB, with a marker`,
    setup: async (ws) => {
      // Each '@' becomes '&#64;&#8288;' (12 bytes): 200 shown rows alone would pass 1 MiB.
      const artifacts = Array.from({ length: MANY }, (_, index) => ({ id: `${LONG_ID}-${index}`, kind: 'other', path_or_uri: `oci://registry/${'@'.repeat(280)}/${index}`, metadata_json: { sbom_present: true } }));
      await ws.write('maestro.json', JSON.stringify({ run: { name: 'huge', owner: 'o', status: 'succeeded' }, artifacts }));
    },
    inputs: { manifest: 'maestro.json' },
    expect: failed('min_compliant_artifacts', `${LONG_ID}-0`, ['No artifacts meet compliance requirements']),
    check: async (run, ws, expect) => {
      expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
      expect(run.summary).toContain(TRUNCATION_MARKER);
      expect(run.summary).toMatch(/\d[\d,]* more artifact\(s\) not shown/);
      expect(markdownProblems(run.summary, { passed: false })).toEqual([]);
      expect(run.outputs['total-artifacts']).toBe(String(MANY));
      const report = (await readJson(ws.path('maestro-report/compliance-report.json'))) as unknown as ComplianceJson;
      expect(report.artifacts).toHaveLength(MANY);
    },
  },
  {
    row: 24,
    name: `${MANY_PROBLEMS.toLocaleString('en-US')} validation errors: the error summary stays under 1 MiB`,
    setup: async (ws) => {
      await ws.write('maestro.json', JSON.stringify({ run: { name: 'huge', owner: 'o', status: 'succeeded' }, artifacts: Array.from({ length: MANY_PROBLEMS }, (_, index) => ({ id: `${LONG}-${index}`, kind: 'banana', path_or_uri: 'oci://r/x' })) }));
    },
    inputs: { manifest: 'maestro.json' },
    expect: error('INVALID_VALUE', ['maestro.json', "'banana' is not one of"], { path: 'artifacts[0].kind' }),
    check: (run, _ws, expect) => {
      expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
      expect(run.summary).toContain(`${(MANY_PROBLEMS - 200).toLocaleString('en-US')} more problem(s) not shown`);
    },
  },
  {
    row: 24,
    name: 'no GITHUB_STEP_SUMMARY: a warning; the failing verdict and the JSON reports stand',
    files: inManifest(`${RUN}artifacts: []\n`),
    env: { GITHUB_STEP_SUMMARY: '' },
    expect: failed('has_artifacts', undefined, ['No artifacts found']),
    check: (run, _ws, expect) => expect(run.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.includes('job summary could not be written'))).toBe(true),
  },
  {
    row: 24,
    name: 'a summary file under /proc (unwritable even as root): the failing verdict stands',
    files: inManifest(`${RUN}artifacts: []\n`),
    env: { GITHUB_STEP_SUMMARY: '/proc/version' },
    expect: failed('has_artifacts', undefined, ['No artifacts found']),
    check: (run, _ws, expect) => expect(run.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.includes('job summary could not be written'))).toBe(true),
  },
]);

describe('row 24: a summary fault on a passing manifest leaves the pass standing', () => {
  test.concurrent.for([
    ['unset', ''],
    ['a folder', 'FOLDER'],
    ['under /proc', '/proc/version'],
  ] as const)('summary %s', async ([, where], { expect }) => {
    const ws = await makeWorkspace({ 'dist/app.tgz': ARTIFACT_BYTES, 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) });
    workspaces.push(ws);
    const summaryFile = where === 'FOLDER' ? await ws.sibling('-summary') : where;
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false' }, env: { GITHUB_STEP_SUMMARY: summaryFile } });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', outcome: 'passed' });
    expect(await readJson(ws.path('maestro-report/release-gate.json'))).toMatchObject({ passed: true });
    expect(run.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.includes('job summary could not be written'))).toBe(true);
  });
});

describe('row 24: the pull-request comment', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  /**
   * The first comment vector runs the bundle in a process; the API faults run the same entry in
   * this process (test/helpers/in-process.ts): delivery reads the event and the API address from
   * the environment at the call, so nothing there needs a process of its own.
   */
  async function prRun(ws: Workspace, status?: number, mode: Mode = 'dist') {
    const api = await startFakeGitHubApi();
    servers.push(api);
    if (status !== undefined) api.fault({ method: 'POST', status, body: JSON.stringify({ message: 'Validation Failed' }) });
    const eventPath = `${ws.root}.event.json`;
    await writeFile(eventPath, JSON.stringify({ number: 5, pull_request: { number: 5 } }));
    const options = {
      workspace: ws.root,
      inputs: { 'upload-report': 'false', 'comment-on-pr': 'true' },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: api.url },
    };
    const run = mode === 'dist' ? await runAction(options) : await runActionInProcess(options);
    await rm(eventPath, { force: true });
    return { api, run };
  }

  test.concurrent('a comment that would exceed 65,536 characters is cut with a marker; the failing verdict stands', async ({ expect }) => {
    const artifacts = Array.from({ length: 2_000 }, (_, index) => ({ id: `${'y'.repeat(240)}-${index}`, path: `oci://r/${index}`, hash: null, flags: '{ sbom_present: true }' }));
    const ws = await makeWorkspace({ 'maestro.yml': manifest(artifacts) });
    workspaces.push(ws);
    const { api, run } = await prRun(ws);
    expect(run.code).toBe(1);
    expect(run.outputs.outcome).toBe('failed');
    const [comment] = api.comments('summit/example', 5);
    expect(comment, run.stdout.slice(-2000)).toBeDefined();
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body.includes(COMMENT_TRUNCATION_MARKER) || /more non-compliant artifact\(s\) not shown/.test(comment!.body)).toBe(true);
    expect(markdownProblems(comment!.body, { passed: false })).toEqual([]);
  });

  test.concurrent('an API 422 is a warning; the failing verdict stands, the JSON reports are written', async ({ expect }) => {
    const ws = await makeWorkspace({ 'maestro.yml': `${RUN}artifacts: []\n` });
    workspaces.push(ws);
    const { run } = await prRun(ws, 422, 'in-process');
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', outcome: 'failed', message: 'No artifacts found for this run' });
    expect(run.annotations.some((annotation) => annotation.level === 'warning' && annotation.message.startsWith('comment-on-pr failed'))).toBe(true);
    expect(await readJson(ws.path('maestro-report/release-gate.json'))).toMatchObject({ passed: false });
  });

  test.concurrent('an API 403 on a passing run leaves the pass standing', async ({ expect }) => {
    const ws = await makeWorkspace({ 'maestro.yml': manifest([{ path: 'oci://r/a:1', hash: null }]) });
    workspaces.push(ws);
    const { run } = await prRun(ws, 403, 'in-process');
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('passed');
  });
});

const PASSING = (): Record<string, FileContent> => ({ 'dist/app.tgz': ARTIFACT_BYTES, 'maestro.yml': manifest([{ id: 'app', path: 'dist/app.tgz' }]) });

vectors('row 25 and faults: a broken tool fails closed', [
  {
    row: 25,
    name: 'a TypeError thrown inside the hasher',
    files: PASSING(),
    fault: 'hasher-throw.mjs',
    faultTarget: 'dist/app.tgz',
    internal: true,
    expect: error('INTERNAL_ERROR', ['internal error', 'injected inside the hasher']),
    check: (run, _ws, expect) => expect(run.summary).toContain('could not be evaluated'),
  },
  {
    row: 25,
    name: 'the manifest deleted right after it was opened',
    files: PASSING(),
    fault: 'unlink-after-open.mjs',
    faultTarget: 'maestro.yml',
    expect: error('FILE_CHANGED', ['maestro.yml', 'manifest was removed while it was read'], { file: 'maestro.yml' }),
  },
  {
    row: 25,
    name: 'the manifest replaced right after it was opened',
    files: PASSING(),
    fault: 'replace-after-open.mjs',
    faultTarget: 'maestro.yml',
    expect: error('FILE_CHANGED', ['maestro.yml', 'manifest was replaced while it was read']),
  },
  {
    row: 25,
    name: 'the manifest rewritten while it was read',
    files: PASSING(),
    fault: 'rewrite-while-read.mjs',
    faultTarget: 'maestro.yml',
    expect: error('FILE_CHANGED', ['maestro.yml', 'manifest changed while it was read']),
  },
  {
    row: 25,
    name: 'an artifact deleted between open and read',
    files: PASSING(),
    fault: 'unlink-after-open.mjs',
    faultTarget: 'dist/app.tgz',
    expect: failed('integrity', 'app', ['dist/app.tgz was removed while it was read']),
  },
]);

/** Faults that end the process before any verdict: no outputs beyond `passed` unset or false. */
describe('row 25: watchdog and signals end a stuck run, never with a pass', () => {
  async function stuck(extra: { env?: Record<string, string>; signal?: NodeJS.Signals }) {
    const ws = await makeWorkspace(PASSING());
    workspaces.push(ws);
    const started = Date.now();
    const run = await runAction({
      workspace: ws.root,
      inputs: { 'upload-report': 'false' },
      env: { MAESTRO_FAULT_TARGET: 'dist/app.tgz', ...extra.env },
      nodeArgs: ['--import', path.join(FAULTS, 'hasher-hang.mjs')],
      onStart: extra.signal
        ? (child) => {
            // Signal once the hasher is stuck: the safety nets are installed by then.
            const onData = (chunk: Buffer): void => {
              if (!chunk.toString().includes('maestro-fault: hasher read hangs')) return;
              child.stderr?.off('data', onData);
              child.kill(extra.signal);
            };
            child.stderr?.on('data', onData);
          }
        : undefined,
    });
    return { run, ws, elapsed: Date.now() - started };
  }

  test.concurrent('a read in the hasher that never settles: the watchdog fails the run', async ({ expect }) => {
    const { run, ws, elapsed } = await stuck({ env: { MAESTRO_GATE_TIMEOUT_MS: '1500' } });
    expect(run.code).toBe(1);
    expect(run.outputs.passed).not.toBe('true');
    expect(run.stdout).toMatch(/::error::maestro-gate did not finish within \d+ s; failing closed\./);
    expect(run.summary).toContain('Release gate not evaluated');
    expect(elapsed).toBeLessThan(15_000);
    expect(await readJson(ws.path('maestro-report/release-gate.json'))).toBeUndefined();
  });

  test.concurrent.for(['SIGTERM', 'SIGINT'] as const)('%s while the hasher is stuck', async (signal, { expect }) => {
    const { run, ws } = await stuck({ signal });
    expect(run.code).toBe(signal === 'SIGTERM' ? 143 : 130);
    expect(run.outputs.passed).not.toBe('true');
    expect(run.summary).toContain(`stopped by ${signal}`);
    expect(markdownProblems(run.summary.replace('## ❌ Release gate not evaluated', '## ❌ Release gate could not be evaluated'))).toEqual([]);
    expect(await readJson(ws.path('maestro-report/release-gate.json'))).toBeUndefined();
  });
});

vectors('row 26: the report folder cannot be written', [
  { row: 26, name: 'report-dir below a regular file', files: { ...PASSING(), 'notes.txt': `${SECRET}\n` }, inputs: { 'report-dir': 'notes.txt/report' }, expect: error(null, ['report-dir', 'notes.txt/report', 'is not a folder']) },
  { row: 26, name: 'report-dir outside the workspace (..)', files: PASSING(), inputs: { 'report-dir': '../elsewhere' }, expect: error(null, ['report-dir', 'must be a folder inside the workspace']) },
  { row: 26, name: 'report-dir absolute (/proc/self)', files: PASSING(), inputs: { 'report-dir': '/proc/self/report' }, expect: error(null, ['report-dir', 'must be a folder inside the workspace']) },
  { row: 26, name: 'report-dir is the workspace itself', files: PASSING(), inputs: { 'report-dir': '.' }, expect: error(null, ['report-dir', 'must be a folder inside the workspace']) },
  {
    row: 26,
    name: 'report-dir through a symlinked parent out of the workspace: never followed',
    files: PASSING(),
    setup: async (ws) => {
      const outside = await ws.sibling('-out');
      await ws.symlink('out', outside);
    },
    inputs: { 'report-dir': 'out/report' },
    expect: error(null, ['report-dir', 'symlink']),
    check: async (_run, ws, expect) => expect(await readdir(`${ws.root}-out`)).toEqual([]),
  },
  {
    row: 26,
    name: 'a full disk (ENOSPC on every report write)',
    files: PASSING(),
    fault: 'disk-full.mjs',
    faultTarget: '/maestro-report',
    expect: error(null, ['The report could not be written', 'ENOSPC']),
  },
]);

/** Whether this machine lets us mount a tmpfs (root in a sandbox that allows it): real EROFS and ENOSPC. */
const canMount = ((): boolean => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = path.join(ROOT, 'node_modules', '.maestro-mount-probe');
  try {
    execFileSync('mkdir', ['-p', probe]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('rm', ['-rf', probe]);
  }
})();

describe.skipIf(!canMount)('row 26: a real read-only or full file system under report-dir (tmpfs mounts, as root)', () => {
  const mounted: string[] = [];
  afterAll(() => {
    for (const point of mounted) execFileSync('umount', [point], { stdio: 'ignore' });
  });

  test.for([
    ['read-only', 'ro,size=64k', 'EROFS'],
    ['full', 'size=4k', 'ENOSPC'],
  ] as const)('a %s report folder fails the run', async ([, options, errno], { expect }) => {
    const ws = await makeWorkspace({ ...PASSING(), 'maestro.yml': manifest(Array.from({ length: 40 }, (_, index) => ({ id: `app-${index}`, path: 'dist/app.tgz' }))) });
    workspaces.push(ws);
    await mkdir(ws.path('maestro-report'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', ws.path('maestro-report')]);
    mounted.push(ws.path('maestro-report'));
    const run = await runAction({ workspace: ws.root, inputs: { 'upload-report': 'false' } });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', outcome: 'error' });
    expect(run.outputs.message).toContain('The report could not be written');
    expect(run.outputs.message).toContain(errno);
    expect(run.stdout).not.toMatch(STACK_FRAME);
  });
});

/* ----------------------------------------------------------------- row 27: URIs never fetched */

describe('row 27: URIs are never fetched', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((_request, response) => response.end(ARTIFACT_BYTES));
    server.on('connection', (socket) => {
      connections += 1;
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(connections, 'connections to the local server').toBe(0);
  });

  const uris = (): [string, string][] => [
    ['http', `http://127.0.0.1:${port}/x`],
    ['https', `https://127.0.0.1:${port}/x`],
    ['file', 'file:///etc/passwd'],
    ['data', `data:text/plain,${encodeURIComponent('release bytes')}`],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/iam/security-credentials/'],
  ];

  // The first URI through dist/ as a runner runs it, the others in this process (the same
  // entry and checks, see ./harness.ts): a fetch from either would reach the local server.
  test.concurrent.for(['http', 'https', 'file', 'data', 'cloud metadata'])('a %s URI: unverifiable, which fails when evidence is required', async (scheme, { expect }) => {
    const uri = uris().find(([name]) => name === scheme)![1];
    await runVector(
      {
        row: 27,
        name: scheme,
        files: inManifest(manifest([{ id: 'remote', path: uri }])),
        inputs: { 'require-evidence': 'true' },
        expect: failed('min_compliant_artifacts', 'remote', ['no evidence']),
        untouched: () => ['/etc/passwd'],
        check: async (_run, ws, expect) => {
          const report = (await readJson(ws.path('maestro-report/compliance-report.json'))) as { artifacts: { integrity: { status: string; reason: string } }[] };
          expect(report.artifacts[0]!.integrity).toMatchObject({ status: 'not_verified', reason: expect.stringMatching(/never fetched/) });
        },
      },
      expect,
      scheme === 'http' ? 'dist' : 'in-process',
    );
    expect(connections).toBe(0);
  });

  test.concurrent('an evidence URI is refused before anything runs', async ({ expect }) => {
    await runVector(
      {
        row: 27,
        name: 'evidence http URI',
        files: inManifest(manifest([{ id: 'app', path: 'dist/app.tgz', evidence: { sbom: `http://127.0.0.1:${port}/sbom.json` } }]), { 'dist/app.tgz': ARTIFACT_BYTES }),
        expect: error('UNSAFE_PATH', ['maestro.yml', 'URIs are never fetched'], { path: 'artifacts[0].evidence.sbom' }),
      },
      expect,
      'in-process',
    );
    expect(connections).toBe(0);
  });
});

/* ----------------------------------------------------------------- row 28: malformed inputs */

vectors('row 28: malformed inputs are errors naming the input and its allowed values', [
  ...[
    ['fail-on-gate', '1', 'true, false'],
    ['fail-on-gate', 'no', 'true, false'],
    ['comment-on-pr', 'Yes', 'true, false'],
    ['require-evidence', 'y', 'true, false'],
    ['upload-report', 'off', 'true, false'],
    ['run-status', 'Succeeded', 'pending, running, succeeded'],
    ['run-status', 'succeeded\nfailure', 'pending, running, succeeded'],
    ['run-status', 'ok', 'success, failure, skipped'],
  ].map(([input, value, allowed]): Vector => ({
    row: 28,
    name: `${input}: ${JSON.stringify(value)}`,
    files: PASSING(),
    inputs: { [input!]: value! },
    expect: error('INVALID_INPUT', [`${input}: '`, allowed!]),
  })),
  ...['abc', '0', '-1', '1e9'].map((value): Vector => ({
    row: 28,
    name: `MAESTRO_GATE_MAX_MANIFEST_BYTES=${value}`,
    files: PASSING(),
    env: { MAESTRO_GATE_MAX_MANIFEST_BYTES: value },
    expect: error('INVALID_INPUT', ['MAESTRO_GATE_MAX_MANIFEST_BYTES', 'not a positive whole number']),
  })),
]);

test('at least 60 must-fail vectors run through dist/, covering every row of HOSTILE.md', () => {
  // Written out above rather than with vectors(): the comment over 65,536 characters and the API
  // 422 (row 24), the watchdog and two signals (25), five URIs and an evidence URI (27), and the
  // two tmpfs mounts (26) where this machine allows them.
  const handWritten = { 24: 2, 25: 3, 27: 6, 26: canMount ? 2 : 0 };
  const total = registered.length + Object.values(handWritten).reduce((sum, count) => sum + count, 0);
  expect(total).toBeGreaterThanOrEqual(60);
  const rows = new Set([...registered.map((vector) => vector.row), ...Object.keys(handWritten).map(Number)]);
  expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 28 }, (_, index) => index + 1));
});

