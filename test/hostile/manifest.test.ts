/**
 * HOSTILE.md rows 30, 36 (manifest side) and 43, through the bundled Action as a runner runs it
 * (./harness.ts). The unit tests of the same rules are in test/manifest/ (ids, caps, confine,
 * json-locate, json-fast-path).
 *
 * The large manifests of row 36 are generated into each vector's temporary workspace at test
 * time, never committed.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpectStatic } from 'vitest';
import { MAX_YAML_TOKENS } from '../../src/manifest/parse.js';
import { error, expectCheap, failed, FLAGS, inManifest, manifest, RUN, SECRET, vectors, type Vector } from './harness.js';
import type { ActionRun } from '../helpers/runner.js';
import type { Workspace } from '../helpers/workspace.js';

/* ------------------------------------------------------------ row 30: ids that differ by case */

const DIFFERENT_CASE = 'ids must be unique ignoring case';

vectors('row 30: ids that differ only in case', [
  {
    row: 30,
    name: 'web-bundle (no flags) beside WEB-BUNDLE (all three)',
    files: inManifest(manifest([{ id: 'web-bundle', path: 'oci://r/web:1', flags: '{}' }, { id: 'WEB-BUNDLE', path: 'oci://r/web:2' }])),
    expect: error('DUPLICATE_ID', ['maestro.yml', "'WEB-BUNDLE' differs only in case from 'web-bundle'", DIFFERENT_CASE], { file: 'maestro.yml', path: 'artifacts[1].id', line: 12 }),
    check: (run, _ws, expect) => expect(run.outputs['compliant-artifact-ids'] ?? '[]').toBe('[]'),
  },
  {
    row: 30,
    name: 'the compliant one first, the non-compliant one second',
    files: inManifest(manifest([{ id: 'WEB-BUNDLE', path: 'oci://r/web:1' }, { id: 'web-bundle', path: 'oci://r/web:2', flags: '{}' }])),
    expect: error('DUPLICATE_ID', ['maestro.yml', "'web-bundle' differs only in case from 'WEB-BUNDLE'"], { path: 'artifacts[1].id' }),
  },
  {
    row: 30,
    name: 'an explicit ARTIFACT-1 after the default artifact-1',
    files: inManifest(`${RUN}artifacts:\n  - { kind: other, path_or_uri: oci://r/a:1 }\n  - { id: ARTIFACT-1, kind: other, path_or_uri: oci://r/a:2, metadata_json: ${FLAGS} }\n`),
    expect: error('DUPLICATE_ID', ['maestro.yml', "'ARTIFACT-1' differs only in case from the default id 'artifact-1'"], { path: 'artifacts[1].id', line: 7 }),
  },
  {
    row: 30,
    name: 'straße beside STRASSE (folded as JavaScript upper-cases: stricter than the runner)',
    files: inManifest(manifest([{ id: 'straße', path: 'oci://r/a:1', flags: '{}' }, { id: 'STRASSE', path: 'oci://r/a:2' }])),
    expect: error('DUPLICATE_ID', ['maestro.yml', "'STRASSE' differs only in case from 'straße'"]),
  },
  {
    row: 30,
    name: 'the same in a JSON manifest',
    inputs: { manifest: 'maestro.json' },
    files: {
      'maestro.json': JSON.stringify({ run: { name: 'r', owner: 'o', status: 'succeeded' }, artifacts: [{ id: 'web-bundle', kind: 'other', path_or_uri: 'oci://r/a:1' }, { id: 'Web-Bundle', kind: 'other', path_or_uri: 'oci://r/a:2', metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true } }] }, null, 2),
    },
    expect: error('DUPLICATE_ID', ['maestro.json', "'Web-Bundle' differs only in case from 'web-bundle'"], { file: 'maestro.json', path: 'artifacts[1].id', line: 14 }),
  },
  {
    row: 30,
    name: 'a waiver naming WEB-BUNDLE for the non-compliant web-bundle',
    files: inManifest(
      manifest([{ id: 'web-bundle', path: 'oci://r/web:1', flags: '{ slsa_provenance_present: true, risk_assessment_present: true }' }], "policy:\n  waivers:\n    - { artifact_ids: [WEB-BUNDLE], rule: sbom_present, reason: r, owner: o, expires: '2999-01-01' }\n"),
    ),
    expect: error('UNKNOWN_REFERENCE', ['maestro.yml', "'WEB-BUNDLE' is not the id of an artifact of this run; did you mean 'web-bundle'"], { path: 'policy.waivers[0].artifact_ids[0]' }),
  },
  {
    row: 30,
    name: 'a disclosure pack naming an artifact in another case',
    files: inManifest(manifest([{ id: 'web-bundle', path: 'oci://r/web:1' }], 'disclosure_pack: { summary: s, artifact_ids: [Web-Bundle] }\n')),
    expect: error('UNKNOWN_REFERENCE', ['maestro.yml', "did you mean 'web-bundle'"], { path: 'disclosure_pack.artifact_ids[0]' }),
  },
  {
    row: 30,
    name: 'two manifests whose run ids differ only in case (one report folder on a case-insensitive disk)',
    inputs: { manifest: 'a/maestro.yml\nb/maestro.yml' },
    files: { 'a/maestro.yml': 'run: { id: Release-7, name: a, owner: o, status: succeeded }\n', 'b/maestro.yml': 'run: { id: release-7, name: b, owner: o, status: succeeded }\n' },
    expect: error('DUPLICATE_ID', ['b/maestro.yml', "run id 'release-7' differs only in case from run id 'Release-7' of a/maestro.yml"], { file: 'b/maestro.yml', path: 'run.id' }),
  },
]);

