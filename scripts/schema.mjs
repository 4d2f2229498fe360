// Writes schema/maestro.schema.json from the zod schema, through the bundled CLI (the same code
// users run), and schema/maestro-policy.schema.json from the policy file's zod schema. `--check`
// fails when a committed file is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createViteServer } from 'vitest/node';

/**
 * The CLI has no command for the policy schema yet, so its generator is loaded from the source
 * through Vite (what vitest runs the tests with; no build step, no extra dependency).
 */
async function policySchema() {
  const server = await createViteServer({
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const module = await server.ssrLoadModule('/src/policy/json-schema.ts');
    return module.renderPolicyJsonSchema();
  } finally {
    await server.close();
  }
}

const targets = [
  ['schema/maestro.schema.json', `${execFileSync(process.execPath, ['bin/maestro-gate.js', 'schema'], { encoding: 'utf8' }).trimEnd()}\n`],
  ['schema/maestro-policy.schema.json', await policySchema()],
];
let stale = false;
for (const [target, fresh] of targets) {
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // A missing file is stale too.
    }
    if (committed !== fresh) {
      console.error(`${target} is stale: run 'npm run schema' and commit it.`);
      stale = true;
    }
  } else {
    writeFileSync(target, fresh);
    console.log(`${target} written.`);
  }
}
if (stale) process.exit(1);
