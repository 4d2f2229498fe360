/**
 * Manifests of many artifacts are read by zod's compiled parser (`z.compile` of the same schema),
 * small ones by the runtime parser without zod's eval-built fast path. Each must decide exactly as
 * the runtime parser with that fast path does: valid manifests give the same data (key order
 * and shared default records included), invalid ones the same issues. Checked on generated
 * manifests, valid and broken, and on every manifest file of the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, test, vi } from 'vitest';
import { parseManifestText } from '../../src/manifest/parse.js';
import { COMPILED_FROM_ARTIFACTS, FAST_PATH_FROM_ARTIFACTS, manifestSchemaFor, prepareValidation, validateManifest } from '../../src/manifest/validate.js';
import { Manifest } from '../../src/model/schema.js';
import { assertProperty, cases, seedFor } from '../property/fc-run.js';
import { manifestArbitrary } from '../property/model.js';
import { applyMutation, hostileValue, mutation, type Json } from '../property/mutate.js';

vi.setConfig({ testTimeout: 120_000 });

const seed = seedFor(import.meta.url);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LARGE = { artifacts: Array.from({ length: COMPILED_FROM_ARTIFACTS }) };
// Before it is prepared, a large manifest is read by the runtime parser: slower, the same answers.
const unprepared = manifestSchemaFor(LARGE);
await prepareValidation(LARGE);
const compiled = manifestSchemaFor(LARGE);

/**
 * The three ways a manifest is read, on `data` (each on its own copy: a parser must not see
 * another's output): the runtime parser with zod's eval-built fast path, without it (manifests of
 * fewer than FAST_PATH_FROM_ARTIFACTS artifacts), and the compiled parser.
 */
function allAgree(data: unknown): void {
  const runtime = Manifest.safeParse(structuredClone(data), { reportInput: true });
  for (const other of [compiled.safeParse(structuredClone(data), { reportInput: true }), Manifest.safeParse(structuredClone(data), { reportInput: true, jitless: true })]) {
    expect(other.success).toBe(runtime.success);
    if (runtime.success && other.success) {
      expect(other.data).toStrictEqual(runtime.data);
      // Key order reaches every report, and toStrictEqual ignores it.
      expect(JSON.stringify(other.data)).toBe(JSON.stringify(runtime.data));
    } else {
      // As JSON: toStrictEqual compares `constructor` members, and an input may have its own.
      expect(JSON.stringify(other.error!.issues)).toBe(JSON.stringify(runtime.error!.issues));
      expect(other.error!.issues).toEqual(runtime.error!.issues);
    }
  }
}

const HASHES = [`sha256:${'A'.repeat(64)}`, `sha256:${'0f'.repeat(32)}`, `sha512:${'e'.repeat(128)}`, `sha256:${'a'.repeat(63)}`, 'md5:abc', `SHA256:${'a'.repeat(64)}`, ` sha256:${'a'.repeat(64)}`];
const TIMES = ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00+02:00', '2024-05-01T12:00:00', '2024-05-01', '2024-13-01T00:00:00Z', 'yesterday'];

