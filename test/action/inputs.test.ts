import { describe, expect, test } from 'vitest';
import { getInputs } from '../../src/action/inputs.js';
import { InputError } from '../../src/errors.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('getInputs', () => {
  test('action.yml defaults when nothing is given', () => {
    expect(getInputs(reader({}))).toEqual({
      manifest: ['maestro.yml'],
      failOnGate: true,
      reportDir: 'maestro-report',
      uploadReport: true,
      reportArtifactName: 'maestro-compliance-report',
      commentOnPr: false,
      attestations: false,
    });
  });

  test('manifest: one path or glob per line; blank lines and comments dropped', () => {
    expect(getInputs(reader({ manifest: ' a/maestro.yml \n\n# old\nservices/*/maestro.yml\r\n!services/legacy/**' })).manifest).toEqual([
      'a/maestro.yml',
      'services/*/maestro.yml',
      '!services/legacy/**',
    ]);
  });

  test.each([
    ['success', 'succeeded'],
    ['failure', 'failed'],
    ['cancelled', 'cancelled'],
    ['skipped', 'cancelled'],
    ['pending', 'pending'],
    ['running', 'running'],
    ['succeeded', 'succeeded'],
    ['failed', 'failed'],
  ])('run-status %s → %s', (input, status) => {
    expect(getInputs(reader({ 'run-status': input })).runStatus).toBe(status);
  });

  test.each(['true', 'True', 'TRUE'])('boolean %s is true', (value) => {
    expect(getInputs(reader({ 'require-evidence': value })).requireEvidence).toBe(true);
  });

  test.each([
    [{ 'fail-on-gate': 'maybe' }, "fail-on-gate: 'maybe' is not one of true, false"],
    [{ 'fail-on-gate': 'yes' }, "fail-on-gate: 'yes' is not one of true, false"],
    [{ 'comment-on-pr': '1' }, "comment-on-pr: '1' is not one of true, false"],
    [{ 'run-status': 'done' }, "run-status: 'done' is not one of"],
    [{ 'run-status': 'Success' }, "run-status: 'Success' is not one of"],
  ])('%o is an InputError naming the allowed values', (values, message) => {
    expect(() => getInputs(reader(values))).toThrow(InputError);
    expect(() => getInputs(reader(values))).toThrow(message);
  });

  test('every bad input is reported at once', () => {
    expect(() => getInputs(reader({ 'fail-on-gate': 'x', 'upload-report': 'y' }))).toThrow(/fail-on-gate: 'x'.*; upload-report: 'y'/);
  });
});
