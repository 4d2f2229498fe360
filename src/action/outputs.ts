/** The Action's outputs, as action.yml names them, and the one way to set them. */
import * as runner from './runner.js';
import { escapeLogText } from '../report/escape.js';

export const OUTPUT = {
  passed: 'passed',
  outcome: 'outcome',
  message: 'message',
  runId: 'run-id',
  totalArtifacts: 'total-artifacts',
  compliantArtifacts: 'compliant-artifacts',
  compliantArtifactIds: 'compliant-artifact-ids',
  reportDir: 'report-dir',
  reportPath: 'report-path',
  manifestPath: 'manifest-path',
  sarifPath: 'sarif-path',
  artifactUrl: 'artifact-url',
  artifactId: 'artifact-id',
} as const;

/**
 * Every output is one line (SPEC §6), whatever the manifest holds: a later step that prints it
 * must not meet a line that starts a workflow command or forges another run's verdict. JSON
 * values stay valid JSON with the same meaning (the escapes are JSON's own).
 */
export function setOneLineOutput(name: string, value: string): void {
  runner.setOutput(name, escapeLogText(value, { maxLength: Number.MAX_SAFE_INTEGER }));
}