/** The generated manifests, with the artifact fields model.ts leaves out, valid or not. */
const decorated = fc
  .tuple(
    manifestArbitrary({ waivers: true, maxArtifacts: 4 }),
    fc.array(
      fc.record(
        {
          content_hash: fc.constantFrom(...HASHES),
          created_at: fc.constantFrom(...TIMES),
          run_id: fc.constantFrom('run-1', ''),
          additional_metadata: fc.dictionary(fc.constantFrom('team', 'ticket', 'x'), hostileValue, { maxKeys: 2 }),
          evidence: fc.record({ sbom: fc.constantFrom('evidence/sbom.json', '  ', '../x'), risk_assessment: fc.constantFrom('evidence/risk.json', '') }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 4 },
    ),
    fc.option(fc.record({ summary: fc.constantFrom('Release', ' '), artifact_ids: fc.array(fc.constantFrom('a0', 'a1', 'nope'), { maxLength: 2 }) }, { requiredKeys: ['summary'] }), { nil: undefined }),
  )
  .map(([manifest, extras, pack]) => {
    const data = structuredClone(manifest) as Record<string, unknown>;
    const artifacts = (data.artifacts as Record<string, unknown>[] | undefined) ?? [];
    artifacts.forEach((artifact, index) => {
      const { additional_metadata: extra, ...fields } = extras[index] ?? {};
      Object.assign(artifact, fields);
      if (extra !== undefined) artifact.metadata_json = { ...((artifact.metadata_json as object | undefined) ?? {}), additional_metadata: extra };
    });
    if (pack !== undefined) data.disclosure_pack = pack;
    return data as Json;
  });

describe('the compiled manifest parser', () => {
  test('is a compiled parser: zod compiles every part of the schema', () => {
    // A schema zod cannot compile would come back unchanged, and only `strict` says so.
    expect(() => z.compile(Manifest, { strict: true })).not.toThrow();
    expect(compiled).not.toBe(Manifest);
    expect(unprepared).toBe(Manifest);
  });

  test(`reads manifests of ${COMPILED_FROM_ARTIFACTS} artifacts or more, and only those`, async () => {
    expect(manifestSchemaFor({ artifacts: Array.from({ length: COMPILED_FROM_ARTIFACTS - 1 }) })).toBe(Manifest);
    expect(manifestSchemaFor({ artifacts: Array.from({ length: COMPILED_FROM_ARTIFACTS }) })).toBe(compiled);
    // Nothing to load for a small one.
    await expect(prepareValidation({ artifacts: [] })).resolves.toBeUndefined();
    for (const data of [null, 'artifacts', [], { artifacts: 'many' }, { artifacts: { length: 1e6 } }]) expect(manifestSchemaFor(data)).toBe(Manifest);
  });

  test('agrees with the runtime parser on valid and generated manifests', () => {
    assertProperty(
      fc.property(decorated, (data) => allAgree(data)),
      { name: 'compiled-schema-valid', seed, numRuns: cases(1_500) },
    );
  });

  test('agrees with the runtime parser on broken manifests', () => {
    assertProperty(
      fc.property(decorated, fc.array(mutation, { minLength: 1, maxLength: 3 }), (manifest, changes) => {
        let data = structuredClone(manifest);
        for (const change of changes) data = applyMutation(data, change);
        allAgree(data);
      }),
      { name: 'compiled-schema-broken', seed: seed + 1, numRuns: cases(3_000) },
    );
  });

  test('agrees on every YAML and JSON file of the repository (manifests and not)', async () => {
    const files = ['examples', 'test/fixtures'].flatMap((folder) =>
      readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.(ya?ml|json)$/.test(name))
        .map((name) => path.join(ROOT, folder, name))
        // The 10k and 100k equivalence manifests go through the bundle in bench/equivalence.mjs.
        .filter((file) => statSync(file).size < 1_000_000),
    );
    let read = 0;
    for (const file of files) {
      const parsed = await parseManifestText(file, readFileSync(file, 'utf8'));
      if (Array.isArray(parsed)) continue;
      allAgree(parsed.data);
      read += 1;
    }
    expect(read).toBeGreaterThan(60);
  });

  test('keeps the shared default records: artifacts without additional metadata share one empty map', () => {
    const data = { run: { name: 'r', owner: 'o' }, artifacts: [{ kind: 'sbom', path_or_uri: 'oci://a' }, { kind: 'sbom', path_or_uri: 'oci://b' }] };
    const runtime = Manifest.parse(structuredClone(data));
    const fast = compiled.parse(structuredClone(data));
    expect(fast.artifacts[0]!.metadata_json.additional_metadata).toBe(runtime.artifacts[0]!.metadata_json.additional_metadata);
    expect(fast.artifacts[1]!.metadata_json.additional_metadata).toBe(fast.artifacts[0]!.metadata_json.additional_metadata);
  });

  test(`a manifest of ${COMPILED_FROM_ARTIFACTS} artifacts with one bad field: the same located issue as a small one`, async () => {
    const artifact = (index: number): string => `{"id":"a${index}","kind":"sbom","path_or_uri":"oci://r/a:${index}"}`;
    const text = (count: number, bad: number): string =>
      `{"run":{"name":"r","owner":"o","status":"succeeded"},"artifacts":[\n${Array.from({ length: count }, (_, index) => (index === bad ? artifact(index).replace('"sbom"', '"sbomm"') : artifact(index))).join(',\n')}\n]}`;
    const issuesOf = async (count: number): Promise<unknown> => {
      const parsed = await parseManifestText('maestro.json', text(count, 1));
      if (Array.isArray(parsed)) throw new Error('did not parse');
      return validateManifest('maestro.json', parsed);
    };
    const large = await issuesOf(COMPILED_FROM_ARTIFACTS);
    expect(large).toStrictEqual(await issuesOf(3));
    // Either side of the size from which zod's eval-built fast path is used.
    expect(await issuesOf(FAST_PATH_FROM_ARTIFACTS - 1)).toStrictEqual(large);
    expect(await issuesOf(FAST_PATH_FROM_ARTIFACTS)).toStrictEqual(large);
    expect(large).toMatchObject([{ line: 3, path: 'artifacts[1].kind' }]);
  });
});
