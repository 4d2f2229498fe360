/**
 * The release gate equals the reference model of SPEC §4 (test/property/model.ts) on random
 * valid manifests: same `passed`, same failing rules in the same order, the service's sentences
 * word for word, and the same compliant artifacts. Mostly on the pure pieces (schema, store,
 * gate) with random facts; a smaller property goes through the whole file path (YAML or JSON
 * text in a workspace, `checkManifests`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { checkManifests } from '../../src/core/check.js';
import { buildRunDocuments } from '../../src/report/documents.js';
import { assertAsyncProperty, assertProperty, cases, seedFor } from './fc-run.js';
import { expectAgreement, manifestWithFacts, neutralFacts, NOW, realGate, referenceGate } from './model.js';

// Thousands of cases per test: a loaded 2-core runner needs far more than the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

const seed = seedFor(import.meta.url);

describe('the gate equals the reference model of SPEC §4', () => {
  test('on the pure pieces, with random facts and no waivers', () => {
    assertProperty(
      fc.property(manifestWithFacts(), ({ manifest, facts }) => {
        expectAgreement(realGate(manifest, facts), referenceGate(manifest, facts));
      }),
      { name: 'gate-model', seed, numRuns: cases(6_000) },
    );
  });

  test('artifacts judged on the plain path (no waivers) equal their full judgement, shared records included', () => {
    // An expired waiver changes no verdict, but with one the gate judges every artifact in full.
    const expired = { rule: 'sbom_present', run: true, reason: 'r', owner: 'o', expires: '2024-04-30' };
    assertProperty(
      fc.property(manifestWithFacts(), ({ manifest, facts }) => {
        const plain = realGate(manifest, facts);
        const full = realGate({ ...manifest, policy: { ...(manifest.policy ?? {}), waivers: [expired] } }, facts);
        expect(JSON.stringify(plain.artifacts)).toBe(JSON.stringify(full.artifacts));
        expect(plain.artifacts).toStrictEqual(full.artifacts);
        plain.artifacts.forEach((evaluation, index) => {
          const other = full.artifacts[index]!;
          for (const key of ['flags', 'missing_flags', 'reasons', 'waived'] as const) {
            // What the full judgement shares (frozen), the plain one shares too: the same record.
            if (Object.isFrozen(other[key])) expect(evaluation[key]).toBe(other[key]);
          }
        });
      }),
      { name: 'gate-plain-path', seed: seed + 7, numRuns: cases(3_000) },
    );
  });

  test('with waivers in force, expiring and expired', () => {
    assertProperty(
      fc.property(manifestWithFacts({ waivers: true }), ({ manifest, facts }) => {
        expectAgreement(realGate(manifest, facts), referenceGate(manifest, facts));
      }),
      { name: 'gate-model-waivers', seed, numRuns: cases(6_000) },
    );
  });

  describe('through the whole file path (YAML or JSON text, loader, evidence layer, gate)', () => {
    let workspace = '';
    beforeAll(async () => {
      workspace = await mkdtemp(path.join(tmpdir(), 'maestro-property-'));
    });
    afterAll(async () => {
      await rm(workspace, { recursive: true, force: true });
    });

    test('remote artifacts only: nothing is verified, so the model runs on neutral facts', async () => {
      await assertAsyncProperty(
        fc.asyncProperty(manifestWithFacts({ waivers: true, maxArtifacts: 4 }), fc.constantFrom('yaml', 'json'), async ({ manifest }, format) => {
          const file = format === 'yaml' ? 'maestro.yml' : 'maestro.json';
          await writeFile(path.join(workspace, file), format === 'yaml' ? stringify(manifest) : JSON.stringify(manifest, null, 1));
          const result = await checkManifests({ workspace, patterns: [file], now: NOW, judgedAt: NOW });
          const verdict = result.runs[0]!;
          const model = referenceGate(manifest, neutralFacts(verdict.loaded.artifactIds));
          expectAgreement(verdict.gate, model);
          expect(buildRunDocuments(verdict).releaseGate).toMatchObject({ passed: model.passed, message: verdict.gate.message });
          expect(result.passed).toBe(model.passed);
        }),
        { name: 'gate-model-files', seed, numRuns: cases(400) },
      );
    });
  });
});
