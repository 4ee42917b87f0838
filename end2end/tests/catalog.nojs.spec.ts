import { expect, test } from './helpers';

test('the plans page filters through the URL without JavaScript', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('pricing').getByTestId('plan-card')).toHaveCount(4);
  await page.getByRole('link', { name: 'Lihat semua paket' }).click();
  await expect(page).toHaveURL(/\/plans$/);
  const all = await page.getByTestId('plan-card').count();
  expect(all).toBeGreaterThan(10);

  const filters = page.getByTestId('plan-filters');
  await filters.getByLabel('Penyedia').selectOption('linode');
  await filters.getByLabel('Lokasi').selectOption('Jakarta');
  await filters.getByRole('button', { name: 'Terapkan' }).click();
  await expect(page).toHaveURL(/provider=linode/);
  await expect(page).toHaveURL(/location=Jakarta/);
  const cards = page.getByTestId('plan-card');
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) {
    await expect(card).toContainText('Linode');
    await expect(card).toContainText('Jakarta');
  }
  // The link can be shared: opening it again gives the same list.
  const count = await cards.count();
  await page.goto(page.url());
  await expect(page.getByTestId('plan-card')).toHaveCount(count);
  await expect(page.getByTestId('plan-filters').getByLabel('Penyedia')).toHaveValue('linode');
});
