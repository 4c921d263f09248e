import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { defaultDataDir, repoRoot } from './paths.js';

describe('where the data lives', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rectify-paths-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const env = { JWT_SECRET: 'x'.repeat(40) };

  it('when DATA_DIR is not set, it is data/ at the repository top, whatever the working directory', () => {
    const cwd = process.cwd();
    try {
      process.chdir(join(repoRoot, 'server'));
      const fromServer = loadConfig(env).dataDir;
      process.chdir(repoRoot);
      expect(loadConfig(env).dataDir).toBe(fromServer);
      expect(fromServer).toBe(defaultDataDir());
    } finally {
      process.chdir(cwd);
    }
    expect(defaultDataDir(root)).toBe(join(root, 'data'));
  });

  it('when an installation kept its data in server/data and there is no data/ at the top, it goes on using it', async () => {
    await mkdir(join(root, 'server', 'data'), { recursive: true });
    expect(defaultDataDir(root)).toBe(join(root, 'server', 'data'));
    await mkdir(join(root, 'data'));
    expect(defaultDataDir(root)).toBe(join(root, 'data'));
  });

  it('when DATA_DIR is given as a relative path, it is taken from the working directory', () => {
    expect(loadConfig({ ...env, DATA_DIR: 'somewhere/else' }).dataDir).toBe(resolve('somewhere/else'));
  });
});
