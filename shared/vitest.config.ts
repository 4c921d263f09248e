import { defineProject } from 'vitest/config';

// Runs beside the server and web projects (same group), which asks for the same number of workers.
export default defineProject({ test: { name: 'shared', include: ['src/**/*.test.ts'], environment: 'node', maxWorkers: 2 } });
