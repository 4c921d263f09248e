import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const webDir = fileURLToPath(new URL('../..', import.meta.url));
export const workspaceDir = fileURLToPath(new URL('../../..', import.meta.url));
export const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** Debian's Chromium; CHROMIUM_PATH may point elsewhere. Playwright never downloads a browser here. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  return candidates.find((path) => existsSync(path)) ?? null;
}
