/**
 * Local runners pass action.yml's defaults as written (`${{ github.token }}`): an input that is
 * still an expression counts as not given, with a note, where dropping it cannot loosen the
 * verdict, and is refused where it decides what is judged or by which rules.
 */
import { describe, expect, test } from 'vitest';
import { getInputs } from '../../src/action/inputs.js';
import { InputError } from '../../src/errors.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('an input that is still a ${{ … }} expression', () => {
  test.each([
    ['github-token', '${{ github.token }}', 'githubToken', undefined],
    ['comment-on-pr', '${{ inputs.comment }}', 'commentOnPr', false],
    ['fail-on-gate', '${{ vars.ADVISORY }}', 'failOnGate', true],
    ['report-dir', ' ${{ runner.temp }} ', 'reportDir', 'maestro-report'],
  ])('%s %s counts as not given, and the note names it', (name, value, key, expected) => {
    const notes: string[] = [];
    const inputs = getInputs(reader({ [name]: value }), (note) => notes.push(note));
    expect((inputs as Record<string, unknown>)[key]).toBe(expected);
    expect(notes).toEqual([`${name}: '${value.trim()}' is an expression the runner did not evaluate (a local runner passes action.yml's defaults as written); treated as not given`]);
  });

  test.each([
    ['manifest', 'release/maestro.yml\n${{ matrix.manifest }}'],
    ['run-status', '${{ job.status }}'],
    ['require-evidence', '${{ vars.STRICT }}'],
    ['policy', '${{ vars.POLICY }}'],
    ['policy-ref', '${{ github.base_ref }}'],
    ['policy-repository', '${{ vars.POLICY_REPO }}'],
  ])('%s is refused: dropping it could change what is judged', (name, value) => {
    const notes: string[] = [];
    expect(() => getInputs(reader({ [name]: value }), (note) => notes.push(note))).toThrow(InputError);
    expect(() => getInputs(reader({ [name]: value }))).toThrow(`${name}: '`);
    expect(() => getInputs(reader({ [name]: value }))).toThrow('is an expression the runner did not evaluate; give the value itself');
    expect(notes).toEqual([]);
  });

  test('text around an expression is a value, not an expression', () => {
    expect(getInputs(reader({ 'report-dir': 'out/${{ x }}' })).reportDir).toBe('out/${{ x }}');
  });
});