/* ------------------------------------------------- row 43: manifests outside the workspace */

/** A manifest outside the workspace that would pass, and carries SECRET, were it ever read. */
async function outsideManifest(ws: Workspace): Promise<string> {
  const outside = await ws.sibling('-outside');
  const text = manifest([{ id: 'outside', path: 'oci://r/outside:1' }]).replace('name: release', `name: ${SECRET}`);
  await writeFile(path.join(outside, 'm.yml'), text);
  return outside;
}
const outsideFile = (ws: Workspace): string[] => [path.join(`${ws.root}-outside`, 'm.yml')];
const unsafe = (names: string[], where: { file?: string } = {}) => error('UNSAFE_PATH', names, where);

vectors('row 43: a manifest path, glob or symlink that leads outside the workspace', [
  ...[
    ['a parent path', (ws: Workspace) => `../${path.basename(ws.root)}-outside/m.yml`, "contains a '..' segment"],
    ['an absolute path', (ws: Workspace) => path.join(`${ws.root}-outside`, 'm.yml'), 'is an absolute path outside the workspace'],
    ['a glob in the parent folder', () => '../*/m.yml', "contains a '..' segment"],
    ['an absolute glob', (ws: Workspace) => `${ws.root}-outside/*.yml`, 'is an absolute path outside the workspace'],
    ['a brace glob that expands to ..', () => '{..,ci}/*/m.yml', "contains a '..'"],
  ].map(([what, input, reason]): Vector => {
    // The input names the workspace, which exists only once the vector runs: setup fills it in
    // (the harness reads `inputs` after setup).
    const inputs: Record<string, string> = {};
    return {
      row: 43,
      name: `${what as string} as the manifest input`,
      inputs,
      setup: async (ws) => {
        await outsideManifest(ws);
        inputs.manifest = (input as (ws: Workspace) => string)(ws);
      },
      expect: unsafe(['manifest input', reason as string]),
      untouched: outsideFile,
      check: (run, _ws, expect) => expect(run.outputs.message).toContain(inputs.manifest),
    };
  }),
  {
    row: 43,
    name: 'a committed maestro.yml symlink to a manifest outside',
    setup: async (ws) => void (await ws.symlink('maestro.yml', path.join(await outsideManifest(ws), 'm.yml'))),
    expect: unsafe(["manifest 'maestro.yml' resolves outside the workspace (through a symlink)"], { file: 'maestro.yml' }),
    untouched: outsideFile,
  },
  {
    row: 43,
    name: 'a relative symlink to a manifest outside',
    setup: async (ws) => void (await ws.symlink('maestro.yml', `../${path.basename(await outsideManifest(ws))}/m.yml`)),
    expect: unsafe(["manifest 'maestro.yml' resolves outside the workspace"], { file: 'maestro.yml' }),
    untouched: outsideFile,
  },
  {
    row: 43,
    name: 'a symlinked parent folder',
    inputs: { manifest: 'ci/m.yml' },
    setup: async (ws) => void (await ws.symlink('ci', await outsideManifest(ws))),
    expect: unsafe(["manifest 'ci/m.yml' resolves outside the workspace"], { file: 'ci/m.yml' }),
    untouched: outsideFile,
  },
  {
    row: 43,
    name: 'a glob beside a symlinked folder: the link is never followed, the real manifests are judged',
    inputs: { manifest: 'services/*/maestro.yml' },
    files: { 'services/api/maestro.yml': manifest([{ id: 'api', path: 'oci://r/api:1', flags: '{}' }]) },
    setup: async (ws) => {
      const outside = await outsideManifest(ws);
      await copyFile(path.join(outside, 'm.yml'), path.join(outside, 'maestro.yml'));
      await ws.symlink('services/evil', outside);
    },
    expect: failed('min_compliant_artifacts', 'api'),
    untouched: (ws) => [path.join(`${ws.root}-outside`, 'maestro.yml')],
  },
]);

