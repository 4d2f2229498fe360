/**
 * The command line, read the way the Action reads its inputs: `node:util` splits argv into
 * tokens, this module refuses what a user most often gets wrong (an unknown option, a missing
 * value) in words that name the option, and the values go through the same zod schemas as the
 * Action's inputs (`model/inputs.ts`), so `--run-status` and `run-status` accept the same words
 * and refuse the rest alike.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { closest } from '../manifest/validate.js';
import { issueMessages, nonEmptyValue, runStatusValue, wholeNumberValue } from '../model/inputs.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandLine {
  values: FlagValues;
  positionals: string[];
}

/**
 * Splits `argv` by `flags`. Every refusal is a UsageError whose message quotes the user's token
 * as given (the shell escapes it for the terminal); a value that looks like an option is refused
 * rather than swallowed (`--report-dir --json`), with the `=` form as the way to mean it.
 */
export function parseCommandLine(argv: readonly string[], flags: Readonly<Record<string, FlagSpec>>): CommandLine {
  const { tokens } = parseArgs({ args: [...argv], options: { ...flags }, strict: false, allowPositionals: true, tokens: true });
  const values: FlagValues = {};
  const positionals: string[] = [];
  const names = Object.keys(flags).map((name) => `--${name}`);
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(flags, token.name) ? flags[token.name] : undefined;
    if (spec === undefined) {
      const near = token.rawName.startsWith('--') ? closest(token.rawName, names) : undefined;
      throw new UsageError(`unknown option '${token.rawName}'${near ? ` (did you mean '${near}'?)` : ''}`);
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option ${token.rawName} takes no value (got '${token.value}')`);
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`option ${token.rawName} needs a value: ${token.rawName} VALUE`);
    if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
      throw new UsageError(`option ${token.rawName} needs a value, and '${token.value}' looks like an option (write ${token.rawName}=${token.value} if it is the value)`);
    }
    if (spec.multiple) values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
    else values[token.name] = token.value;
  }
  return { values, positionals };
}

/** What `check` can print on stdout; the report files are written whatever is printed. */
export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const formatValue = z.string().transform((value, context): OutputFormat => {
  if ((OUTPUT_FORMATS as readonly string[]).includes(value)) return value as OutputFormat;
  context.addIssue({ code: 'custom', message: `--format: '${value}' is not one of ${OUTPUT_FORMATS.join(', ')}` });
  return z.NEVER;
});

/** `check` and `validate`'s flags, as typed values; the spelling of each is its flag's. */
const CheckFlags = z.object({
  runStatus: runStatusValue('--run-status').optional(),
  reportDir: nonEmptyValue('--report-dir').default('maestro-report'),
  maxManifestBytes: wholeNumberValue('--max-manifest-bytes', 1).optional(),
  format: formatValue.optional(),
});
export type CheckFlags = z.infer<typeof CheckFlags> & { format: OutputFormat };

export function checkFlags(values: FlagValues): CheckFlags {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  // One parse per run: zod's eval-built fast path would cost more to build than it saves.
  const parsed = CheckFlags.safeParse(
    {
      runStatus: text('run-status'),
      reportDir: text('report-dir'),
      maxManifestBytes: text('max-manifest-bytes'),
      format: text('format'),
    },
    { jitless: true },
  );
  if (!parsed.success) throw new UsageError(issueMessages(parsed.error));
  const { format } = parsed.data;
  if (values.json === true && format !== undefined && format !== 'json') throw new UsageError(`--json is --format json; it cannot go with --format ${format}`);
  return { ...parsed.data, format: format ?? (values.json === true ? 'json' : 'text') };
}

/** A whole-number flag of `serve` (`--port`, `--max-body`, …), by the shared schema. */
export function wholeNumberFlag(name: string, value: string, min: number, max?: number): number {
  const parsed = wholeNumberValue(name, min, max).safeParse(value);
  if (!parsed.success) throw new UsageError(issueMessages(parsed.error));
  return parsed.data;
}
