/**
 * How the property files run fast-check: a fixed default seed (so CI is reproducible) that
 * `FC_SEED` overrides, printed once per file; a case count scaled by `FC_RUNS_SCALE` (e.g. 10 for
 * a long local hunt); and, on failure, the counterexample saved as JSON under
 * test/fixtures/property-counterexamples/ before fast-check's report (seed, path, shrunk value)
 * is thrown. Saved counterexamples that JSON can hold are replayed first on every later run, so
 * a bug found once stays a regression test.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const DEFAULT_SEED = 20_240_501;
export const COUNTEREXAMPLES = fileURLToPath(new URL('../fixtures/property-counterexamples/', import.meta.url));

/** The seed for this run; logs it once per file, with how to replay. */
export function seedFor(file: string): number {
  const given = process.env.FC_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${given}'`);
  console.log(`[fast-check] ${path.basename(file)}: seed ${seed} (replay with FC_SEED=${seed}; scale cases with FC_RUNS_SCALE)`);
  return seed;
}

/** `runs` cases, scaled by FC_RUNS_SCALE. */
export function cases(runs: number): number {
  const scale = Number(process.env.FC_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export interface PropertyRun {
  /** File-name-safe name of the property, used for its saved counterexamples. */
  name: string;
  seed: number;
  numRuns: number;
}

type Args = [unknown, ...unknown[]];

/** Runs `property` like `fc.assert`, saving any counterexample before failing. */
export function assertProperty<Ts extends Args>(property: fc.IProperty<Ts>, run: PropertyRun): void {
  fc.assert(property, { numRuns: run.numRuns, seed: run.seed, examples: savedExamples<Ts>(run.name), reporter: (details) => report(details, run) });
}

/** The same for async properties. */
export async function assertAsyncProperty<Ts extends Args>(property: fc.IAsyncProperty<Ts>, run: PropertyRun): Promise<void> {
  await fc.assert(property, {
    numRuns: run.numRuns,
    seed: run.seed,
    examples: savedExamples<Ts>(run.name),
    asyncReporter: async (details) => report(details, run),
  });
}

function report<Ts>(details: fc.RunDetails<Ts>, run: PropertyRun): void {
  if (!details.failed) return;
  const file = saveCounterexample(run.name, details);
  throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\nCounterexample saved to ${file}`);
}

/**
 * Writes what a reader needs to replay a failure: the seed and path (for `FC_SEED` and fast-check's
 * `path`), the counterexample as fast-check prints it, and as JSON when JSON holds it exactly.
 */
export function saveCounterexample<Ts>(name: string, details: fc.RunDetails<Ts>): string {
  mkdirSync(COUNTEREXAMPLES, { recursive: true });
  const file = path.join(COUNTEREXAMPLES, `${name}-seed${details.seed}.json`);
  const args = details.counterexample;
  let json: unknown;
  let replayable = false;
  try {
    json = JSON.parse(JSON.stringify(args));
    replayable = fc.stringify(json) === fc.stringify(args);
  } catch {
    json = null;
  }
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const record = { property: name, seed: details.seed, path: details.counterexamplePath, numRuns: details.numRuns, error: error.slice(0, 4000), counterexample: fc.stringify(args), args: json, replayable };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** Counterexamples saved for `name` that JSON holds exactly, to run before the random cases. */
function savedExamples<Ts>(name: string): Ts[] {
  let files: string[];
  try {
    files = readdirSync(COUNTEREXAMPLES).filter((file) => file.startsWith(`${name}-seed`) && file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const record = JSON.parse(readFileSync(path.join(COUNTEREXAMPLES, file), 'utf8')) as { replayable?: boolean; args?: Ts };
    return record.replayable && Array.isArray(record.args) ? [record.args] : [];
  });
}
