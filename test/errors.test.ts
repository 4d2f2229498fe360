/** `classifyError`: the one place that says what kind of failure a thrown value is. */
import { parseArgs } from 'node:util';
import { describe, expect, test } from 'vitest';
import { classifyError, InputError, ManifestError, PolicyFileError, PolicyReadCode, PolicyReadError, ReportWriteError, UsageError } from '../src/errors.js';

const issue = { code: 'UNKNOWN_KEY' as const, file: 'maestro.yml', line: 3, column: 5, path: 'run.nmae', message: "unknown key 'nmae'" };

describe('classifyError', () => {
  test.each([
    ['an invalid manifest', new ManifestError([issue]), 'manifest', 'UNKNOWN_KEY'],
    ['an invalid policy file', new PolicyFileError([{ ...issue, file: 'policy.yml' }]), 'policy-file', 'UNKNOWN_KEY'],
    ['an unreadable policy', new PolicyReadError(PolicyReadCode.Forbidden, 'github-token', 'needs contents: read'), 'policy-read', 'POLICY_FORBIDDEN'],
    ['a bad input', new InputError("fail-on-gate: 'maybe' is not one of true, false"), 'input', 'INVALID_INPUT'],
    ['a usage mistake', new UsageError('a command is required'), 'usage', 'INVALID_INPUT'],
    ['a report that cannot be written', new ReportWriteError('ENOSPC'), 'report', 'REPORT_WRITE_FAILED'],
    ['a TypeError of ours', new TypeError('x is undefined'), 'internal', 'INTERNAL_ERROR'],
    ['a thrown string', 'boom', 'internal', 'INTERNAL_ERROR'],
    ['an error that merely calls itself InputError', Object.assign(new Error('forged'), { name: 'InputError', code: 'INVALID_INPUT' }), 'internal', 'INTERNAL_ERROR'],
  ] as const)('%s is %s', (_what, error, kind, code) => {
    expect(classifyError(error)).toMatchObject({ kind, code });
  });

  test('an unknown flag from parseArgs is a usage mistake', () => {
    let thrown: unknown;
    try {
      parseArgs({ args: ['--nope'], options: {}, strict: true });
    } catch (error) {
      thrown = error;
    }
    expect(classifyError(thrown)).toMatchObject({ kind: 'usage', code: 'INVALID_INPUT' });
  });

  test('keeps the located issues and the input to fix', () => {
    expect(classifyError(new ManifestError([issue])).issues).toEqual([issue]);
    expect(classifyError(new PolicyReadError(PolicyReadCode.NotFound, 'policy-ref', 'no such ref')).input).toBe('policy-ref');
  });
});
