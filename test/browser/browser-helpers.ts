/** Shared setup of the browser tests: Debian's Chromium through playwright-core, screenshots dir. */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** False where Chromium is not installed: the browser suites skip. */
export const hasChromium = existsSync(CHROMIUM);

/** Launch headless Chromium with no background network traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** docs/screenshots, created on demand. */
export function screenshotsDir(): string {
  const dir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}
