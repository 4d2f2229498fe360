import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ when it was not built from the sources in the tree (see the file).
    globalSetup: ['test/global-setup.ts'],
    // Integration tests spawn `node dist/…`; give a cold 2-core machine room.
    testTimeout: 30_000,
    // vitest's default (cores - 1) is a single worker on the 2-core machines: use both.
    maxWorkers: 2,
    hookTimeout: 30_000,
  },
});