/* ----------------------------------------- row 36: manifests under the caps that would exhaust memory */

const MIB = 1024 * 1024;
const GIB_KIB = 1024 * 1024;
const ARTIFACT_FLAGS = { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true };

/**
 * About `bytes` of JSON manifest, one artifact a line, every artifact compliant but `bad`, and a
 * policy that needs them all: the gate fails on min_compliant_artifacts and must put the warning
 * for `bad` on its line (3 + bad), which is what once built a YAML document of the whole text.
 */
function largeJson(bytes: number, bad: number, padding = 0): { text: string; count: number } {
  const lines: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index += 1) {
    const flags = index === bad ? { ...ARTIFACT_FLAGS, sbom_present: false } : ARTIFACT_FLAGS;
    const line = JSON.stringify({ id: `a-${index}`, kind: 'other', path_or_uri: `oci://registry.example.com/team/app-${index}:1.0.${index}`, metadata_json: { ...flags, additional_metadata: { team: 'payments', build: `b-${index}`, ...(padding > 0 ? { notes: 'n'.repeat(padding) } : {}) } } });
    lines.push(line);
    size += line.length + 2;
  }
  const head = `{"run": {"name": "release", "owner": "platform", "status": "succeeded"}, "policy": {"min_compliant_artifacts": ${lines.length}},\n"artifacts": [`;
  return { text: `${head}\n${lines.join(',\n')}\n]}\n`, count: lines.length };
}

/** Ordinary YAML artifact entries (~150 bytes and 25 tokens each) up to `bytes` of text, or `tokens` tokens when below 10 MB. */
function largeYaml(limit: number, extra = ''): string {
  const entries: string[] = [];
  let size = 0;
  const byTokens = limit < 10_000_000;
  for (let index = 0; size < limit; index += 1) {
    const entry = `  - id: a-${index}\n    kind: other\n    path_or_uri: oci://registry.example.com/team/app-${index}:1.0.${index}\n    metadata_json: ${index === 0 ? '{}' : FLAGS}\n`;
    entries.push(entry);
    size += byTokens ? 25 : entry.length;
  }
  return `${RUN}${extra}artifacts:\n${entries.join('')}`;
}

const measured = (stderr: string): { mib: number; ms: number } => {
  const [, rss, ms] = /maestro-measure rss_kib=(\d+) ms=(\d+)/.exec(stderr) ?? [];
  return { mib: Math.round(Number(rss) / 1024), ms: Number(ms) };
};

