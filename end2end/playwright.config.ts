import { defineConfig } from '@playwright/test';

// The server is started by scripts/test.sh (or by you) before Playwright runs.
const baseURL = process.env.WEBRANA_E2E_URL ?? 'http://127.0.0.1:3000';

// Debian's Chromium; Playwright's own browser download cannot work offline. The
// background-networking flags keep Chromium from dialling out on a closed network.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  outputDir: './test-results',
  use: { baseURL, launchOptions, trace: 'retain-on-failure' },
  projects: [
    // Every page must be usable without JavaScript; these tests run with it switched off.
    { name: 'no-js', testMatch: /.*\.nojs\.spec\.ts/, use: { javaScriptEnabled: false } },
    { name: 'js', testMatch: /.*\.js\.spec\.ts/, use: { javaScriptEnabled: true } },
    // Tests that change what every other test relies on (e.g. plant a fault in the simulated
    // cloud) run alone, once the others are done.
    {
      name: 'exclusive',
      testMatch: /.*\.exclusive\.spec\.ts/,
      use: { javaScriptEnabled: true },
      dependencies: ['no-js', 'js'],
    },
  ],
});
