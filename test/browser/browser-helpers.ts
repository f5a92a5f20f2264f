/** Shared setup of the browser tests: Debian's Chromium through playwright-core, where screenshots go. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** False where Chromium is not installed: the browser suites skip — except under CI, where they fail. */
export const hasChromium = existsSync(CHROMIUM);
/** Run the browser suites: always under CI=true (a missing Chromium then fails them), elsewhere when installed. */
export const runBrowserTests = hasChromium || process.env.CI === 'true';

/** Launch headless Chromium with no background network traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Screenshots refresh the committed ones in docs/screenshots only when asked to. */
export const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

/**
 * Where screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1, otherwise a temporary folder
 * (removed by `dispose`), so an ordinary test run leaves the working tree clean.
 */
export function screenshotsDir(): { dir: string; dispose(): void } {
  if (updateScreenshots) {
    const dir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    return { dir, dispose: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'zx-screenshots-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Type a message into the web chat and wait until the bot's reply to it has arrived and stopped streaming. */
export async function sendAndWait(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot:not(.pending)').count();
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
  await page.locator('.msg.bot:not(.pending)').nth(before).waitFor();
  await page.locator('.msg.pending').waitFor({ state: 'detached' });
}
