/**
 * `Object.prototype` (and Array's, Function's, String's) is unchanged after any input: keys such
 * as `__proto__`, `constructor` and `prototype` anywhere in a manifest (as YAML or JSON text,
 * quoted or not, in free-form maps or as ids), through the loader, the gate and the renderers;
 * and through the schema alone, on data where JSON.parse made `__proto__` an own property. What
 * the schema returns for such data keeps plain prototypes too.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, test, vi } from 'vitest';
import { parseManifestText } from '../../src/manifest/parse.js';
import { validateManifest } from '../../src/manifest/validate.js';
import { Manifest } from '../../src/model/schema.js';
import { assertAsyncProperty, assertProperty, cases, seedFor } from './fc-run.js';
import { gateOfManifest, neutralFacts } from './model.js';
import { prototypeChanges, prototypeSnapshot } from './prototype-guard.js';

// Thousands of cases per test: a loaded 2-core runner needs far more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);

const DANGEROUS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'polluted'];
const key = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DANGEROUS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });

/** JSON-like values whose keys are often dangerous, nested a few levels. */
const { value: dangerous } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 6 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => {
      const object: Record<string, unknown> = {};
      // Own properties, even `__proto__`: what JSON.parse and the YAML parser produce.
      for (const [name, item] of entries) Object.defineProperty(object, name, { value: item, enumerable: true, writable: true, configurable: true });
      return object;
    }),
  ),
}));

/** A valid manifest with dangerous keys and values planted where free-form data is allowed, and as ids. */
const manifest = fc
  .record({
    runMetadata: dangerous,
    additional: dangerous,
    packMetadata: dangerous,
    id: fc.constantFrom(...DANGEROUS),
    top: fc.option(fc.tuple(key, dangerous), { nil: undefined }),
  })
  .map(({ runMetadata, additional, packMetadata, id, top }) => {
    const object: Record<string, unknown> = {
      run: { name: 'r', owner: 'o', status: 'succeeded', metadata: { data: runMetadata }, related_entity_ids: [id] },
      artifacts: [{ id, kind: 'other', path_or_uri: 'oci://r/a:1', metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true, additional_metadata: { data: additional } } }],
      disclosure_pack: { summary: id, artifact_ids: [id], metadata: { data: packMetadata } },
    };
    if (top) Object.defineProperty(object, top[0], { value: top[1], enumerable: true, writable: true, configurable: true });
    return object;
  });

/** Every object in `value` has a plain prototype (Object.prototype or null) or is an array. */
function oddPrototypes(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) return value.flatMap((item, index) => oddPrototypes(item, `${path}[${index}]`));
  const problems = prototype === Object.prototype || prototype === null ? [] : [`${path} has prototype ${JSON.stringify(prototype)?.slice(0, 80)}`];
  for (const [name, item] of Object.entries(value)) problems.push(...oddPrototypes(item, `${path}.${name}`));
  return problems;
}

function guard(run: () => void): void {
  const before = prototypeSnapshot();
  run();
  const changes = prototypeChanges(before);
  if (changes.length > 0) throw new Error(`prototypes changed: ${changes.join('; ')}`);
}

/** The same around the loader, which is async (it loads the YAML parser on first use). */
async function guardAsync(run: () => Promise<void>): Promise<void> {
  const before = prototypeSnapshot();
  await run();
  const changes = prototypeChanges(before);
  if (changes.length > 0) throw new Error(`prototypes changed: ${changes.join('; ')}`);
}

describe('Object.prototype is unchanged after any input', () => {
  test('through the loader and the gate, from YAML or JSON text', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(manifest, fc.constantFrom('json', 'yaml', 'flow'), async (data, format) => {
        await guardAsync(async () => {
          const text = format === 'json' ? JSON.stringify(data) : stringify(data, format === 'flow' ? { collectionStyle: 'flow' } : {});
          const parsed = await parseManifestText('maestro.yml', text);
          if (Array.isArray(parsed)) return;
          const valid = validateManifest('maestro.yml', parsed);
          if (Array.isArray(valid)) return;
          const problems = oddPrototypes(valid.manifest);
          if (problems.length > 0) throw new Error(problems.join('; '));
          gateOfManifest(valid.manifest, neutralFacts);
        });
      }),
      { name: 'prototype-loader', seed, numRuns: cases(4_000) },
    );
  });

  test('through the schema alone, on JSON.parse output (as an API body would arrive)', () => {
    assertProperty(
      fc.property(manifest, (data) => {
        guard(() => {
          const body = JSON.parse(JSON.stringify(data)) as unknown;
          const result = Manifest.safeParse(body);
          if (!result.success) return;
          const problems = oddPrototypes(result.data);
          if (problems.length > 0) throw new Error(problems.join('; '));
          gateOfManifest(result.data, neutralFacts);
        });
      }),
      { name: 'prototype-schema', seed: seed + 1, numRuns: cases(4_000) },
    );
  });
});
