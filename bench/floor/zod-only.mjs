// The cold-start floor of any program that validates with zod (bench/run.mjs, Cold start): it
// loads zod, builds one small object schema and parses one small object, and does nothing else.
// The bench bundles it with ncc, minified, as dist/ is bundled.
import { z } from 'zod';

const manifest = z.object({
  run: z.object({ id: z.string(), status: z.enum(['succeeded', 'failed']) }),
  artifacts: z.array(z.object({ id: z.string(), sbom_present: z.boolean() })),
});
const parsed = manifest.safeParse({ run: { id: 'floor', status: 'succeeded' }, artifacts: [{ id: 'a', sbom_present: true }] });
if (!parsed.success) process.exitCode = 1;
