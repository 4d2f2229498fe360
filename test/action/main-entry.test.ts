/**
 * src/main.ts is importable by a host (@github/local-action, the in-process hostile tests):
 * importing it installs nothing, and `run()` removes every handler it installed once it returns,
 * whatever the outcome, leaving the exit code it decided (1 unless the gate passed).
 */
import { describe, expect, test, vi } from 'vitest';
import { runActionInProcess } from '../helpers/in-process.js';
import { makeWorkspace } from '../helpers/workspace.js';

const EVENTS = ['SIGTERM', 'SIGINT', 'unhandledRejection', 'uncaughtException', 'beforeExit'] as const;
const listeners = (): Record<string, number> => Object.fromEntries(EVENTS.map((event) => [event, process.listenerCount(event)]));

describe('src/main.ts as a module', () => {
  test('importing it installs no handler', async () => {
    // A fresh module graph: the helper above already imported src/main.ts once.
    vi.resetModules();
    const before = listeners();
    const entry = await import('../../src/main.js');
    expect(typeof entry.run).toBe('function');
    expect(listeners()).toEqual(before);
  });

  test.each([
    ['a passing manifest', 'run:\n  name: r\n  owner: o\n  status: succeeded\nartifacts:\n  - kind: other\n    path_or_uri: oci://registry/app:1\n    metadata_json: { sbom_present: true, slsa_provenance_present: true, risk_assessment_present: true }\n', 0, 'passed'],
    ['a failing manifest', 'run:\n  name: r\n  owner: o\n  status: failed\nartifacts: []\n', 1, 'failed'],
    ['an invalid manifest', 'run: [\n', 1, 'error'],
  ])('run() on %s returns with no handler left behind and exit code %i', async (_, manifest, code, outcome) => {
    const ws = await makeWorkspace({ 'maestro.yml': manifest });
    try {
      const before = listeners();
      const run = await runActionInProcess({ workspace: ws.root, inputs: { 'upload-report': 'false' } });
      expect(listeners()).toEqual(before);
      expect(run.code, run.stdout).toBe(code);
      expect(run.outputs.outcome).toBe(outcome);
      expect(run.outputs.passed).toBe(String(code === 0));
    } finally {
      await ws.cleanup();
    }
  });
});
