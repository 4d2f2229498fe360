/**
 * The README's "Running the service" section is part of the product: its curl workflow, run as written (only the address
 * changed to the test server's), passes the release gate against `maestro-gate serve`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/runner.js';
import { startTestService, type TestService } from './helpers/service.js';

// The README's "Running the service" section is part of the product: its curl workflow must run as written.
const DOC = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const hasTools = ['curl', 'jq', 'openssl'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

function workflowScript(): string {
  const section = DOC.slice(DOC.indexOf('### The curl workflow'), DOC.indexOf('### From the API to CI'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("README.md's Running the service section has no curl workflow block");
  return block;
}

describe('README.md: Running the service', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
  });

  it('documents the default address the workflow uses', () => {
    expect(workflowScript()).toContain('http://localhost:8001/maestro/runs');
    expect(DOC).toContain('`--port PORT` | `8001`');
  });

  it.skipIf(!hasTools)('runs the curl workflow as written, to a passing release gate', async () => {
    const script = `set -euo pipefail\n${workflowScript().replaceAll('http://localhost:8001', service.url)}`;
    // Asynchronously: the server answering the script runs in this very process.
    const result = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('"message": "Release gate passed: 1 compliant artifact(s) found"');
    expect(result.stdout).toMatch(/"total_artifacts": 1,\s+"compliant_artifacts": 1/);
  });
});
