import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * End-to-end: the built app served by the real server (in-process, fresh in-memory database per file),
 * driven by Debian's Chromium. The global setup builds web/dist when it is older than the sources.
 */
export default defineProject({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/global-setup.ts', '../server/src/test/pglite-template.ts'],
    testTimeout: 60_000,
    // Pages wait for the server and the browser; with other projects' tests sharing the CPU that can take seconds.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    // Each file runs a browser and a database; one at a time suits a 2-core machine, and only after the
    // unit tests of every package (group 0) are done, so that timing-sensitive browser tests get the CPU.
    maxWorkers: 1,
    sequence: { groupOrder: 1 },
  },
});
