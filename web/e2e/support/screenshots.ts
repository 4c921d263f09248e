import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { workspaceDir } from './paths';

/** docs/screenshots when asked for (UPDATE_SCREENSHOTS=1), otherwise the system's temp folder. */
export const shotsDir = process.env.UPDATE_SCREENSHOTS ? join(workspaceDir, 'docs', 'screenshots') : join(tmpdir(), 'rectify-screenshots');

export async function shoot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  mkdirSync(shotsDir, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage, animations: 'disabled' });
}
