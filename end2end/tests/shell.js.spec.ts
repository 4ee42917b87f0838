import { headerControl, waitForHydration, expect, test } from './helpers';

test('the page hydrates and its client-only controls work', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/');
  await waitForHydration(page);
  const button = page.getByTestId('menu-button');
  const menu = page.getByTestId('mobile-menu');
  await expect(menu).toBeHidden();
  await button.click();
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await button.click();
  await expect(menu).toBeHidden();
});

test('the theme switch applies in place and persists across reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForHydration(page);
  // A marker that a full page load would wipe: the switch must not reload the page.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await headerControl(page, 'theme-dark').click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(headerControl(page, 'theme-dark')).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await headerControl(page, 'theme-light').click();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('"follow system" respects the OS colour scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
});

test('the language switch translates in place and persists across reload', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VPS andal, siap dalam hitungan menit');
  await page.evaluate(() => ((window as any).__sameDocument = true));

  await headerControl(page, 'lang-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reliable VPS, ready in minutes');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reliable VPS, ready in minutes');
  await expect(page).toHaveTitle(/VPS for Indonesia/);
});

test('an unknown address shows the 404 page with status 404', async ({ page }) => {
  const response = await page.goto('/tidak-ada-di-sini');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Kembali ke beranda' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('no errors in the browser console while using the shell', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('/');
  await waitForHydration(page);
  await headerControl(page, 'lang-en').click();
  await headerControl(page, 'theme-dark').click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  expect(problems).toEqual([]);
});
