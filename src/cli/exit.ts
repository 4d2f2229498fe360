/**
 * The CLI's exit codes (SPEC §7), for `check`, `validate`, `serve` and `export` alike: 0 when the
 * command did what it was asked (for `check`, the gate passed or `--no-fail`), 1 when the gate
 * failed (for `serve`, when the service stopped on a failure), 2 for invalid input or usage.
 */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;
