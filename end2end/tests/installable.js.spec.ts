import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSeriousFindings } from './accessibility';
import { expect, test } from './helpers';

// The portal installs like an app: a manifest with icons, a service worker that keeps the
// built assets and shows an offline page when the network is gone, and Chromium's own
// installability check has nothing to say. A persistent profile, because Chromium never
// offers to install from an incognito-like context (which every other test uses).
test('the portal is installable and has an offline page', async ({ request }, testInfo) => {
  const manifestAnswer = await request.get('/manifest.webmanifest');
  expect(manifestAnswer.headers()['content-type']).toBe('application/manifest+json');
  const manifest = await manifestAnswer.json();
  expect(manifest).toMatchObject({ name: 'WeBrana Cloud', start_url: '/dashboard', display: 'standalone', lang: 'id' });
  expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  for (const icon of manifest.icons) {
    const answer = await request.get(icon.src);
    expect(answer.ok(), icon.src).toBe(true);
    expect(answer.headers()['content-type']).toBe(icon.type);
  }

  const profile = mkdtempSync(join(tmpdir(), 'webrana-installable-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL: testInfo.project.use.baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    // Once the worker controls the page, the built assets it loads are kept. The worker
    // stores a response after handing it to the page, so the large WASM file may land in
    // the cache a moment after the page has loaded: wait for it rather than read once.
    await page.reload();
    const kept = () =>
      page.evaluate(async () => {
        const name = (await caches.keys()).find((key) => key.startsWith('webrana-'));
        const cache = await caches.open(name!);
        return (await cache.keys()).map((request) => new URL(request.url).pathname);
      });
    expect(await kept()).toContain('/offline.html');
    await expect
      .poll(async () => (await kept()).some((path) => /^\/pkg\/[0-9a-f]{16}\/webrana\.wasm$/.test(path)), { timeout: 10_000 })
      .toBe(true);

    // No network: a page the worker cannot fetch is the offline page, in Indonesian first.
    await context.setOffline(true);
    await page.goto('/plans');
    await expect(page.getByTestId('offline')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anda sedang offline');
    await expectNoSeriousFindings(page, 'the offline page');
    await context.setOffline(false);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Anda sedang offline');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
