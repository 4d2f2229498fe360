/**
 * The values a user gives on the outside of the tool, as zod schemas shared by the Action's
 * inputs (`action/inputs.ts`) and the CLI's flags (`cli/args.ts`): the same strings are accepted
 * and a bad one is refused in the same words, whichever shell read it. `name` is how the shell
 * spells the setting (`run-status` for the Action, `--run-status` for the CLI).
 */
import { z } from 'zod';
import { RUN_STATUS_VALUES, toRunStatus } from './run-status.js';
import type { RunStatus } from './schema.js';

// The YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them.
const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];

export const booleanValue = (name: string) =>
  z.string().transform((value, context) => {
    if (TRUE_WORDS.includes(value)) return true;
    if (FALSE_WORDS.includes(value)) return false;
    context.addIssue({ code: 'custom', message: `${name}: '${value}' is not one of true, false` });
    return z.NEVER;
  });

/** A run status or a job result (`success`, `failure`, …), as the run status it stands for. */
export const runStatusValue = (name: string) =>
  z.string().transform((value, context): RunStatus => {
    const mapped = toRunStatus(value);
    if (mapped) return mapped;
    context.addIssue({ code: 'custom', message: `${name}: '${value}' is not one of ${RUN_STATUS_VALUES.join(', ')}` });
    return z.NEVER;
  });

export const nonEmptyValue = (name: string) => z.string().refine((value) => value.length > 0, `${name} must not be empty`);

/** Digits only (no sign, exponent, hex or spaces, which `Number()` would take), within bounds. */
export const wholeNumberValue = (name: string, min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z.string().transform((value, context) => {
    const number = Number(value);
    if (/^\d+$/.test(value) && number >= min && number <= max) return number;
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number from ${min} up` : `a whole number from ${min} to ${max}`;
    context.addIssue({ code: 'custom', message: `${name}: '${value}' is not ${range}` });
    return z.NEVER;
  });

/** Every issue of a failed parse, in one line, as a shell shows it. */
export function issueMessages(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('; ');
}
