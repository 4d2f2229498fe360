/** Types for bench/equivalence.mjs, so the equivalence test can import it. */
export interface EquivalenceCase {
  name: string;
  manifest: string;
  whole: boolean;
  /** Tens of seconds to run and compare: the test suite gives it a longer timeout. */
  slow?: boolean;
  files(): Record<string, string>;
}
export interface Captured {
  exitCode: number | null;
  outputs: Record<string, string>;
  reports: Record<string, unknown>;
  summary: string;
}
export const REFERENCE_COMMIT: string;
export const GOLDEN_DIR: string;
export const CASES: readonly EquivalenceCase[];
export function capture(distDir: string, testCase: EquivalenceCase): Captured;
export function readGolden(name: string): Captured & { source: string };