const BAD = 12_345;
const YAML_TOKENS = 200_000;
const MANY = 24_000;
const MANY_BAD = 23_456;
vectors('row 36: manifests under the caps that would exhaust memory', [
  {
    row: 36,
    name: 'a 60 MiB JSON manifest of 20,000 padded artifacts, one non-compliant: under 1 GiB, the warning at its line',
    inputs: { manifest: 'maestro.json' },
    setup: async (ws) => void (await ws.write('maestro.json', largeJson(60 * MIB, BAD, 3000).text)),
    fault: 'measure.mjs',
    expect: failed('min_compliant_artifacts', `a-${BAD}`),
    check: (run, _ws, expect) => {
      process.stderr.write(`row 36 JSON 60 MiB padded: ${JSON.stringify(measured(run.stderr))}\n`);
      expect(measured(run.stderr).mib * 1024).toBeLessThanOrEqual(GIB_KIB);
      expectWarningAt(run, expect, `a-${BAD}`, 3 + BAD);
    },
  },
  {
    row: 36,
    // 10 MiB: over the 8 MiB YAML cap and under the 64 MiB one, so the YAML cap is what refuses
    // it. The 60 MiB refusal, the largest read, is `npm run bench`'s (memory section: 187 MiB).
    name: 'a 10 MiB YAML manifest: refused before parsing, with the JSON way out',
    setup: async (ws) => void (await ws.write('maestro.yml', largeYaml(10 * MIB))),
    fault: 'measure.mjs',
    expect: error('FILE_TOO_LARGE', ['maestro.yml', 'over the YAML limit of 8388608 bytes', 'write it as JSON', 'MAESTRO_GATE_MAX_MANIFEST_BYTES'], { file: 'maestro.yml' }),
    check: (run, _ws, expect) => expectCheap(run, expect, { mib: 500, ms: 10_000 }),
  },
  {
    row: 36,
    name: 'a 1.4 MiB flow list of zeros (500 bytes of memory per byte): refused by the token bound',
    files: inManifest(`${RUN}  metadata:\n    x: [${'0,'.repeat(700_000)}0]\n`),
    fault: 'measure.mjs',
    expect: error('FILE_TOO_LARGE', ['maestro.yml', 'more than 750000 values and indicators', 'write it as JSON']),
    check: (run, _ws, expect) => expectCheap(run, expect, { mib: 300, ms: 10_000 }),
  },
  /*
   * Under the token bound, a YAML manifest over 1 MiB (so the token count runs) is parsed and
   * judged, in memory per token that keeps the bound itself under 1 GiB: 100 MiB of start-up
   * plus 1.2 KiB a token is 979 MiB at 750,000 tokens (measured: ~0.7 KiB a token above a
   * ~70 MiB start, at 200,000 tokens and at 700,000). 200,000 tokens, not the 700,000 just under
   * the bound, which cost three times the CPU: that full size is `npm run bench`'s (its memory
   * section runs 700,000 tokens of the same entries through the Action and records the peak RSS
   * in BENCHMARKS.md).
   */
  {
    row: 36,
    name: `a YAML manifest of ${YAML_TOKENS.toLocaleString('en-US')} tokens (over 1 MiB, under the token bound): judged, in memory that keeps the bound under 1 GiB`,
    setup: async (ws) => {
      const text = largeYaml(YAML_TOKENS, 'policy: { min_compliant_artifacts: 1000000 }\n');
      if (Buffer.byteLength(text) <= MIB) throw new Error('at most 1 MiB: the token count would not run');
      await ws.write('maestro.yml', text);
    },
    fault: 'measure.mjs',
    expect: failed('min_compliant_artifacts', 'a-0'),
    check: (run, _ws, expect) => {
      process.stderr.write(`row 36 YAML ${YAML_TOKENS} tokens: ${JSON.stringify(measured(run.stderr))}\n`);
      expect(measured(run.stderr).mib * 1024).toBeLessThanOrEqual(100 * 1024 + YAML_TOKENS * 1.2);
      expect(100 * 1024 + MAX_YAML_TOKENS * 1.2).toBeLessThanOrEqual(GIB_KIB);
    },
  },
  /*
   * Many artifacts: the warning at its line is found by the JSON locator (this once built a YAML
   * document of the whole JSON for that one line, and aborted at 240,000 artifacts).
   *
   * 24,000 artifacts (6 MiB), not the 240,000 that fill 60 MiB: the reports of that many cost
   * ~10 s of CPU (580 MB written) and say nothing more about the manifest side. The full size is
   * `npm run bench`'s (its memory section runs a 60 MiB JSON manifest of ~186,000 artifacts, 90%
   * non-compliant, through the Action end to end and records the peak RSS in BENCHMARKS.md); the
   * locator on 100,000 artifacts in one pass is test/manifest/json-locate.test.ts; 60 MiB of JSON
   * with a warning at its line is the padded vector above.
   */
  {
    row: 36,
    name: `a JSON manifest of ${MANY.toLocaleString('en-US')} artifacts, one non-compliant: under 1 GiB, the warning at its line`,
    inputs: { manifest: 'maestro.json' },
    setup: async (ws) => {
      const { text, count } = largeJson(6 * MIB, MANY_BAD);
      if (count < MANY) throw new Error(`only ${count} artifacts`);
      await ws.write('maestro.json', text);
    },
    fault: 'measure.mjs',
    expect: failed('min_compliant_artifacts', `a-${MANY_BAD}`),
    check: (run, _ws, expect) => {
      process.stderr.write(`row 36 JSON 6 MiB, ${MANY} artifacts: ${JSON.stringify(measured(run.stderr))}\n`);
      expect(measured(run.stderr).mib * 1024).toBeLessThanOrEqual(GIB_KIB);
      expectWarningAt(run, expect, `a-${MANY_BAD}`, 3 + MANY_BAD);
    },
  },
]);

function expectWarningAt(run: ActionRun, expect: ExpectStatic, id: string, line: number): void {
  const warning = run.annotations.find((annotation) => annotation.level === 'warning' && (annotation.properties.title ?? '').includes(`artifact ${id} `));
  expect(warning?.properties, `the warning for ${id}`).toMatchObject({ file: expect.stringMatching(/maestro\.json$/), line: String(line), col: '1' });
}
