/**
 * The Action as an importable module, laid out as actions/typescript-action lays it out: importing
 * it starts nothing and installs nothing; `run()` evaluates the gate once, with the process's
 * inputs and environment, and returns with every safety net it installed removed again. The
 * exit code it leaves is 1 unless the run ended in an explicit pass (or an advisory failure).
 * src/index.ts (the bundle's entry) only calls it; @github/local-action and the in-process
 * hostile tests import it.
 */
export { run } from './action/run.js';
