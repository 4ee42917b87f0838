import { headerControl, expect, test } from './helpers';

test('the home page is complete without JavaScript', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VPS andal, siap dalam hitungan menit');
  await expect(page.getByRole('heading', { name: 'Mengapa WeBrana Cloud' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('WeBrana Cloud');
  // Nothing hydrated: this really is the server's HTML.
  await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', 'true');
});

test('switching language without JavaScript posts a form and persists', async ({ page }) => {
  await page.goto('/');
  await headerControl(page, 'lang-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reliable VPS, ready in minutes');
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await headerControl(page, 'lang-id').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
});

test('switching theme without JavaScript posts a form and persists', async ({ page }) => {
  await page.goto('/');
  await headerControl(page, 'theme-dark').click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the 404 page has status 404 without JavaScript too', async ({ page }) => {
  const response = await page.goto('/tidak-ada-di-sini');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Halaman tidak ditemukan');
});
