// The Debian Chromium the browser tests use, started headless for a script (icons,
// screenshots). Playwright's own browser download cannot work offline.
import { chromium } from '@playwright/test';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}
