import { defineProject } from 'vitest/config';

const faultTier = process.env.FAULT_TESTS === '1';

export default defineProject({
  test: {
    name: 'server',
    // The fault tier restarts PostgreSQL, so it runs on its own and one file at a time.
    include: faultTier ? ['src/**/*.fault.test.ts'] : ['src/**/*.test.ts'],
    exclude: faultTier ? [] : ['src/**/*.fault.test.ts', '**/node_modules/**'],
    environment: 'node',
    globalSetup: ['src/test/pglite-template.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry; two workers suit a 2-core machine.
    maxWorkers: faultTier ? 1 : 2,
    fileParallelism: !faultTier,
  },
});
