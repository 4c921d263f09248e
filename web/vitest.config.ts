import { defineProject, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Unit and component tests beside the code, in a simulated browser; the API client's own test asks for Node.
export default mergeConfig(
  viteConfig,
  defineProject({
    test: {
      name: 'web',
      include: ['src/**/*.test.ts'],
      environment: 'happy-dom',
      setupFiles: ['src/test/setup.ts'],
      // Vitest runs projects with the same worker count side by side; the server's is 2.
      maxWorkers: 2,
      restoreMocks: true,
      // The first navigation in a file compiles its lazily loaded page with Element Plus.
      testTimeout: 20_000,
      unstubGlobals: true,
      // Element Plus' per-component style modules import .css, which only Vite (not Node) can load.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
