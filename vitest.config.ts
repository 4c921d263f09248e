import { defineConfig } from 'vitest/config';

// One run, a project per package. Each server test file builds its own database, so files run in parallel.
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'web', 'web/vitest.e2e.config.ts'],
  },
});
